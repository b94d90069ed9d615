import { MemoryStore, type VoiceChannelRef, type VoiceStateEvent } from '@guildkit/core';
import { voiceEventFixture } from '@guildkit/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { ActivityLog, Translations } from '../src/index.ts';

const lounge: VoiceChannelRef = { id: '1300000000000000001', name: 'Lounge', parentId: null };
const games: VoiceChannelRef = { id: '1300000000000000002', name: 'Games', parentId: null };
const [first, second] = ['1100000000000000001', '1100000000000000002'];
const ana = '1200000000000000001';

const event = (
  guildId: string,
  userId: string,
  channel: VoiceChannelRef | null,
  extra: Partial<VoiceStateEvent> = {},
) => voiceEventFixture(guildId, userId, channel, { at: 1_764_000_000_000, ...extra });

/** An activity log over a store, with no log channel. */
function activityLog(
  store: MemoryStore,
  translations = new Translations(),
  failed: (error: unknown) => void = (error) => {
    throw error;
  },
): ActivityLog {
  const client = { guilds: { cache: new Map() }, channels: { cache: new Map() } };
  return new ActivityLog({
    client: client as never,
    store,
    on: () => true,
    channelOf: () => undefined,
    anyChannel: false,
    localeOf: () => undefined,
    translations,
    retentionDays: 0,
    now: () => 1_764_000_000_000,
    failed,
  });
}

describe('ActivityLog.voice', () => {
  it('logs joins, moves and leaves per guild and member, and nothing for mutes, bots or a snapshot', async () => {
    const store = new MemoryStore();
    const log = activityLog(store);
    log.snapshot([event(second, ana, games)]);
    log.voice(event(first, ana, lounge)); // joins in the first guild; already in Games in the second
    log.voice(event(first, ana, lounge, { selfMute: true })); // a mute: not logged
    log.voice(event(second, ana, games, { selfDeaf: true })); // where the snapshot has them: not logged
    log.voice(event(first, ana, games));
    log.voice(event(second, ana, null));
    log.voice(event(second, ana, null)); // left already: not logged
    log.voice(event(first, '1200000000000000009', lounge, { bot: true }));
    log.voice(event(first, ana, null));
    log.voice(event(first, ana, lounge));
    await log.close();
    const records = (await store.readRecentLogs({ limit: 10 })).reverse();
    expect(records.map(({ message, fields }) => [message, fields])).toEqual([
      [`<@${ana}> joined 🔊Lounge`, { guildId: first, userId: ana, channelId: lounge.id }],
      [`<@${ana}> moved 🔊Lounge → 🔊Games`, { guildId: first, userId: ana, channelId: games.id }],
      [`<@${ana}> left 🔊Games`, { guildId: second, userId: ana, channelId: games.id }],
      [`<@${ana}> left 🔊Games`, { guildId: first, userId: ana, channelId: games.id }],
      [`<@${ana}> joined 🔊Lounge`, { guildId: first, userId: ana, channelId: lounge.id }],
    ]);
    expect(records.every((record) => record.level === 'info' && record.source === 'voice')).toBe(true);
  });

  it('logs a burst once the event loop is no longer saturated, each change at its own time', async () => {
    const store = new MemoryStore();
    const log = activityLog(store);
    const burstAt = 1_764_000_100_000;
    let sent = 0;
    // A burst: joins and leaves, 200 a turn of a loop kept busy for 150 ms, as a gateway backlog does.
    const end = performance.now() + 150;
    await new Promise<void>((resolve) => {
      const turn = () => {
        const until = Math.min(end, performance.now() + 3);
        while (performance.now() < until) {
          // discord.js's own work
        }
        for (let i = 0; i < 200; i += 1, sent += 1)
          log.voice(event(first, ana, sent % 2 === 0 ? lounge : null, { at: burstAt + sent }));
        if (performance.now() < end) setImmediate(turn);
        else resolve();
      };
      setImmediate(turn);
    });
    expect(log.logger.stats().logged).toBe(0); // noted, not yet formatted nor written
    await vi.waitFor(async () => expect(await store.readRecentLogs({ limit: 1_000 })).toHaveLength(1_000));
    await log.flush();
    expect(log.logger.stats().logged).toBe(sent);
    const [newest] = await store.readRecentLogs({ limit: 1 });
    expect(newest).toMatchObject({ at: burstAt + sent - 1, message: `<@${ana}> left 🔊Lounge` });
    // flush() logs what waits at once.
    log.voice(event(first, ana, games, { at: burstAt + sent }));
    await log.flush();
    expect(log.logger.stats().logged).toBe(sent + 1);
    await log.close();
  });

  it('reports a catalogue line that throws, and logs the other changes', async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    const translations = new Translations({
      locales: {
        en: {
          activityLog: {
            joined: (who: string, channel: string) => {
              if (channel === 'Games') throw new Error('no line for Games');
              return `${who} is in ${channel}`;
            },
          },
        },
      },
    });
    const log = activityLog(store, translations, (error) => errors.push(error));
    log.voice(event(first, ana, games));
    log.voice(event(first, '1200000000000000002', lounge));
    await log.flush();
    expect((await store.readRecentLogs()).map((record) => record.message)).toEqual([
      '<@1200000000000000002> is in Lounge',
    ]);
    expect(errors).toEqual([new Error('no line for Games')]);
    await log.close();
  });

  it('formats no faster than its store takes the records', async () => {
    const store = new MemoryStore();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const appendLogs = store.appendLogs.bind(store);
    store.appendLogs = async (records) => {
      await gate;
      return appendLogs(records);
    };
    const log = activityLog(store);
    for (let i = 0; i < 10_000; i += 1)
      log.voice(event(first, `12000000000000${String(i).padStart(5, '0')}`, lounge, { at: 1_764_000_000_000 + i }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Two chunks of 2,000 wait for the store (one of them being written), and the rest stay noted.
    expect(log.logger.stats().logged).toBe(4_000);
    open();
    await log.flush();
    expect(log.logger.stats().logged).toBe(10_000);
    expect(await store.readRecentLogs({ limit: 1 })).toMatchObject([{ at: 1_764_000_009_999 }]);
    await log.close();
  });
});
