import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fakeForTest } from './helpers.ts';

/** A raw gateway connection, to check the protocol below discord.js. */
async function connect(url: string) {
  const socket = new WebSocket(`${url}/?v=10&encoding=json`);
  const received: { op: number; t: string | null; s: number | null; d: unknown }[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (raw) => {
    received.push(JSON.parse(String(raw)));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const until = async (test: () => boolean) => {
    while (!test()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { socket, received, closed, until, send: (payload: unknown) => socket.send(JSON.stringify(payload)) };
}

describe('the gateway protocol', () => {
  it('says HELLO, closes with 4004 on a wrong token, and answers heartbeats', async () => {
    const fake = await fakeForTest({ heartbeatIntervalMs: 1_234 });
    const wrong = await connect(fake.gatewayUrl);
    await wrong.until(() => wrong.received.length > 0);
    expect(wrong.received[0]).toEqual({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 1_234 }, s: null, t: null });
    wrong.send({ op: GatewayOpcodes.Heartbeat, d: null });
    await wrong.until(() => wrong.received.some((payload) => payload.op === GatewayOpcodes.HeartbeatAck));
    wrong.send({ op: GatewayOpcodes.Identify, d: { token: 'not-the-token', intents: 1, properties: {} } });
    expect(await wrong.closed).toBe(4004);
  });

  it('numbers dispatches in sequence and sends only what the intents allow', async () => {
    const fake = await fakeForTest();
    const guildId = fake.guildId('테스트 서버');
    const gateway = await connect(fake.gatewayUrl);
    gateway.send({
      op: GatewayOpcodes.Identify,
      d: { token: fake.token, intents: GatewayIntentBits.Guilds, properties: {} },
    });
    await gateway.until(() => gateway.received.some((payload) => payload.t === 'GUILD_CREATE'));
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: fake.channelId(guildId, '일반') });
    fake.addMember(guildId, 'yuna');
    fake.deleteChannel(fake.channelId(guildId, '채팅'));
    await gateway.until(() => gateway.received.some((payload) => payload.t === 'CHANNEL_DELETE'));
    const dispatches = gateway.received.filter((payload) => payload.op === GatewayOpcodes.Dispatch);
    expect(dispatches.map((payload) => payload.t)).toEqual(['READY', 'GUILD_CREATE', 'CHANNEL_DELETE']);
    expect(dispatches.map((payload) => payload.s)).toEqual([1, 2, 3]);
    expect(fake.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['VOICE_STATE_UPDATE', 'GUILD_MEMBER_ADD']),
    );
    gateway.socket.close();
  });

  it('resumes a session from the last sequence it saw, and refuses an unknown session', async () => {
    const fake = await fakeForTest();
    const guildId = fake.guildId('테스트 서버');
    const first = await connect(fake.gatewayUrl);
    first.send({
      op: GatewayOpcodes.Identify,
      d: { token: fake.token, intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildVoiceStates, properties: {} },
    });
    await first.until(() => first.received.some((payload) => payload.t === 'GUILD_CREATE'));
    const sessionId = (
      first.received.find((payload) => payload.t === 'READY')?.d as { session_id?: string } | undefined
    )?.session_id;
    first.socket.terminate();
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: fake.channelId(guildId, '일반') });

    const second = await connect(fake.gatewayUrl);
    second.send({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: sessionId, seq: 2 } });
    await second.until(() => second.received.some((payload) => payload.t === 'RESUMED'));
    expect(
      second.received
        .filter((payload) => payload.op === GatewayOpcodes.Dispatch)
        .map((payload) => [payload.t, payload.s]),
    ).toEqual([
      ['VOICE_STATE_UPDATE', 3],
      ['RESUMED', 4],
    ]);
    second.socket.close();

    const stranger = await connect(fake.gatewayUrl);
    stranger.send({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: 'nope', seq: 1 } });
    await stranger.until(() => stranger.received.some((payload) => payload.op === GatewayOpcodes.InvalidSession));
    expect(stranger.received.find((payload) => payload.op === GatewayOpcodes.InvalidSession)?.d).toBe(false);
    stranger.socket.close();
  });
});
