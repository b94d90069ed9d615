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
  });
});
