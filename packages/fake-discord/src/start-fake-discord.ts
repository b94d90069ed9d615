import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIGuildMember, GatewayIntentBits } from 'discord-api-types/v10';
import { type ButtonPress, Drivers, type MemberMessage, type SlashCommandUse, type VoiceChange } from './drivers.ts';
import { GatewayServer } from './gateway/gateway-server.ts';
import { GuildDrivers } from './guild-drivers.ts';
import { type AnswerObserver, answerObserverFor } from './rest/answers.ts';
import { INTERACTION_DEADLINES, InteractionBook, type InteractionResponse } from './rest/interactions.ts';
import { addOAuth2Routes, authorizePage, type FakeOAuth2, OAuth2Grants, oauth2App } from './rest/oauth2.ts';
import { type InjectedFailure, RateLimiter, type RateLimitOptions } from './rest/rate-limits.ts';
import { type RecordedRequest, RestServer } from './rest/rest-server.ts';
import { buildRouter } from './rest/routes.ts';
import { FakeState } from './state/fake-state.ts';
import type { ChannelSeed, GuildSeed } from './state/seed.ts';

/**
 * How to start a fake Discord; all optional.
 *
 * @example Two guilds and fast heartbeats
 * ```ts
 * const options: FakeDiscordOptions = { guilds: [{ name: 'A' }, { name: 'B' }], heartbeatIntervalMs: 1_000 };
 * ```
 */
export interface FakeDiscordOptions {
  /** The guilds the bot is in at the start. @defaultValue none */
  readonly guilds?: readonly GuildSeed[];
  /** The bot user's name. @defaultValue 'guildkit' */
  readonly botName?: string;
  /** The bot token the fake accepts. @defaultValue a new random token */
  readonly token?: string;
  /**
   * The application's OAuth2 client secret, for sign-in with Discord (`fake.oauth2`).
   * @defaultValue a random one
   */
  readonly clientSecret?: string;
  /** The port on 127.0.0.1; `0` picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** The shard count `GET /gateway/bot` recommends (discord.js uses it with `shards: 'auto'`). @defaultValue 1 */
  readonly recommendedShards?: number;
  /**
   * How many shards may identify at once (`session_start_limit.max_concurrency`); discord.js waits
   * 5 s between identifies of one bucket, as Discord requires. @defaultValue 1, as for most bots
   */
  readonly maxConcurrency?: number;
  /**
   * The privileged intents the application may use, as enabled in Discord's developer portal; an
   * IDENTIFY asking for others is closed with 4014. @defaultValue all three: members, presences, message content
   */
  readonly allowedPrivilegedIntents?: readonly ('GuildMembers' | 'GuildPresences' | 'MessageContent')[];
  /**
   * How long the bot has for its first answer to a driven interaction, in milliseconds: after it
   * the driver's promise rejects and the callback route answers 10062 Unknown interaction, as
   * Discord does after 3 s. @defaultValue 3_000
   */
  readonly interactionDeadlineMs?: number;
  /** The heartbeat interval HELLO asks for, in milliseconds. @defaultValue 41_250, as Discord */
  readonly heartbeatIntervalMs?: number;
  /** Request limits. @defaultValue 50 per route per second and 50 in all per second, as Discord */
  readonly rateLimits?: RateLimitOptions;
  /** The clock of timestamps and snowflakes, epoch milliseconds (rate limits run on real time). @defaultValue Date.now */
  readonly now?: () => number;
  /**
   * Called with every REST answer (status and JSON body as sent), for checking them against
   * Discord's API description; see also {@link observeAnswers}. Without it, and with no process
   * observer, answers cost nothing more. @defaultValue none
   */
  readonly onAnswer?: AnswerObserver;
}

/**
 * A gateway event the fake sent (before intents chose who receives it).
 *
 * @example Counting voice updates
 * ```ts
 * fake.events.filter((event: DispatchedEvent) => event.type === 'VOICE_STATE_UPDATE').length;
 * ```
 */
export interface DispatchedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly guildId: string | null;
}

/**
 * A running fake Discord: where to connect, what it holds, what it received, and drivers that
 * make members and Discord act.
 *
 * @example Logging a real discord.js client in
 * ```ts
 * import { Client, GatewayIntentBits } from 'discord.js';
 * import { startFakeDiscord } from '@guildkit/fake-discord';
 *
 * const fake = await startFakeDiscord({ guilds: [{ name: '테스트 서버', channels: [{ name: '일반', type: 'voice' }] }] });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 * ```
 */
export interface FakeDiscord {
  /** The REST base URL for discord.js's `rest.api` option (`http://127.0.0.1:PORT/api`). */
  readonly apiUrl: string;
  /** The gateway URL that `GET /gateway/bot` answers. */
  readonly gatewayUrl: string;
  /** The bot token it accepts. */
  readonly token: string;
  /** The bot's user id, which is also its application id. */
  readonly botUserId: string;
  /** Sign-in with Discord: the application's OAuth2 client, and where its flow starts and ends. */
  readonly oauth2: FakeOAuth2;
  /** Every REST request, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** `METHOD /path` of every request no route matched (answered 404): what the fake does not cover yet. */
  readonly unknownRoutes: readonly string[];
  /** Every gateway event sent, in order. */
  readonly events: readonly DispatchedEvent[];
  /** The id of a guild by name. */
  guildId(name: string): string;
  /** The id of a channel of a guild by name. */
  channelId(guildId: string, name: string): string;
  /** The id of a member of a guild by username. */
  userId(guildId: string, username: string): string;
  /** The id of a role of a guild by name. */
  roleId(guildId: string, name: string): string;
  /** Reads a channel (or thread) as the fake holds it: Discord's JSON. */
  channel(channelId: string): Readonly<Record<string, unknown>> | undefined;
  /** Reads the messages of a channel, oldest first. */
  messages(channelId: string): readonly Readonly<Record<string, unknown>>[];
  /** Reads a member of a guild as the fake holds it: Discord's JSON (`roles` are role ids). */
  member(guildId: string, userId: string): Readonly<APIGuildMember> | undefined;
  /**
   * The bytes of a file the bot uploaded, by the attachment's id (in a message's `attachments`).
   * The fake serves no CDN: tests read what was sent here.
   */
  attachment(attachmentId: string): Uint8Array | undefined;
  /**
   * Sets a member's voice state and sends VOICE_STATE_UPDATE; `channelId: null` leaves. Awaited,
   * it resolves once every connected client has taken the event in (see
   * {@link FakeDiscord.delivered}); not awaited, it costs nothing more. A bad member or channel
   * throws at once.
   */
  setVoiceState(change: VoiceChange): PromiseLike<void>;
  /**
   * Resolves once every connected client has taken in every gateway event sent so far: discord.js
   * has emitted them, and the bot's listeners have run (their synchronous part). Await it after
   * any driver before checking what the bot did.
   */
  delivered(): Promise<void>;
  /** Deletes a channel as a person would, disconnecting anyone in it, and sends CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /**
   * The bot joins a guild: adds it and sends GUILD_CREATE, with the same payload as at IDENTIFY
   * (members and voice states as each session's intents allow), to the sessions of the shard that
   * owns it; discord.js emits `guildCreate`. Returns the new guild's id.
   *
   * @param seed - the guild, as in {@link FakeDiscordOptions.guilds}
   * @returns the guild's id
   *
   * @example A bot invited to a second guild
   * ```ts
   * const joined = new Promise((resolve) => client.once(Events.GuildCreate, resolve));
   * const guildId = fake.addGuild({ name: '새 서버', channels: [{ name: '일반', type: 'voice' }] });
   * await joined; // client.guilds.cache.has(guildId)
   * ```
   */
  addGuild(seed: GuildSeed): string;
  /**
   * The bot is removed from a guild (kicked, or the guild deleted): the fake forgets it, with its
   * channels, messages and guild commands, and sends GUILD_DELETE (`{ id }`, no `unavailable`) to
   * the shard that owns it; discord.js emits `guildDelete`. The bot leaving by itself
   * (`guild.leave()`, `DELETE /users/@me/guilds/:guild`) does the same. An unknown guild throws.
   *
   * @param guildId - the guild the bot is removed from
   *
   * @example Kicking the bot
   * ```ts
   * const removed = new Promise((resolve) => client.once(Events.GuildDelete, resolve));
   * fake.removeGuild(fake.guildId('테스트 서버'));
   * await removed; // no longer in client.guilds.cache
   * ```
   */
  removeGuild(guildId: string): void;
  /**
   * Makes a channel in a guild, as a person would, and sends CHANNEL_CREATE. A `parent` names a
   * category of the guild; `allow` and `deny` name its roles and members. Returns the channel's id.
   *
   * @param guildId - the guild
   * @param seed - the channel, as in a guild seed
   * @returns the channel's id
   *
   * @example A channel where nobody but moderators may write
   * ```ts
   * const channelId = fake.addChannel(guildId, {
   *   name: '공지',
   *   type: 'text',
   *   deny: { everyone: ['SendMessages'] },
   *   allow: { roles: { 모더레이터: ['SendMessages'] } },
   * });
   * await fake.delivered(); // client.channels.cache.has(channelId)
   * ```
   */
  addChannel(guildId: string, seed: ChannelSeed): string;
  /** Adds a member to a guild and sends GUILD_MEMBER_ADD; returns the new user id. */
  addMember(guildId: string, username: string, globalName?: string): string;
  /** Posts a member's message in a text channel and sends MESSAGE_CREATE; returns the message id. */
  sendMessage(post: MemberMessage): string;
  /** Until when a member is timed out (ISO 8601), or null. */
  timedOutUntil(guildId: string, userId: string): string | null;
  /**
   * Uses a registered slash command; resolves with the bot's final answer (a deferred one once the
   * bot edits its reply), rejects if the first answer does not come within Discord's 3 s.
   */
  useSlashCommand(use: SlashCommandUse): Promise<InteractionResponse>;
  /** Presses a button of a message; resolves with the bot's final answer, as {@link FakeDiscord.useSlashCommand}. */
  pressButton(press: ButtonPress): Promise<InteractionResponse>;
  /** Drops every gateway connection: resumable (a network failure) or not (the session is gone). */
  dropConnections(options?: { readonly resumable?: boolean }): void;
  /**
   * Sends a gateway dispatch exactly as given, however malformed (`d: null`, a string, an unknown
   * guild), to the sessions of the shard that owns `routeByGuildId` (shard 0 when `null`): for
   * testing how a bot takes what Discord should never send. Resolves once the clients have it.
   */
  dispatchRaw(type: string, data: unknown, routeByGuildId?: string | null): PromiseLike<void>;
  /** Sends the last `count` events of every session again, as duplicates. */
  replayRecentEvents(count: number): void;
  /** Answers matching requests with a 429 or a 5xx instead of handling them. */
  injectFailure(failure: InjectedFailure): void;
  /** Stops the servers and closes every connection. */
  close(): Promise<void>;
}

const DEFAULT_LIMITS: RateLimitOptions = {
  perRoute: { limit: 50, windowMs: 1_000 },
  global: { limit: 50, windowMs: 1_000 },
};

/**
 * Starts a Discord REST API and gateway on 127.0.0.1 that a real discord.js client connects to.
 *
 * @param options - the guilds to start with, the token, the clock
 * @returns the running fake; `close()` it when done
 *
 * @example A test against a real client
 * ```ts
 * const fake = await startFakeDiscord({ guilds: [{ name: '테스트 서버' }] });
 * try {
 *   // new Client({ rest: { api: fake.apiUrl } }).login(fake.token) ...
 * } finally {
 *   await fake.close();
 * }
 * ```
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = options.now ?? Date.now;
  const token =
    options.token ??
    `${Buffer.from(randomBytes(9)).toString('base64url')}.fake.${randomBytes(18).toString('base64url')}`;
  const state = new FakeState(now, options.botName ?? 'guildkit');
  for (const seed of options.guilds ?? []) state.addGuild(seed);

  const events: DispatchedEvent[] = [];
  const interactions = new InteractionBook();
  const gateway = new GatewayServer({
    state,
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    allowedPrivilegedIntents: (
      options.allowedPrivilegedIntents ?? ['GuildMembers', 'GuildPresences', 'MessageContent']
    ).reduce((bits, name) => bits | GatewayIntentBits[name], 0),
    onDispatch: (type, data, guildId) => events.push({ type, data, guildId }),
  });
  const dispatch = gateway.dispatch.bind(gateway);
  let gatewayUrl = '';
  const drivers = new Drivers(
    state,
    gateway,
    interactions,
    options.interactionDeadlineMs ?? INTERACTION_DEADLINES.firstAnswerMs,
  );
  const guildDrivers = new GuildDrivers(state, gateway);
  const router = buildRouter({
    state,
    interactions,
    dispatch,
    gatewayUrl: () => gatewayUrl,
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    deleteChannel: (channel) => drivers.deleteChannel(channel),
    removeGuild: (guild) => guildDrivers.removeGuild(guild),
  });
  // Rate limits pace real requests: they run on the real clock, whatever `now` the state uses.
  const limiter = new RateLimiter(options.rateLimits ?? DEFAULT_LIMITS, () => performance.now());
  const grants = new OAuth2Grants(state.bot.id, options.clientSecret ?? randomBytes(24).toString('base64url'), now);
  addOAuth2Routes(router, state, grants);
  const rest = new RestServer(router, limiter, token, now, answerObserverFor(options.onAnswer), {
    grants,
    page: (url) => authorizePage(state, grants, url),
  });

  const server = createServer((request, response) => {
    rest.handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `500: ${String((error as Error)?.message ?? error)}`, code: 0 }));
    });
  });
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://127.0.0.1:${port}`;
  gateway.url = gatewayUrl;

  // After the heartbeat that says a client has the events, one turn more: in this process, its
  // listeners have then run too.
  const delivered = () => gateway.delivered().then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  // Lazy: the heartbeat round trip is made only for a caller who awaits.
  const whenDelivered = (): PromiseLike<void> => ({
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, so that not awaiting costs nothing
    then: (fulfilled, rejected) => delivered().then(fulfilled, rejected),
  });

  const find = <T extends { name?: unknown; username?: unknown }>(
    items: Iterable<[string, T]>,
    name: string,
    what: string,
  ) => {
    for (const [id, item] of items) if (item.name === name || item.username === name) return id;
    throw new TypeError(`the fake Discord has no ${what} named "${name}"`);
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    botUserId: state.bot.id,
    oauth2: oauth2App(grants, `http://127.0.0.1:${port}`),
    requests: rest.requests,
    unknownRoutes: rest.unknownRoutes,
    events,
    guildId: (name) => find(state.guilds.entries(), name, 'guild'),
    channelId: (guildId, name) =>
      find(
        [...state.channels.entries()].filter(([, channel]) => channel.guild_id === guildId),
        name,
        'channel',
      ),
    userId: (guildId, username) =>
      find(
        [...(state.guilds.get(guildId)?.members.keys() ?? [])].map(
          (id) => [id, state.users.get(id) ?? {}] as [string, { username?: unknown }],
        ),
        username,
        'member',
      ),
    roleId: (guildId, name) => find(state.guilds.get(guildId)?.roles.entries() ?? [], name, 'role'),
    channel: (channelId) => state.channels.get(channelId),
    messages: (channelId) => [...(state.messages.get(channelId)?.values() ?? [])],
    attachment: (attachmentId) => state.files.get(attachmentId),
    member: (guildId, userId) => {
      const guild = state.guilds.get(guildId);
      return guild?.members.has(userId) === true ? state.memberPayload(guild, userId) : undefined;
    },
    setVoiceState: (change) => {
      drivers.setVoiceState(change);
      return whenDelivered();
    },
    delivered,
    deleteChannel: (channelId) => {
      const channel = state.channels.get(channelId);
      if (channel === undefined) throw new TypeError(`no channel ${channelId} in the fake Discord`);
      drivers.deleteChannel(channel);
    },
    addGuild: (seed) => guildDrivers.addGuild(seed),
    removeGuild: (guildId) => guildDrivers.removeGuild(guildDrivers.guild(guildId)),
    addChannel: (guildId, seed) => guildDrivers.addChannel(guildId, seed),
    addMember: (guildId, username, globalName) => drivers.addMember(guildId, username, globalName),
    sendMessage: (post) => drivers.sendMessage(post),
    timedOutUntil: (guildId, userId) =>
      state.guilds.get(guildId)?.members.get(userId)?.communicationDisabledUntil ?? null,
    useSlashCommand: (use) => drivers.useSlashCommand(use),
    pressButton: (press) => drivers.pressButton(press),
    dropConnections: ({ resumable = true } = {}) => gateway.drop(resumable),
    replayRecentEvents: (count) => gateway.replay(count),
    dispatchRaw: (type, data, routeByGuildId = null) => {
      gateway.dispatch(type, data, routeByGuildId);
      return whenDelivered();
    },
    injectFailure: (failure) => limiter.inject(failure),
    async close() {
      interactions.rejectPending();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
