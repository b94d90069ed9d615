// createGuildkit on a real discord.js client against fake-discord: what a bot author gets from the
// one call, and the promises it keeps.
import { setImmediate } from 'node:timers/promises';
import { type ActivityTotalsQuery, type ErrorContext, MemoryStore, type SessionCheckpoint } from '@guildkit/core';
import { snowflake, voiceEventFixture } from '@guildkit/core/testing';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createGuildkit,
  type GuildkitOptions,
  guildkitIntents,
  MissingIntentsError,
  Translations,
} from '../src/index.ts';

const seed: GuildSeed = {
  name: 'Test',
  roles: [{ name: 'Admins', permissions: 1n << 5n }],
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'reports', type: 'text' },
    { name: 'Lounge', type: 'voice' },
    { name: 'lfg', type: 'forum' },
  ],
  members: [
    { username: 'ana', globalName: 'Ana', roles: ['Admins'] },
    { username: 'ben', globalName: 'Ben' },
  ],
};

async function setUp(options: Omit<GuildkitOptions, 'store'>, store = new MemoryStore()) {
  const fake = await startFakeDiscord({ guilds: [seed] });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('Test');
  const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, { ...options, store });
  onTestFinished(() => guildkit.close());
  const errors: [unknown, ErrorContext][] = [];
  guildkit.on('error', (error, context) => errors.push([error, context]));
  return { fake, client, guildkit, store, guildId, errors, channel: (name: string) => fake.channelId(guildId, name) };
}

describe('createGuildkit', () => {
  it("runs the guide's test: voice time and /activity, answered in the member's language", async () => {
    const { fake, client, guildkit, guildId, channel } = await setUp({ activity: true });
    await client.login(fake.token);
    await guildkit.ready;
    const ana = fake.userId(guildId, 'ana');
    await fake.setVoiceState({ guildId, userId: ana, channelId: channel('Lounge') });
    expect(guildkit.tracker?.stats().openSessions).toBe(1);
    const use = (locale: string) =>
      fake.useSlashCommand({ guildId, channelId: channel('chat'), userId: ana, name: 'activity', locale });
    expect((await use('en-US')).message?.content).toMatch(/^\*\*Ana\*\*'s voice activity\nToday: 0m/);
    expect((await use('ko')).message?.content).toMatch(/^\*\*Ana\*\*님의 음성 활동\n오늘: 0분/);
    expect((await use('fr')).message?.content).toMatch(/^\*\*Ana\*\*'s voice activity/); // the default, English
  });

  it('answers /activity in time from a slow store: deferred, then the answer once the store has it', async () => {
    class SlowReads extends MemoryStore {
      delayMs = 0;
      override async readActivityTotals(query: ActivityTotalsQuery) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        return super.readActivityTotals(query);
      }
    }
    const store = new SlowReads();
    const { fake, client, guildkit, guildId, channel } = await setUp({ activity: true }, store);
    await client.login(fake.token);
    await guildkit.ready;
    const use = () =>
      fake.useSlashCommand({
        guildId,
        channelId: channel('chat'),
        userId: fake.userId(guildId, 'ben'),
        name: 'activity',
      });
    const quick = await use();
    expect(quick.type).toBe(4); // answered at once, one request, as usual
    store.delayMs = 2_500; // past Discord's 3 s with the answer's own request
    const slow = await use();
    expect(slow.type).toBe(5); // deferred (privately), then edited
    expect(slow.data?.flags).toBe(64);
    expect(slow.message?.content).toMatch(/^\*\*Ben\*\*'s voice activity\nToday: 0m/);
  });

  it('names the intents a feature lacks, at once', () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds] });
    const make = () => createGuildkit(client, { store: new MemoryStore(), activity: true, reports: true });
    expect(make).toThrow(MissingIntentsError);
    expect(make).toThrow(
      'The discord.js client lacks the gateway intents GuildVoiceStates (for activity), GuildMembers (for reports)',
    );
    expect(make).toThrow(/GuildMembers is privileged: also turn it on for the application in the Developer Portal/);
    expect(guildkitIntents({ activity: true, reports: true })).toEqual([
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildVoiceStates,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildMessages, // messages are counted beside voice
    ]);
    expect(guildkitIntents({ activity: { messages: false } })).toEqual([
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildVoiceStates,
    ]);
    // Counting messages is asked for only when set to true; left out, the client's intents decide.
    const voiceOnly = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates] });
    expect(() => createGuildkit(voiceOnly, { store: new MemoryStore(), activity: true })).not.toThrow();
    expect(() => createGuildkit(voiceOnly, { store: new MemoryStore(), activity: { messages: true } })).toThrow(
      /GuildMessages \(for activity.messages\)/,
    );
  });

  it('refuses options that would fail later, saying what to do', () => {
    const client = new Client({ intents: guildkitIntents({ activity: true, jobBoard: {}, reports: true }) });
    const store = new MemoryStore();
    // A schedule without a channel is every guild's default: each sets its own report channel.
    expect(() =>
      createGuildkit(client, { store, activity: true, reports: { schedule: { weekly: 'mondays' } } }),
    ).toThrow(/reports.schedule.weekly must be a cron pattern/);
    expect(() => createGuildkit(client, { store, activity: true, reports: { roleId: '@mods' } })).toThrow(
      'GuildkitOptions.reports.roleId must be the id of a role (a string of digits); received @mods',
    );
    expect(() => createGuildkit(client, { store, jobBoard: { forumChannelId: 'lfg' } })).toThrow(
      'GuildkitOptions.jobBoard.forumChannelId must be the id of a forum channel (a string of digits); received lfg',
    );
    expect(() =>
      createGuildkit(client, { store, activity: true, reports: { channelId: '1', schedule: { weekly: 'mondays' } } }),
    ).toThrow(/reports.schedule.weekly must be a cron pattern such as "5 0 \* \* 1"; received "mondays"/);
    expect(() => createGuildkit(client, { store, commands: { answerUnknownButtons: 'yes' as never } })).toThrow(
      'GuildkitOptions.commands.answerUnknownButtons must be true or false; received yes',
    );
    expect(() =>
      createGuildkit(client, {
        store,
        activity: true,
        locales: { de: { commands: { activity: { name: 'Aktivität jetzt', description: 'x' } } } },
      }),
    ).toThrow(
      'TranslationsOptions.locales.de.commands.activity.name is "Aktivität jetzt": Discord takes command names of 1 to 32 lower-case letters, digits, - and _, without spaces',
    );
  });

  it("keeps the bot's own commands, answers only its own, and registers only the features on", async () => {
    const { fake, client, guildkit, guildId, channel } = await setUp({ activity: true, commands: { register: false } });
    const own: string[] = [];
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand() || interaction.commandName !== 'ping') return;
      own.push(interaction.commandName);
      await interaction.reply('pong');
    });
    await client.login(fake.token);
    await guildkit.ready;
    await client.application?.commands.set([{ name: 'ping', description: 'Pong!' }], guildId);
    expect(await guildkit.registerCommands({ guildId })).toEqual({
      created: ['activity', 'settings'],
      updated: [],
      unchanged: [],
    });
    const names = (await client.application?.commands.fetch({ guildId }))?.map((command) => command.name).sort();
    expect(names).toEqual(['activity', 'ping', 'settings']); // no /job, no /report: those features are off
    const pong = await fake.useSlashCommand({
      guildId,
      channelId: channel('chat'),
      userId: fake.userId(guildId, 'ben'),
      name: 'ping',
    });
    expect(pong.message?.content).toBe('pong'); // answered once, by the bot: guildkit left it alone
    expect(own).toEqual(['ping']);
  });

  it('answers a button nothing else answered, whatever its custom id, and leaves the ones the bot answers to it', async () => {
    const { fake, client, guildkit, guildId, channel } = await setUp({
      activity: true,
      commands: { register: false, answerUnknownButtons: true },
    });
    client.on(Events.InteractionCreate, async (interaction) => {
      if (interaction.isButton() && interaction.customId === 'poll:yes') await interaction.reply('counted');
    });
    await client.login(fake.token);
    await guildkit.ready;
    const chat = await client.channels.fetch(channel('chat'));
    if (!chat?.isSendable()) throw new Error('#chat is not a text channel');
    const buttons = (...ids: string[]) => ({
      type: 1,
      components: ids.map((custom_id) => ({ type: 2, style: 1, label: custom_id, custom_id })),
    });
    const message = await chat.send({ content: 'Vote', components: [buttons('poll:yes', 'poll:old-option')] });
    const press = (customId: string, locale: string) =>
      fake.pressButton({
        guildId,
        channelId: channel('chat'),
        messageId: message.id,
        userId: fake.userId(guildId, 'ben'),
        customId,
        locale,
      });
    expect((await press('poll:yes', 'en-US')).message?.content).toBe('counted'); // the bot's, once
    const unknown = await press('poll:old-option', 'ko');
    expect(unknown.message?.content).toBe('이 버튼은 이제 쓸 수 없어요.');
    expect(unknown.message?.flags).toBe(64); // private
  });

  it("takes strings and languages of the bot's own, and refuses a string where a function belongs", async () => {
    const { fake, client, guildkit, guildId, channel } = await setUp({
      activity: true,
      defaultLocale: 'de',
      locales: {
        en: { replies: { activity: ({ name }) => `${name}, you are doing great` } },
        de: {
          replies: { activity: ({ name, voice }) => `${name}: heute ${voice.today}` },
          duration: (h, m) => `${h} Std. ${m} Min.`,
        },
      },
    });
    await client.login(fake.token);
    await guildkit.ready;
    const ask = (locale: string) =>
      fake.useSlashCommand({
        guildId,
        channelId: channel('chat'),
        userId: fake.userId(guildId, 'ben'),
        name: 'activity',
        locale,
      });
    expect((await ask('en-GB')).message?.content).toBe('Ben, you are doing great');
    expect((await ask('de')).message?.content).toBe('Ben: heute 0 Std. 0 Min.');
    expect((await ask('ja')).message?.content).toBe('Ben: heute 0 Std. 0 Min.'); // no Japanese: the default
    expect(() => new Translations({ locales: { en: { replies: { activity: 'hi' as never } } } })).toThrow(
      'TranslationsOptions.locales.en.replies.activity must be a function, as in the English strings',
    );
    expect(() => new Translations({ locales: { en: { nope: 'x' } as never } })).toThrow(
      'TranslationsOptions.locales.en.nope is not a string guildkit has',
    );
  });

  it('lets go of a guild the bot leaves: its voice sessions end, its listings are no longer held', async () => {
    const fake = await startFakeDiscord({ guilds: [seed] });
    onTestFinished(() => fake.close());
    const guildId = fake.guildId('Test');
    const store = new MemoryStore();
    const options = {
      store,
      activity: true,
      jobBoard: { forumChannelId: fake.channelId(guildId, 'lfg') },
      commands: { register: { guildId } },
    };
    const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
    onTestFinished(() => client.destroy());
    const guildkit = createGuildkit(client, options);
    onTestFinished(() => guildkit.close());
    await client.login(fake.token);
    await guildkit.ready;
    const ana = fake.userId(guildId, 'ana');
    const opened = await fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId: ana,
      name: 'job',
      options: [{ name: 'open', type: 1 }],
    });
    expect(String(opened.message?.content)).toMatch(/^Your listing is open/);
    await fake.setVoiceState({
      guildId,
      userId: fake.userId(guildId, 'ben'),
      channelId: fake.channelId(guildId, 'Lounge'),
    });
    expect(guildkit.tracker?.stats().openSessions).toBe(1);
    expect(guildkit.board?.openListings(guildId)).toHaveLength(1);

    await fake.dispatchRaw('GUILD_DELETE', { id: guildId }, guildId); // as Discord says it when the bot is removed
    expect(guildkit.tracker?.stats().openSessions).toBe(0);
    expect(guildkit.board?.openListings(guildId)).toEqual([]);
    expect(guildkit.board?.stats().open).toBe(0);
    expect(await store.listOpenJobListings(guildId)).toHaveLength(1); // still open in the store, for a return
  });

  it('hands the voice events of the turn to the parts once the turn ends, and on close: none is lost', async () => {
    const store = new MemoryStore();
    const client = new Client({ intents: guildkitIntents({ activity: true }) });
    const guildkit = createGuildkit(client, { store, activity: true, commands: { register: false } });
    const guildId = snowflake('guild', 1);
    const [ana, ben] = [snowflake('user', 1), snowflake('user', 2)];
    const room = { id: snowflake('channel', 1), name: 'Lounge', parentId: null };
    const at = Date.UTC(2026, 10, 25, 12);
    guildkit.adapter.emit('voiceState', voiceEventFixture(guildId, ana, room, { at }));
    guildkit.adapter.emit('voiceState', voiceEventFixture(guildId, ben, room, { at }));
    expect(guildkit.tracker?.stats().openSessions).toBe(0); // still this turn
    await setImmediate();
    expect(guildkit.tracker?.stats().openSessions).toBe(2);
    guildkit.adapter.emit('voiceState', voiceEventFixture(guildId, ana, null, { at: at + 60_000 }));
    guildkit.adapter.emit('voiceState', voiceEventFixture(guildId, ben, null, { at: at + 60_000 }));
    await guildkit.close(); // in the same turn
    const totals = await store.readActivityTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-26' });
    expect(totals.map(({ userId, ms }) => [userId, ms]).sort()).toEqual([
      [ana, 60_000],
      [ben, 60_000],
    ]);
  });

  it('keeps the activity log for retentionDays: older records are pruned in batches', async () => {
    const store = new MemoryStore({ maxLogRecords: 20_000 });
    const day = 86_400_000;
    const now = Date.parse('2026-11-30T12:00:00Z');
    const old = Array.from({ length: 12_000 }, (_, i) => ({
      at: now - 40 * day + i,
      level: 'info' as const,
      source: 'voice',
      message: `old ${i}`,
    }));
    await store.appendLogs([...old, { at: now - 29 * day, level: 'info', source: 'voice', message: 'recent' }]);
    const { guildkit } = await setUp({ activityLog: { retentionDays: 30 }, now: () => now }, store);
    expect(await guildkit.activityLog?.prune()).toBe(12_000); // three batches of at most 5,000
    expect((await store.readRecentLogs({ limit: 10 })).map((record) => record.message)).toEqual(['recent']);
    expect(() =>
      createGuildkit(new Client({ intents: guildkitIntents({ activityLog: true }) }), {
        store,
        activityLog: { retentionDays: -1 },
      }),
    ).toThrow('activityLog.retentionDays must be a whole number of days, 0 to keep records for ever; received -1');
  });

  it('retries a restore while the store fails, emits each failure, and loses no voice time', async () => {
    let failures = 2;
    class FlakyStore extends MemoryStore {
      override listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]> {
        return failures-- > 0 ? Promise.reject(new Error('database down')) : super.listSessionCheckpoints(guildId);
      }
    }
    const store = new FlakyStore();
    const { fake, client, guildkit, guildId, channel, errors } = await setUp({ activity: { retryDelayMs: 50 } }, store);
    await fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'ana'), channelId: channel('Lounge') });
    await client.login(fake.token);
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.map(([error, context]) => [(error as Error).message, context])).toEqual([
      ['database down', { step: 'activity:restore', guildId, retryInMs: 50 }],
      ['database down', { step: 'activity:restore', guildId, retryInMs: 100 }],
    ]);
    await expect.poll(() => guildkit.tracker?.stats().openSessions).toBe(1); // ana, from the snapshot
    await guildkit.close();
    expect(await store.listSessionCheckpoints(guildId)).toHaveLength(1); // her session, checkpointed
  });
});
