import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IN_SESSION, LAST_AT, NONE, VoiceRoster } from '../src/activity/voice-roster.ts';

const channel = (n: number) => ({
  id: String(1_300_000_000_000_000_000n + BigInt(n)),
  name: `room ${n}`,
  parentId: null,
});
const user = (n: number) => String(1_200_000_000_000_000_000n + BigInt(n));

describe('VoiceRoster', () => {
  it('keeps every member on exactly the list of where they are, through random moves (property)', () => {
    const move = fc.record({ user: fc.integer({ min: 0, max: 30 }), to: fc.integer({ min: -1, max: 4 }) });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 300 }), fc.integer({ min: 1, max: 10 }), (moves, maxDeparted) => {
        const roster = new VoiceRoster(maxDeparted);
        const guild = roster.addGuild('1');
        const where = new Map<number, number>(); // user → channel number, -1 when departed
        const departedOrder: number[] = [];
        for (const { user: n, to } of moves) {
          const slot = guild.members.get(user(n));
          const from = where.get(n);
          if (from === to || (slot === undefined && to === -1)) continue;
          const index = to === -1 ? NONE : roster.useChannel(channel(to));
          const used = slot ?? roster.add(guild, user(n), 0);
          roster.move(used, index, slot !== undefined);
          where.set(n, to);
          const left = departedOrder.indexOf(n);
          if (left !== -1) departedOrder.splice(left, 1);
          if (to === -1) departedOrder.push(n);
          // Past maxDeparted, the member who left longest ago is forgotten.
          while (departedOrder.length > maxDeparted) where.delete(departedOrder.shift() as number);
        }
        for (let to = 0; to <= 4; to += 1) {
          const index = roster.channelIndex(channel(to).id);
          const expected = [...where].filter(([, at]) => at === to).map(([n]) => user(n));
          const listed = index === NONE ? [] : [...roster.inChannel(index)].map((slot) => roster.userIds[slot]);
          expect(listed.sort()).toEqual(expected.sort());
          if (index !== NONE) expect(roster.channel(index).size).toBe(expected.length);
        }
        expect([...guild.members.keys()].sort()).toEqual([...where.keys()].map(user).sort());
        expect([...roster.inVoice(guild)].length).toBe([...where.values()].filter((at) => at !== -1).length);
      }),
    );
  });

  it('grows past its first capacity and reuses the slots of forgotten members', () => {
    const roster = new VoiceRoster(10);
    const guild = roster.addGuild('1');
    const room = roster.useChannel(channel(0));
    for (let n = 0; n < 5_000; n += 1) {
      const slot = roster.add(guild, user(n), n);
      roster.move(slot, room, false);
      roster.openSession(slot, n, n, false);
    }
    expect(roster.openSessions).toBe(5_000);
    expect([...roster.withSessions()]).toHaveLength(5_000);
    const first = guild.members.get(user(0)) as number;
    expect(roster.times[first * 5 + LAST_AT]).toBe(0);
    expect((roster.flags[first] as number) & IN_SESSION).toBe(IN_SESSION);

    for (let n = 0; n < 5_000; n += 1) {
      const slot = guild.members.get(user(n)) as number;
      roster.closeSession(slot);
      roster.move(slot, NONE);
    }
    expect(roster.openSessions).toBe(0);
    expect(guild.members.size).toBe(10); // the last ten to leave
    expect(roster.channelIndex(channel(0).id)).toBe(NONE); // an empty channel is let go
    const reused = roster.add(guild, user(9_999), 1);
    expect(reused).toBeLessThan(5_000);
  });
});
