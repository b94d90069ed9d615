// Frames Discord should never send, and voice states that are not real voice time: dropped with a
// counted reason, and the bot keeps running. A real discord.js client against fake-discord.
import { MemoryStore } from '@guildkit/core';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { Client } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGuildkit, guildkitIntents } from '../src/index.ts';

const guild = (name: string): GuildSeed => ({
  name,
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'Lounge', type: 'voice' },
  ],
  members: [{ username: 'ana' }, { username: 'ben' }],
});

async function setUp() {
  const fake = await startFakeDiscord({ guilds: [guild('Home'), guild('Elsewhere')] });
  onTestFinished(() => fake.close());
  const options = { store: new MemoryStore(), activity: true, commands: { register: false } } as const;
  const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, options);
  onTestFinished(() => guildkit.close());
  const invalid: { source: string; reason: string }[] = [];
  guildkit.on('invalidEvent', (event) => invalid.push(event));
  await client.login(fake.token);
  await guildkit.ready;
  const home = fake.guildId('Home');
  const other = fake.guildId('Elsewhere');
  const ana = fake.userId(home, 'ana');
  const voiceState = (fields: Record<string, unknown>) => ({
    guild_id: home,
    user_id: ana,
    channel_id: fake.channelId(home, 'Lounge'),
    session_id: 'a-session',
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
    ...fields,
  });
  return { fake, client, guildkit, invalid, home, other, ana, voiceState };
}

describe('frames Discord should never send', () => {
  it('drops each malformed dispatch with a counted reason, and the bot goes on', async () => {
    const { fake, guildkit, invalid, home, ana, voiceState } = await setUp();
    await fake.dispatchRaw('VOICE_STATE_UPDATE', null, home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', 'not an object', home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', [1, 2], home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ guild_id: 'abc' }), home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ guild_id: '1234567890123456789' }), home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ user_id: null }), home);
    await fake.dispatchRaw('CHANNEL_DELETE', 42, home);
    await fake.dispatchRaw('GUILD_CREATE', null, home);
    await fake.dispatchRaw('GUILD_ROLE_CREATE', 'x', home);
    expect(invalid).toEqual([
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'its data is null, not an object' },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'its data is a string, not an object' },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'its data is an array, not an object' },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'its guild_id "abc" is not a snowflake' },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'guild 1234567890123456789 is not one the bot is in' },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: 'its user_id null is not a snowflake' },
      { source: 'gateway:CHANNEL_DELETE', reason: 'its data is a number, not an object' },
      { source: 'gateway:GUILD_CREATE', reason: 'its data is null, not an object' },
      { source: 'gateway:GUILD_ROLE_CREATE', reason: 'its data is a string, not an object' },
    ]);
    expect(guildkit.adapter.stats().invalid).toBe(9);
    // Still running: a real join counts.
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: fake.channelId(home, 'Lounge') });
    expect(guildkit.tracker?.stats().openSessions).toBe(1);
  });
});

describe('only real voice time counts', () => {
  it('refuses joins to an unknown channel, a text channel and another guild’s voice channel', async () => {
    const { fake, guildkit, invalid, home, other, voiceState } = await setUp();
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ channel_id: '1234567890123456789' }), home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ channel_id: fake.channelId(home, 'chat') }), home);
    await fake.dispatchRaw('VOICE_STATE_UPDATE', voiceState({ channel_id: fake.channelId(other, 'Lounge') }), home);
    expect(invalid.map((event) => event.reason)).toEqual([
      `channel 1234567890123456789 is not a voice or stage channel of guild ${home}`,
      `channel ${fake.channelId(home, 'chat')} is not a voice or stage channel of guild ${home}`,
      `channel ${fake.channelId(other, 'Lounge')} is not a voice or stage channel of guild ${home}`,
    ]);
    expect(guildkit.tracker?.stats()).toMatchObject({ applied: 0, openSessions: 0 });
  });

  it('refuses a stale or repeated frame (a sequence number already past), whatever it holds', async () => {
    const { fake, guildkit, invalid, home, ana } = await setUp();
    const lounge = fake.channelId(home, 'Lounge');
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: lounge });
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: null });
    // The join and the leave again, under their own sequence numbers, as a gateway that repeats itself would.
    fake.replayRecentEvents(2);
    await fake.delivered();
    expect(invalid).toEqual([
      {
        source: 'gateway:VOICE_STATE_UPDATE',
        reason: expect.stringMatching(/^a stale or repeated frame: sequence \d+, when shard 0 is past \d+$/),
      },
      { source: 'gateway:VOICE_STATE_UPDATE', reason: expect.stringMatching(/^a stale or repeated frame/) },
    ]);
    expect(guildkit.tracker?.stats().openSessions).toBe(0); // the repeated join did not reopen her session
  });

  it('counts a member who leaves and joins again from the same client, with the same session id, as Discord sends it', async () => {
    const { fake, guildkit, invalid, home, ana } = await setUp();
    const lounge = fake.channelId(home, 'Lounge');
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: lounge });
    const sessions = () =>
      fake.events
        .filter((event) => event.type === 'VOICE_STATE_UPDATE')
        .map((event) => (event.data as { session_id: string }).session_id);
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: null });
    await fake.setVoiceState({ guildId: home, userId: ana, channelId: lounge });
    expect(new Set(sessions()).size).toBe(1); // one client session throughout
    expect(invalid).toEqual([]);
    expect(guildkit.tracker?.stats()).toMatchObject({ openSessions: 1, applied: 3 });
  });
});
