import {
  ActivityTracker,
  type GuildkitStore,
  ReportGenerator,
  type ReportMember,
  type ReportPeriod,
  type VoiceStateEvent,
} from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { snowflake, voiceEventFixture } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const MINUTE = 60_000;
const ROLE = snowflake('channel', 900); // any snowflake will do as a role id
const ROOM = { id: snowflake('channel', 901), name: 'general', parentId: null };

interface Session {
  readonly userId: string;
  readonly start: number;
  readonly end: number;
}

/** A small random community: twelve members (half with the role) and a bot, and their sessions. */
function community(seed: number, from: number, to: number) {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const members: ReportMember[] = Array.from({ length: 12 }, (_, i) => ({
    id: snowflake('user', 700 + i),
    displayName: ['민지', 'Alex', '지호', 'Sam', '하늘', 'Yuna'][i % 6] + (i >= 6 ? ' 2' : ''),
    roleIds: i % 2 === 0 ? [ROLE] : [],
    bot: false,
  }));
  members.push({ id: snowflake('user', 799), displayName: 'music', roleIds: [ROLE], bot: true });
  const sessions: Session[] = [];
  for (const member of members.slice(0, 10)) {
    // Two members never show up; the others come and go, sessions a few minutes to nine hours long.
    for (let at = from + Math.floor(random() * 2_880) * MINUTE; at < to; ) {
      const end = at + (5 + Math.floor(random() * 540)) * MINUTE;
      sessions.push({ userId: member.id, start: at, end: Math.min(end, to) });
      at = end + (30 + Math.floor(random() * 4_000)) * MINUTE;
    }
  }
  return { members, sessions };
}

/** Each member's minutes in `[startDay, endDay)` of the zone, counted minute by minute: slow, and plainly right. */
function reference(
  sessions: readonly Session[],
  timeZone: string,
  startDay: string,
  endDay: string,
): Map<string, number> {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const totals = new Map<string, number>();
  for (const { userId, start, end } of sessions) {
    for (let minute = start; minute < end; minute += MINUTE) {
      const day = format.format(minute);
      if (day >= startDay && day < endDay) totals.set(userId, (totals.get(userId) ?? 0) + MINUTE);
    }
  }
  return totals;
}

async function record(store: GuildkitStore, guildId: string, timeZone: string, sessions: readonly Session[]) {
  const events: VoiceStateEvent[] = sessions.flatMap(({ userId, start, end }) => [
    voiceEventFixture(guildId, userId, ROOM, { at: start }),
    voiceEventFixture(guildId, userId, null, { at: end }),
  ]);
  const tracker = new ActivityTracker({ store, timeZone, flushIntervalMs: 0, now: () => 0 });
  for (const event of events.sort((a, b) => (a.at as number) - (b.at as number))) tracker.apply(event);
  await tracker.close();
}

/** @internal Reports over each store, every figure against the reference. */
export function reportCases(harness: StoreHarness): void {
  describe('activity reports on this store', () => {
    const cases: [string, string, ReportPeriod, string, 'current' | 'last-complete'][] = [
      // A week that ends on the night New York falls back (1 November 2026), and the month before.
      ['America/New_York', 'weekly across a DST change', 'weekly', '2026-11-01T12:00:00-05:00', 'current'],
      ['America/New_York', 'the last complete month', 'monthly', '2026-11-03T09:00:00-05:00', 'last-complete'],
      ['Asia/Seoul', 'yesterday, across midnight', 'daily', '2026-10-31T00:05:00+09:00', 'last-complete'],
      ['Asia/Seoul', 'a month end', 'monthly', '2026-10-20T12:00:00+09:00', 'current'],
      [
        'Asia/Seoul',
        'a custom range',
        { from: '2026-10-25', to: '2026-11-03' },
        '2026-11-05T12:00:00+09:00',
        'current',
      ],
    ];
    for (const [timeZone, name, period, at, which] of cases) {
      it(`matches the raw sessions in ${timeZone}: ${name}, with a role and without`, async () => {
        const { store } = await openForTest(harness);
        const guildId = snowflake('guild', 900 + cases.findIndex((entry) => entry[1] === name));
        const { members, sessions } = community(
          name.length,
          Date.parse('2026-09-01T00:00:00Z'),
          Date.parse('2026-11-10T00:00:00Z'),
        );
        await record(store, guildId, timeZone, sessions);
        const reports = new ReportGenerator({ read: (query) => store.readActivityTotals(query), timeZone });
        for (const roleId of [null, ROLE]) {
          const report = await reports.generate({ guildId, period, at: Date.parse(at), which, members, roleId });
          const counted = members.filter(
            (member) => !member.bot && (roleId === null || member.roleIds.includes(roleId)),
          );
          const ids = new Set(counted.map((member) => member.id));
          const nameOf = new Map(counted.map((member) => [member.id, member.displayName]));
          const expected = [...reference(sessions, timeZone, report.range.startDay, report.range.endDay)]
            .filter(([id]) => ids.has(id))
            .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
          const before = [
            ...reference(sessions, timeZone, report.previousRange.startDay, report.previousRange.endDay),
          ].filter(([id]) => ids.has(id));
          const total = expected.reduce((sum, [, ms]) => sum + ms, 0);
          const entries = expected.map(([userId, ms]) => ({ userId, displayName: nameOf.get(userId), ms }));
          expect(report).toMatchObject({
            membersCounted: counted.length,
            activeMembers: expected.length,
            activeShare: expected.length / counted.length,
            totalMs: total,
            averageMs: expected.length === 0 ? 0 : total / expected.length,
            top: entries.slice(0, 10),
            leastActive: entries.slice(-5).reverse(),
            active: entries,
            previous: { activeMembers: before.length, totalMs: before.reduce((sum, [, ms]) => sum + ms, 0) },
          });
          const inactive = counted.filter((member) => !expected.some(([id]) => id === member.id));
          expect(report.inactive.map((entry) => entry.userId).sort()).toEqual(
            inactive.map((member) => member.id).sort(),
          );
          expect(expected.length).toBeGreaterThan(0); // the case has something to check
        }
      }, 60_000);
    }
  });
}
