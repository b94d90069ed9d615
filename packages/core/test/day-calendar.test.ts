import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayCalendar } from '../src/index.ts';

const at = (iso: string) => Date.parse(iso);

describe('DayCalendar', () => {
  it('knows the local day of a moment', () => {
    const seoul = new DayCalendar('Asia/Seoul');
    expect(seoul.dayOf(at('2026-11-25T14:59:59.999Z'))).toBe('2026-11-25');
    expect(seoul.dayOf(at('2026-11-25T15:00:00.000Z'))).toBe('2026-11-26');
    expect(new DayCalendar('UTC').dayOf(at('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
  });

  it('splits at local midnight, exactly', () => {
    const seoul = new DayCalendar('Asia/Seoul');
    expect(seoul.split(at('2026-11-25T14:30:00Z'), at('2026-11-25T15:30:00Z'))).toEqual([
      { day: '2026-11-25', ms: 1_800_000 },
      { day: '2026-11-26', ms: 1_800_000 },
    ]);
    expect(seoul.split(at('2026-11-25T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toEqual([]);
    const days = seoul.split(at('2026-11-24T15:00:00Z'), at('2026-11-27T15:00:00Z'));
    expect(days).toEqual(['2026-11-25', '2026-11-26', '2026-11-27'].map((day) => ({ day, ms: 86_400_000 })));
  });

  it('has 23- and 25-hour days where the clocks change', () => {
    const newYork = new DayCalendar('America/New_York');
    const spring = newYork.boundsOf(at('2026-03-08T12:00:00Z'));
    expect(spring).toEqual({ day: '2026-03-08', start: at('2026-03-08T05:00:00Z'), end: at('2026-03-09T04:00:00Z') });
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    const autumn = new DayCalendar('Europe/Berlin').boundsOf(at('2026-10-25T12:00:00Z'));
    expect(autumn.end - autumn.start).toBe(25 * 3_600_000);
  });

  it('starts a day at its first moment where midnight does not exist', () => {
    // Santiago moves its clocks forward at local midnight: the day starts at 01:00.
    const santiago = new DayCalendar('America/Santiago');
    const { start } = santiago.boundsOf(at('2026-09-06T12:00:00Z'));
    expect(santiago.dayOf(start)).toBe('2026-09-06');
    expect(santiago.dayOf(start - 1)).toBe('2026-09-05');
  });

  it('keeps every millisecond and puts each piece in its own day (property)', () => {
    const zones = ['Asia/Seoul', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'UTC'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        (zone, start, length) => {
          const calendar = new DayCalendar(zone);
          const pieces = calendar.split(start, start + length);
          expect(pieces.reduce((sum, piece) => sum + piece.ms, 0)).toBe(length);
          let cursor = start;
          for (const piece of pieces) {
            expect(calendar.dayOf(cursor)).toBe(piece.day);
            expect(calendar.dayOf(cursor + piece.ms - 1)).toBe(piece.day);
            cursor += piece.ms;
          }
          expect(new Set(pieces.map((piece) => piece.day)).size).toBe(pieces.length);
        },
      ),
    );
  });

  it('refuses an unknown time zone, naming it', () => {
    expect(() => new DayCalendar('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
  });
});

describe('days', () => {
  it('adds days across months, years and leap days', async () => {
    const { days } = await import('../src/index.ts');
    expect(days.add('2026-11-30', 1)).toBe('2026-12-01');
    expect(days.add('2026-12-31', 1)).toBe('2027-01-01');
    expect(days.add('2028-03-01', -1)).toBe('2028-02-29');
    expect(days.startOfWeek('2026-11-25')).toBe('2026-11-23');
    expect(days.startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(days.startOfWeek('2026-11-22')).toBe('2026-11-16');
    expect(days.startOfWeek('2026-11-25', 0)).toBe('2026-11-22');
    expect(days.startOfMonth('2026-11-25')).toBe('2026-11-01');
    expect(days.addMonths('2026-12-15', 1)).toBe('2027-01-01');
    expect(days.addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => days.weekday(days.add('2026-11-22', i)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('DayCalendar.splitHours', () => {
  const split = (zone: string, from: string, to: string) =>
    new DayCalendar(zone).splitHours(Date.parse(from), Date.parse(to));

  it("splits at the wall clock's hours, across midnight", () => {
    expect(split('Asia/Seoul', '2026-11-25T14:30:00Z', '2026-11-25T15:30:00Z')).toEqual([
      { day: '2026-11-25', hour: 23, ms: 1_800_000 },
      { day: '2026-11-26', hour: 0, ms: 1_800_000 },
    ]);
    expect(split('UTC', '2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z')).toEqual([]);
  });

  it('splits at the hours of zones a quarter or half an hour off UTC', () => {
    expect(split('Asia/Kathmandu', '2026-11-25T00:00:00Z', '2026-11-25T02:00:00Z')).toEqual([
      { day: '2026-11-25', hour: 5, ms: 900_000 },
      { day: '2026-11-25', hour: 6, ms: 3_600_000 },
      { day: '2026-11-25', hour: 7, ms: 2_700_000 },
    ]);
  });

  it('counts an hour the clock shows twice as one, and skips the hour it never shows', () => {
    // New York: 02:00 EDT became 01:00 EST on 2026-11-01, and 02:00 EST became 03:00 EDT on 2026-03-08.
    expect(split('America/New_York', '2026-11-01T04:30:00Z', '2026-11-01T07:30:00Z')).toEqual([
      { day: '2026-11-01', hour: 0, ms: 1_800_000 },
      { day: '2026-11-01', hour: 1, ms: 7_200_000 },
      { day: '2026-11-01', hour: 2, ms: 1_800_000 },
    ]);
    expect(split('America/New_York', '2026-03-08T06:30:00Z', '2026-03-08T08:30:00Z')).toEqual([
      { day: '2026-03-08', hour: 1, ms: 1_800_000 },
      { day: '2026-03-08', hour: 3, ms: 3_600_000 },
      { day: '2026-03-08', hour: 4, ms: 1_800_000 },
    ]);
  });

  it('adds up to the stretch, and to the same days as split()', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        (zone, start, length) => {
          const calendar = new DayCalendar(zone);
          const hours = calendar.splitHours(start, start + length);
          expect(hours.reduce((sum, piece) => sum + piece.ms, 0)).toBe(length);
          for (const piece of hours) expect(piece.hour >= 0 && piece.hour < 24 && piece.ms > 0).toBe(true);
          const byDay = new Map<string, number>();
          for (const piece of hours) byDay.set(piece.day, (byDay.get(piece.day) ?? 0) + piece.ms);
          expect([...byDay].map(([day, ms]) => ({ day, ms }))).toEqual(calendar.split(start, start + length));
        },
      ),
      { numRuns: 200 },
    );
  });
});
