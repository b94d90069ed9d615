import type { GuildVoiceSnapshot, VoiceStateEvent } from '@guildkit/core';
import { type FakeDiscord, startFakeDiscord } from '@guildkit/fake-discord';
import { Client, Events, GatewayIntentBits, Status, type VoiceChannel, type VoiceState } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type CommandUse, DiscordAdapter, guildkitCommandData, registerCommands } from '../src/index.ts';

const community = {
  name: '테스트 서버',
  channels: [
    { name: '채팅', type: 'text' as const },
    { name: '음성 채널', type: 'category' as const },
    { name: '일반', type: 'voice' as const, parent: '음성 채널' },
    { name: '잠수', type: 'voice' as const },
  ],
  members: [{ username: 'minji', globalName: '민지' }, { username: 'alex' }, { username: 'music-bot', bot: true }],
  afkChannel: '잠수',
};

async function setUp(before?: (fake: FakeDiscord) => void) {
  const fake = await startFakeDiscord({ guilds: [community] });
  onTestFinished(() => fake.close());
  before?.(fake);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMembers],
    rest: { api: fake.apiUrl },
  });
  const clock = { now: 1_780_000_000_000 };
  const adapter = new DiscordAdapter({ client, now: () => clock.now }).attach();
  const snapshots: GuildVoiceSnapshot[] = [];
  adapter.on('voiceSnapshot', (snapshot) => snapshots.push(snapshot));
  onTestFinished(() => client.destroy());
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  await ready;
  const guildId = fake.guildId('테스트 서버');
  return { fake, client, adapter, clock, snapshots, guildId };
}

function nextEvent<T>(adapter: DiscordAdapter, name: 'voiceState' | 'channelDelete' | 'command'): Promise<T> {
  return new Promise((resolve) => adapter.once(name, (event: unknown) => resolve(event as T)));
}

describe('DiscordAdapter', () => {
  it('maps voice joins, mutes, moves and leaves to guildkit voice events', async () => {
    const { fake, adapter, clock, guildId } = await setUp();
    const userId = fake.userId(guildId, 'minji');
    const general = fake.channelId(guildId, '일반');
    const joined = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    clock.now += 1_000;
    fake.setVoiceState({ guildId, userId, channelId: general, selfMute: true });
    expect(await joined).toEqual({
      guildId,
      userId,
      channel: { id: general, name: '일반', parentId: fake.channelId(guildId, '음성 채널') },
      at: 1_780_000_001_000,
      selfMute: true,
      selfDeaf: false,
      serverMute: false,
      serverDeaf: false,
      bot: false,
      afkChannelId: fake.channelId(guildId, '잠수'),
    });
    const left = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    fake.setVoiceState({ guildId, userId, channelId: null });
    expect((await left).channel).toBeNull();
    const bot = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'music-bot'), channelId: general, serverDeaf: true });
    expect(await bot).toMatchObject({ bot: true, serverDeaf: true });
    expect(adapter.stats()).toMatchObject({ voiceStates: 3, invalid: 0 });
  });

  it('stamps a voice event with the time its dispatch arrived, however late discord.js hands it on', async () => {
    const { fake, client, adapter, clock, guildId } = await setUp();
    const userId = fake.userId(guildId, 'alex');
    // Time passes between a dispatch's arrival (guildkit's raw listener, added first) and its handling.
    client.on(Events.Raw, () => {
      clock.now += 5_000;
    });
    const arrivedAt = clock.now;
    const joined = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    fake.setVoiceState({ guildId, userId, channelId: fake.channelId(guildId, '일반') });
    expect((await joined).at).toBe(arrivedAt);
    const left = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    fake.setVoiceState({ guildId, userId, channelId: null });
    expect((await left).at).toBe(arrivedAt + 5_000);
  });

  it("makes each event from its dispatch exactly as from discord.js's own voice state, and from that state when discord.js held the dispatch back", async () => {
    const { fake, client, adapter, guildId } = await setUp();
    const general = fake.channelId(guildId, '일반');
    const afk = fake.channelId(guildId, '잠수');
    const [minji, alex, musicBot] = ['minji', 'alex', 'music-bot'].map((name) => fake.userId(guildId, name));
    // What the adapter maps from discord.js's state, after discord.js has handled the dispatch.
    const fromState: (VoiceStateEvent | undefined)[] = [];
    const emitted: VoiceStateEvent[] = [];
    adapter.on('voiceState', (event) => emitted.push(event));
    client.on(Events.VoiceStateUpdate, (_before, after) =>
      fromState.push(adapter.toVoiceStateEvent(after, emitted.at(-1)?.at)),
    );
    const changes = [
      { guildId, userId: minji as string, channelId: general, selfMute: true },
      { guildId, userId: alex as string, channelId: general, selfDeaf: true, serverMute: true },
      { guildId, userId: minji as string, channelId: afk },
      { guildId, userId: musicBot as string, channelId: general, serverDeaf: true },
      { guildId, userId: alex as string, channelId: null },
    ];
    for (const change of changes) {
      const next = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
      fake.setVoiceState(change);
      await next;
    }
    expect(emitted).toHaveLength(changes.length);
    expect(emitted).toEqual(fromState);
    expect(emitted.map((event) => [event.channel?.name ?? null, event.bot, event.selfMute, event.serverDeaf])).toEqual([
      ['일반', false, true, false],
      ['일반', false, false, false],
      ['잠수', false, false, false],
      ['일반', true, false, true],
      [null, false, false, false],
    ]);

    // A renamed room is named anew.
    const renamed = new Promise((resolve) => client.once(Events.ChannelUpdate, resolve));
    await (client.channels.cache.get(general) as VoiceChannel).setName('수다방');
    await renamed;
    const next = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    fake.setVoiceState({ guildId, userId: alex as string, channelId: general });
    expect((await next).channel?.name).toBe('수다방');
    expect(emitted.at(-1)).toEqual(fromState.at(-1));

    // While discord.js is not ready it holds dispatches back; the event is then mapped from its state.
    client.ws.status = Status.Reconnecting;
    fake.setVoiceState({ guildId, userId: minji as string, channelId: general, selfDeaf: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emitted).toHaveLength(changes.length + 1); // held back
    client.ws.status = Status.Ready;
    const held = nextEvent<VoiceStateEvent>(adapter, 'voiceState');
    // What discord.js does with its queue once ready: one held dispatch for each packet it handles.
    (client.ws as unknown as { handlePacket(): void }).handlePacket();
    expect(await held).toMatchObject({ userId: minji, channel: { id: general, name: '수다방' }, selfDeaf: true });
    expect(emitted.at(-1)).toEqual(fromState.at(-1));
  });

  it('sends a snapshot of everyone in voice when the bot connects', async () => {
    const { snapshots, guildId, fake } = await setUp((fake) => {
      const id = fake.guildId('테스트 서버');
      fake.setVoiceState({
        guildId: id,
        userId: fake.userId(id, 'alex'),
        channelId: fake.channelId(id, '일반'),
        selfDeaf: true,
      });
    });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.guildId).toBe(guildId);
    expect(snapshots[0]?.states).toEqual([
      expect.objectContaining({ userId: fake.userId(guildId, 'alex'), selfDeaf: true }),
    ]);
  });

  it('sends a new snapshot after a new gateway session, so that who left meanwhile is known', async () => {
    const { fake, snapshots, guildId } = await setUp((fake) => {
      const id = fake.guildId('테스트 서버');
      fake.setVoiceState({ guildId: id, userId: fake.userId(id, 'alex'), channelId: fake.channelId(id, '일반') });
    });
    expect(snapshots.at(-1)?.states).toHaveLength(1);
    fake.dropConnections({ resumable: false });
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: null });
    await expect.poll(() => snapshots.length, { timeout: 12_000, interval: 50 }).toBe(2);
    expect(snapshots[1]?.states).toEqual([]);
  }, 15_000);

  it('maps channel deletions and slash commands, with the member language', async () => {
    const { fake, adapter, client, guildId } = await setUp();
    const deleted = nextEvent<{ channelId: string }>(adapter, 'channelDelete');
    const general = fake.channelId(guildId, '일반');
    fake.deleteChannel(general);
    expect((await deleted).channelId).toBe(general);

    await registerCommands(client as Client<true>, { guildId });
    const used = nextEvent<CommandUse>(adapter, 'command');
    const answered = fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, '채팅'),
      userId: fake.userId(guildId, 'alex'),
      name: 'job',
      options: [{ name: 'open', type: 1, options: [] }],
      locale: 'en-GB',
    });
    const use = await used;
    expect(use).toMatchObject({
      name: 'job',
      subcommand: 'open',
      locale: 'en-GB',
      guildLocale: 'en-US',
      guildId,
      userId: fake.userId(guildId, 'alex'),
    });
    await use.interaction.reply({ content: 'ok', flags: 64 });
    expect((await answered).type).toBe(4);
  });

  it('counts and drops malformed events, and keeps throwing listeners away from discord.js', async () => {
    const { fake, adapter, client, guildId } = await setUp();
    const errors: string[] = [];
    adapter.on('handlerError', (_error, event) => errors.push(event));
    client.emit(Events.VoiceStateUpdate, {} as VoiceState, {} as VoiceState);
    expect(adapter.stats().invalid).toBe(1);
    adapter.on('voiceState', () => {
      throw new Error('a bug in a listener');
    });
    const userId = fake.userId(guildId, 'alex');
    const seen = new Promise((resolve) =>
      client.on(Events.VoiceStateUpdate, (_before, after) => after.channelId === null && resolve(after)),
    );
    fake.setVoiceState({ guildId, userId, channelId: fake.channelId(guildId, '일반') });
    fake.setVoiceState({ guildId, userId, channelId: null });
    await seen;
    expect(errors).toEqual(['voiceState', 'voiceState']);
    expect(adapter.stats()).toMatchObject({ voiceStates: 2, handlerErrors: 2 });
  });

  it("sends an async listener's rejection to handlerError, and the process lives on", async () => {
    const { fake, adapter, guildId } = await setUp();
    const failures: [string, string][] = [];
    adapter.on('handlerError', (error, event) => failures.push([(error as Error).message, event]));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    onTestFinished(() => void process.off('unhandledRejection', onUnhandled));
    const listener = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Error('the database is down');
    };
    adapter.on('voiceState', listener);
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: fake.channelId(guildId, '일반') });
    await expect.poll(() => failures).toEqual([['the database is down', 'voiceState']]);
    adapter.off('voiceState', listener); // off finds the listener it was given
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures).toHaveLength(1);
    expect(adapter.stats().handlerErrors).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it('adds its listeners once and removes them on detach', async () => {
    const { adapter, client } = await setUp();
    const count = () => client.listenerCount(Events.VoiceStateUpdate);
    const attached = count();
    adapter.attach();
    expect(count()).toBe(attached);
    adapter.detach();
    expect(count()).toBe(attached - 1);
  });
});

describe('guildkit commands', () => {
  it('registers each command with its Korean name and description beside the English one', async () => {
    const { fake, client, guildId } = await setUp();
    expect(await registerCommands(client as Client<true>, { guildId })).toEqual({
      created: ['activity', 'job', 'report', 'roles', 'settings'],
      updated: [],
      unchanged: [],
    });
    const sent = fake.requests
      .filter((entry) => entry.method === 'POST' && entry.path.includes('/guilds/'))
      .map((entry) => entry.body as unknown as ReturnType<typeof guildkitCommandData>[number]);
    expect(sent.map((command) => [command.name, command.name_localizations?.ko])).toEqual([
      ['activity', '활동'],
      ['job', '구직'],
      ['report', '보고서'],
      ['roles', '역할'],
      ['settings', '설정'],
    ]);
    const walk = (options: unknown[] = []): unknown[] =>
      options.flatMap((option) => [option, ...walk((option as { options?: unknown[] }).options)]);
    for (const option of walk(sent as unknown[])) {
      expect(option).toMatchObject({
        name_localizations: { ko: expect.any(String) },
        description_localizations: { ko: expect.any(String) },
      });
    }
  });

  it("never deletes the bot's own commands, and sends nothing for commands that did not change", async () => {
    const { fake, client, guildId } = await setUp();
    const ready = client as Client<true>;
    await ready.application.commands.set([{ name: 'ping', description: 'Pong!' }], guildId);
    await registerCommands(ready, { guildId, commands: guildkitCommandData(['activity']) });
    const again = await registerCommands(ready, { guildId, commands: guildkitCommandData(['activity', 'report']) });
    expect(again).toEqual({ created: ['report'], updated: [], unchanged: ['activity'] });
    const names = (await ready.application.commands.fetch({ guildId })).map((command) => command.name).sort();
    expect(names).toEqual(['activity', 'ping', 'report']);
    expect(fake.requests.filter((entry) => entry.method === 'PUT' || entry.method === 'DELETE')).toHaveLength(1); // the bot's own set()
  });
});
