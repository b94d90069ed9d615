import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeState, GuildRecord } from '../state/fake-state.ts';
import { receives, shardOf } from './intents.ts';

/** @internal What a dispatched event looks like on the wire. */
interface Dispatch {
  readonly op: GatewayOpcodes.Dispatch;
  readonly t: string;
  readonly s: number;
  readonly d: unknown;
}

/** @internal One identified gateway session: a shard of the bot. */
export interface GatewaySession {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  socket: WebSocket | null;
  seq: number;
  /** The most recent dispatches, for RESUME. */
  readonly sent: Dispatch[];
}

/** @internal */
export interface GatewayOptions {
  readonly state: FakeState;
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** Privileged intents the application may use (as enabled in the developer portal). */
  readonly allowedPrivilegedIntents: number;
  /** Called with every dispatch, before intents filter it, for the handle's event log. */
  readonly onDispatch: (event: string, data: unknown, guildId: string | null) => void;
}

const REPLAY_LIMIT = 1_000;
const RESUME_WINDOW_MS = 120_000;
const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/**
 * @internal The fake gateway: HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME with replay,
 * shards routed by guild id and intents respected.
 */
export class GatewayServer {
  readonly sessions = new Map<string, GatewaySession>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #options: GatewayOptions;
  #resumeUrl = '';
  /** Who waits for a session's client to have seen up to a sequence number. */
  readonly #waiters = new Map<GatewaySession, { readonly target: number; readonly resolve: () => void }[]>();

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#wss.on('connection', (socket: WebSocket) => this.#accept(socket));
  }

  /** Where clients connect (and resume). */
  set url(url: string) {
    this.#resumeUrl = url;
  }

  handleUpgrade(request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#wss.emit('connection', ws, request));
  }

  /** Sends an event to every session whose shard owns `guildId` (shard 0 for `null`) and whose intents allow it. */
  dispatch(event: string, data: unknown, guildId: string | null): void {
    this.#options.onDispatch(event, data, guildId);
    for (const session of this.sessions.values()) {
      const [shardId, shardCount] = session.shard;
      const owner = guildId === null ? 0 : shardOf(guildId, shardCount);
      if (owner !== shardId || !receives(session.intents, event)) continue;
      this.#send(session, event, this.#forSession(session, event, data));
    }
  }

  /**
   * Sends a guild's GUILD_CREATE, as when the bot joins it, to every session of the shard that owns
   * it and has the Guilds intent: each its own payload, with members and voice states as its
   * intents allow, as at IDENTIFY. The event log gets the whole guild.
   */
  dispatchGuildCreate(guild: GuildRecord): void {
    const { state } = this.#options;
    this.#options.onDispatch(
      'GUILD_CREATE',
      state.guildPayload(guild, { allMembers: true, voiceStates: true }),
      guild.id,
    );
    for (const session of this.sessions.values()) {
      const [shardId, shardCount] = session.shard;
      if (shardOf(guild.id, shardCount) !== shardId || !receives(session.intents, 'GUILD_CREATE')) continue;
      this.#send(session, 'GUILD_CREATE', this.#guildFor(session, guild));
    }
  }

  /** A guild as GUILD_CREATE sends it to a session: the whole member list only with presences, voice states with their intent. */
  #guildFor(session: GatewaySession, guild: GuildRecord): Record<string, unknown> {
    return this.#options.state.guildPayload(guild, {
      // As on Discord: the whole member list only with presences; otherwise the bot and who is in voice.
      allMembers: (session.intents & GatewayIntentBits.GuildPresences) !== 0,
      voiceStates: (session.intents & GatewayIntentBits.GuildVoiceStates) !== 0,
    });
  }

  /**
   * Drops every connection. Resumable: the socket closes as a network failure would, and the
   * session waits for RESUME. Not resumable: the session is forgotten and the client must identify.
   */
  drop(resumable: boolean): void {
    for (const session of this.sessions.values()) {
      const socket = session.socket;
      session.socket = null;
      if (resumable) {
        socket?.terminate();
        this.#forgetLater(session);
      } else {
        // As Discord does when a session cannot go on: INVALID_SESSION, not resumable.
        this.sessions.delete(session.id);
        socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      }
    }
  }

  /** Sends again the last `count` dispatches of every session, as a gateway replaying after a hiccup might. */
  replay(count: number): void {
    for (const session of this.sessions.values()) {
      for (const dispatch of session.sent.slice(-count)) session.socket?.send(JSON.stringify(dispatch));
    }
  }

  /**
   * Resolves once the client of every connected session has taken in every event sent to it so
   * far: the fake asks for a heartbeat (op 1), and the client's heartbeat carries the last sequence
   * number it has processed. A session whose connection closes meanwhile counts as done.
   */
  delivered(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const session of this.sessions.values()) {
      const socket = session.socket;
      if (socket === null || socket.readyState !== socket.OPEN) continue;
      waits.push(
        new Promise<void>((resolve) => {
          const done = () => {
            socket.off('close', done);
            resolve();
          };
          const waiters = this.#waiters.get(session) ?? [];
          waiters.push({ target: session.seq, resolve: done });
          this.#waiters.set(session, waiters);
          socket.once('close', done);
          socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null, s: null, t: null }));
        }),
      );
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** A session's client has processed events up to `seq`: the waits that asked for no more are over. */
  #seen(session: GatewaySession, seq: number): void {
    const waiters = this.#waiters.get(session);
    if (waiters === undefined) return;
    const left = waiters.filter((waiter) => waiter.target > seq);
    for (const waiter of waiters) if (waiter.target <= seq) waiter.resolve();
    if (left.length === 0) {
      this.#waiters.delete(session);
      return;
    }
    this.#waiters.set(session, left);
    // The client answers a heartbeat request while it may still be taking in the events before it
    // (discord.js handles each message asynchronously): ask again until it has them all.
    setImmediate(() =>
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null, s: null, t: null })),
    );
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    let session: GatewaySession | undefined;
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.#options.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
    socket.on('message', (raw) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(String(raw)) as { op?: unknown; d?: unknown };
      } catch {
        socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
          if (session !== undefined && typeof payload.d === 'number') this.#seen(session, payload.d);
          break;
        case GatewayOpcodes.Identify:
          if (session !== undefined) {
            socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'You sent more than one identify payload.');
            break;
          }
          session = this.#identify(socket, payload.d as IdentifyData);
          break;
        case GatewayOpcodes.Resume:
          session = this.#resume(socket, payload.d as ResumeData);
          break;
        case GatewayOpcodes.RequestGuildMembers:
          if (session !== undefined) this.#sendMembers(session, payload.d as { guild_id: string; nonce?: string });
          break;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
          break;
        default:
          socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      }
    });
    // A malformed frame makes ws emit 'error'; unheard, it would crash the process.
    socket.on('error', () => socket.terminate());
    socket.on('close', (code) => {
      if (session === undefined || session.socket !== socket) return;
      session.socket = null;
      // A client that closes normally (1000, 1001) ends its session; it cannot be resumed.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      else this.#forgetLater(session);
    });
  }

  /** A session nobody resumes within the resume window is gone, as on Discord. */
  #forgetLater(session: GatewaySession): void {
    const timer = setTimeout(() => {
      if (session.socket === null) this.sessions.delete(session.id);
    }, RESUME_WINDOW_MS);
    timer.unref();
  }

  #identify(socket: WebSocket, data: IdentifyData): GatewaySession | undefined {
    if (data?.token !== this.#options.token) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return undefined;
    }
    const refused = (data.intents ?? 0) & PRIVILEGED & ~this.#options.allowedPrivilegedIntents;
    if (refused !== 0) {
      socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return undefined;
    }
    const shard = data.shard ?? [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return undefined;
    }
    const session: GatewaySession = {
      id: randomUUID().replaceAll('-', ''),
      shard,
      intents: data.intents ?? 0,
      socket,
      seq: 0,
      sent: [],
    };
    this.sessions.set(session.id, session);
    const { state } = this.#options;
    const guilds = [...state.guilds.values()].filter((guild) => shardOf(guild.id, shard[1]) === shard[0]);
    this.#sendLogged(session, 'READY', {
      v: 10,
      user: { ...state.bot, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#resumeUrl,
      shard,
      application: { id: state.bot.id, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['fake-discord'],
    });
    if ((session.intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of guilds) this.#sendLogged(session, 'GUILD_CREATE', this.#guildFor(session, guild), guild.id);
    }
    return session;
  }

  #resume(socket: WebSocket, data: ResumeData): GatewaySession | undefined {
    const session = data?.token === this.#options.token ? this.sessions.get(data.session_id) : undefined;
    if (session === undefined) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return undefined;
    }
    session.socket = socket;
    const missed = session.sent.filter((dispatch) => dispatch.s > data.seq);
    if (missed.length > 0 && (missed[0]?.s ?? 0) > data.seq + 1) {
      // Older than the replay buffer: the client must start over.
      this.sessions.delete(session.id);
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return undefined;
    }
    for (const dispatch of missed) socket.send(JSON.stringify(dispatch));
    this.#sendLogged(session, 'RESUMED', null);
    return session;
  }

  #sendMembers(session: GatewaySession, request: { guild_id: string; nonce?: string }): void {
    const guild = this.#options.state.guilds.get(request.guild_id);
    if (guild === undefined || (session.intents & GatewayIntentBits.GuildMembers) === 0) return;
    const members = [...guild.members.keys()].map((userId) => this.#options.state.memberPayload(guild, userId));
    this.#send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: [],
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    });
  }

  /** Sends a session's own event (READY, its GUILD_CREATEs, RESUMED) and logs it as dispatch() logs the rest. */
  #sendLogged(session: GatewaySession, event: string, data: unknown, guildId: string | null = null): void {
    this.#options.onDispatch(event, data, guildId);
    this.#send(session, event, data);
  }

  #send(session: GatewaySession, event: string, data: unknown): void {
    session.seq += 1;
    const dispatch: Dispatch = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data };
    session.sent.push(dispatch);
    if (session.sent.length > REPLAY_LIMIT) session.sent.splice(0, session.sent.length - REPLAY_LIMIT);
    session.socket?.send(JSON.stringify(dispatch));
  }

  /** Message content is sent only with the MESSAGE_CONTENT intent, or for the bot's own messages. */
  #forSession(session: GatewaySession, event: string, data: unknown): unknown {
    if (event !== 'MESSAGE_CREATE' && event !== 'MESSAGE_UPDATE') return data;
    const message = data as { author?: { id?: string }; content?: string };
    if ((session.intents & GatewayIntentBits.MessageContent) !== 0 || message.author?.id === this.#options.state.bot.id)
      return data;
    return { ...message, content: '', embeds: [], attachments: [], components: [] };
  }
}

interface IdentifyData {
  readonly token: string;
  readonly intents?: number;
  readonly shard?: [number, number];
}

interface ResumeData {
  readonly token: string;
  readonly session_id: string;
  readonly seq: number;
}
