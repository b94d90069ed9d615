// Each guild's settings, set with /settings by its admins, on a real discord.js client against
// fake-discord with two guilds: what one guild sets stays in that guild.
import { type ErrorContext, MemoryStore } from '@guildkit/core';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { Client } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGuildkit, type GuildkitOptions, guildkitIntents } from '../src/index.ts';

const MANAGE_GUILD = 1n << 5n;
const seed = (name: string): GuildSeed => ({
  name,
  roles: [{ name: 'Admins', permissions: MANAGE_GUILD }, { name: 'Regulars' }],
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'reports', type: 'text' },
    { name: 'Lounge', type: 'voice' },
    { name: 'lfg', type: 'forum' },
    { name: 'Rooms', type: 'category' },
  ],
  members: [
    { username: 'ana', globalName: 'Ana', roles: ['Admins'] },
    { username: 'ben', globalName: 'Ben', roles: ['Regulars'] },
  ],
});

const OPTIONS: Omit<GuildkitOptions, 'store'> = {
  activity: true,
  reports: { schedule: { weekly: '5 0 * * 1' } },
  jobBoard: true,
  activityLog: true,
};

async function setUp(store = new MemoryStore()) {
  const fake = await startFakeDiscord({ guilds: [seed('One'), seed('Two')] });
  onTestFinished(() => fake.close());
  const client = new Client({ intents: guildkitIntents(OPTIONS), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, { ...OPTIONS, store });
  onTestFinished(() => guildkit.close());
  const errors: [unknown, ErrorContext][] = [];
  guildkit.on('error', (error, context) => errors.push([error, context]));
  await client.login(fake.token);
  await guildkit.ready;
  const [one, two] = [fake.guildId('One'), fake.guildId('Two')];
  const settings = (guildId: string, userId: string, options: Record<string, unknown>[], locale = 'en-US') =>
    fake
      .useSlashCommand({
        guildId,
        channelId: fake.channelId(guildId, 'chat'),
        userId,
        name: 'settings',
        options,
        locale,
      })
      .then((answer) => answer.message?.content);
  const sub = (name: string, options: Record<string, unknown>[] = []) => [{ name, type: 1, options }];
  const admin = (guildId: string) => fake.userId(guildId, 'ana');
  return { fake, client, guildkit, store, errors, one, two, settings, sub, admin };
}

describe('/settings', () => {
  it('sets one guild’s settings and leaves the other guild on the defaults', async () => {
    const { fake, guildkit, store, one, two, settings, sub, admin } = await setUp();
    const reports = fake.channelId(one, 'reports');
    expect(
      await settings(
        one,
        admin(one),
        sub('channel', [
          { name: 'setting', type: 3, value: 'reports.channelId' },
          { name: 'channel', type: 7, value: reports },
        ]),
      ),
    ).toBe(`Saved. Report channel: <#${reports}>`);
    expect(
      await settings(one, admin(one), sub('time-zone', [{ name: 'zone', type: 3, value: 'Asia/Seoul' }]), 'ko'),
    ).toBe('저장했어요. 시간대: Asia/Seoul');
    expect(
      await settings(
        two,
        admin(two),
        sub('feature', [
          { name: 'feature', type: 3, value: 'activity' },
          { name: 'enabled', type: 5, value: false },
        ]),
      ),
    ).toBe('Saved. Voice activity: off');

    expect(await store.readGuildSettings(one)).toEqual({ timeZone: 'Asia/Seoul', reports: { channelId: reports } });
    expect(await store.readGuildSettings(two)).toEqual({ activity: { enabled: false } });
    expect(guildkit.settings.of(one)).toMatchObject({ timeZone: 'Asia/Seoul', activity: true });
    expect(guildkit.settings.of(one).reports).toMatchObject({ channelId: reports, schedule: { weekly: '5 0 * * 1' } });
    expect(guildkit.settings.of(two)).toMatchObject({ timeZone: 'UTC', activity: false });
    expect(guildkit.settings.of(two).reports?.channelId).toBeUndefined();

    // Voice time counts in One, not in Two, where it was turned off.
    for (const guildId of [one, two]) {
      await fake.setVoiceState({ guildId, userId: admin(guildId), channelId: fake.channelId(guildId, 'Lounge') });
    }
    await fake.delivered();
    await new Promise((resolve) => setImmediate(resolve));
    expect(guildkit.tracker?.stats().openSessions).toBe(1); // One's; Two's event was not taken
    const activity = (guildId: string) =>
      fake
        .useSlashCommand({
          guildId,
          channelId: fake.channelId(guildId, 'chat'),
          userId: admin(guildId),
          name: 'activity',
        })
        .then((answer) => answer.message?.content);
    expect(await activity(two)).toBe('Voice activity is not tracked on this server.');
    expect(await activity(one)).toMatch(/^\*\*Ana\*\*'s voice activity/);

    // The weekly report goes to One's channel; Two has none.
    expect(await guildkit.scheduler?.post('weekly', one)).toBe(true);
    expect(fake.messages(reports).at(-1)?.embeds).toBeDefined();
    await expect(guildkit.scheduler?.post('weekly', two)).rejects.toThrow(`guild ${two} has no report channel`);

    const shown = await settings(two, admin(two), sub('show'));
    expect(shown).toContain('Voice activity: off\n');
    expect(shown).toContain('Time zone: UTC (default)');
    expect(shown).toContain('Report channel: none (default)');
    expect(shown).toContain('Job board: on (default)\nJob forum: none (default)'); // on, waiting for a forum
    const job = await fake.useSlashCommand({
      guildId: two,
      channelId: fake.channelId(two, 'chat'),
      userId: admin(two),
      name: 'job',
      options: [{ name: 'open', type: 1, options: [{ name: 'title', type: 3, value: 'Raid' }] }],
    });
    expect(job.message?.content).toBe('This server has no job board set up.');

    expect(
      await settings(two, admin(two), sub('reset', [{ name: 'setting', type: 3, value: 'activity.enabled' }])),
    ).toBe('Voice activity is back to the default.');
    expect(await store.readGuildSettings(two)).toEqual({});
    // Turned back on, it takes who is in voice now, as after a reconnect.
    await expect.poll(() => guildkit.tracker?.stats().openSessions).toBe(2);
  });

  it('refuses members without Manage Server, checked by the bot at every use', async () => {
    const { fake, store, one, settings, sub } = await setUp();
    const ben = fake.userId(one, 'ben');
    const change = sub('time-zone', [{ name: 'zone', type: 3, value: 'Europe/Berlin' }]);
    expect(await settings(one, ben, change)).toBe(
      'Only members with the Manage Server permission can use this command.',
    );
    expect(await settings(one, ben, sub('show'), 'ko')).toBe('이 명령은 서버 관리 권한이 있는 멤버만 쓸 수 있어요.');
    expect(await store.readGuildSettings(one)).toEqual({});
  });

  it('refuses channels of the wrong kind or of another guild, and bad values, changing nothing', async () => {
    const { fake, guildkit, store, one, two, settings, sub, admin } = await setUp();
    const channel = (setting: string, channelId: string) =>
      settings(
        one,
        admin(one),
        sub('channel', [
          { name: 'setting', type: 3, value: setting },
          { name: 'channel', type: 7, value: channelId },
        ]),
      );
    expect(await channel('reports.channelId', fake.channelId(one, 'lfg'))).toBe(
      'Nothing was changed:\n• Report channel: needs a text channel.',
    );
    expect(await channel('jobBoard.forumChannelId', fake.channelId(one, 'chat'))).toBe(
      'Nothing was changed:\n• Job forum: needs a forum channel.',
    );
    expect(await channel('jobBoard.categoryId', fake.channelId(one, 'Lounge'))).toBe(
      'Nothing was changed:\n• Job room category: needs a category.',
    );
    // From code, every problem at once, a bad time zone among them.
    await expect(
      guildkit.settings.update(one, {
        set: { timeZone: 'Mars/Olympus', reports: { channelId: fake.channelId(one, 'Lounge') } },
      }),
    ).rejects.toMatchObject({
      problems: [
        { path: 'reports.channelId', reason: 'wrong-type', expected: 'text' },
        { path: 'timeZone', reason: 'invalid' },
      ],
    });
    // A dashboard may name any id: one of another guild is not found here.
    await expect(
      guildkit.settings.update(one, { set: { activityLog: { channelId: fake.channelId(two, 'chat') } } }),
    ).rejects.toMatchObject({
      name: 'GuildSettingsError',
      problems: [{ path: 'activityLog.channelId', reason: 'not-found' }],
    });
    expect(await settings(one, admin(one), sub('time-zone', [{ name: 'zone', type: 3, value: 'Mars/Olympus' }]))).toBe(
      'Nothing was changed:\n• Time zone: not a time zone; give an IANA name such as Europe/Berlin or Asia/Seoul.',
    );
    expect(
      await settings(
        one,
        admin(one),
        sub('schedule', [
          { name: 'report', type: 3, value: 'weekly' },
          { name: 'cron', type: 3, value: 'mondays' },
        ]),
      ),
    ).toBe(
      'Nothing was changed:\n• Weekly report: not a cron pattern; give five fields such as "5 0 * * 1" (Mondays at 00:05), or off.',
    );
    expect(await store.readGuildSettings(one)).toEqual({});

    // The right kinds are taken, the job board following at once.
    expect(await channel('jobBoard.forumChannelId', fake.channelId(one, 'lfg'))).toBe(
      `Saved. Job forum: <#${fake.channelId(one, 'lfg')}>`,
    );
    expect(guildkit.settings.of(one).jobBoard).toEqual({
      forumChannelId: fake.channelId(one, 'lfg'),
      categoryId: null,
      tagIds: [],
    });
    expect(guildkit.settings.of(two).jobBoard).toBeUndefined();
  });
});

describe('guilds joined and left', () => {
  it('starts a guild the bot joins on the defaults, and releases one it leaves', async () => {
    const { fake, guildkit, store, one, settings, sub, admin } = await setUp();
    await guildkit.settings.update(one, { set: { timeZone: 'Asia/Seoul' } });
    const joined = fake.addGuild(seed('Three'));
    await fake.delivered();
    await expect.poll(() => guildkit.settings.of(joined).timeZone).toBe('UTC');
    expect(guildkit.settings.of(joined)).toMatchObject({ activity: true, jobBoard: undefined });
    expect(guildkit.settings.of(joined).reports).toMatchObject({ channelId: undefined, roleId: null });
    const reports = fake.channelId(joined, 'reports');
    expect(
      await settings(
        joined,
        admin(joined),
        sub('channel', [
          { name: 'setting', type: 3, value: 'reports.channelId' },
          { name: 'channel', type: 7, value: reports },
        ]),
      ),
    ).toBe(`Saved. Report channel: <#${reports}>`);

    await fake.setVoiceState({ guildId: joined, userId: admin(joined), channelId: fake.channelId(joined, 'Lounge') });
    await fake.setVoiceState({ guildId: one, userId: admin(one), channelId: fake.channelId(one, 'Lounge') });
    await fake.delivered();
    await new Promise((resolve) => setImmediate(resolve));
    expect(guildkit.tracker?.stats().openSessions).toBe(2);

    fake.removeGuild(joined);
    await fake.delivered();
    await expect.poll(() => guildkit.tracker?.stats().openSessions).toBe(1); // its session closed, One's goes on
    await expect(guildkit.scheduler?.post('weekly', joined)).rejects.toThrow(/has no report channel/);
    // Its settings stay in the store, for when it invites the bot again.
    expect(await store.readGuildSettings(joined)).toEqual({ reports: { channelId: reports } });
    expect(guildkit.settings.of(one).timeZone).toBe('Asia/Seoul');
  });
});
