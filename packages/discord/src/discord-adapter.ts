import {
  type ChannelDeletedEvent,
  type GuildVoiceSnapshot,
  isSnowflake,
  type MessageEvent,
  type VoiceStateEvent,
} from '@guildkit/core';
import {
  type AnyThreadChannel,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type DMChannel,
  Events,
  type Guild,
  type GuildBasedChannel,
  type Interaction,
  type Message,
  type NonThreadGuildBasedChannel,
  type VoiceState,
} from 'discord.js';
import { GatewayScreen, voiceChannelOf } from './gateway-screen.ts';
import { GuardedEmitter } from './guarded-emitter.ts';

/**
 * A slash command a member used in a guild, with their language.
 *
 * @example Answering in the member's language
 * ```ts
 * const translations = new Translations();
 * adapter.on('command', async (use: CommandUse) => {
 *   if (use.name === 'ping') await use.interaction.reply({ content: translations.strings(use.locale).replies.failed, flags: 64 });
 * });
 * ```
 */
export interface CommandUse {
  /** The command's base (English) name, such as `activity`. */
  readonly name: string;
  /** The subcommand, such as `open` for `/job open`. */
  readonly subcommand: string | null;
  /** The member's Discord locale, such as `'en-US'` or `'ko'`. */
  readonly locale: string;
  /** The guild's preferred locale. */
  readonly guildLocale: string | null;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly interaction: ChatInputCommandInteraction;
}

/**
 * A button a member pressed.
 *
 * @example Routing by custom id
 * ```ts
 * adapter.on('button', (press: ButtonUse) => press.customId.startsWith('job:') && handleJobButton(press));
 * ```
 */
export interface ButtonUse {
  readonly customId: string;
  /** The member's Discord locale, such as `'en-US'` or `'ko'`. */
  readonly locale: string;
  /** The guild's preferred locale. */
  readonly guildLocale: string | null;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly interaction: ButtonInteraction;
}

/**
 * A gateway event the adapter could not map and dropped.
 *
 * @example Logging drops
 * ```ts
 * adapter.on('invalidEvent', (event: InvalidEvent) => logger.warn(event, 'dropped an event'));
 * ```
 */
export interface InvalidEvent {
  readonly source: string;
  readonly reason: string;
}

/**
 * What a {@link DiscordAdapter} emits.
 *
 * @example Subscribing
 * ```ts
 * adapter.on('voiceState', (event) => tracker.apply(event));
 * ```
 */
export interface DiscordAdapterEvents {
  /** A member's voice state changed. */
  voiceState: [event: VoiceStateEvent];
  /** Everyone in voice in a guild: when it becomes available in a new gateway session, or the bot joins it. */
  voiceSnapshot: [snapshot: GuildVoiceSnapshot];
  /** A channel or a thread (such as a forum post) was deleted. */
  channelDelete: [event: ChannelDeletedEvent];
  /** The bot left a guild, or was removed from it (not an outage: the guild is gone for the bot). */
  guildLeave: [event: { readonly guildId: string; readonly at: number }];
  /**
   * A message was posted in a guild (its content is not read): in a thread or a forum post, the
   * channel is the thread's parent. Needs the GuildMessages intent; system messages are left out.
   */
  message: [event: MessageEvent];
  /** A slash command was used in a guild: every one, guildkit's or not (filter by `use.name`). */
  command: [use: CommandUse];
  /** A button was pressed in a guild. */
  button: [use: ButtonUse];
  /** A gateway event could not be mapped; it was counted and dropped. */
  invalidEvent: [event: InvalidEvent];
  /**
   * A listener of this adapter threw, or returned a promise that rejected; the error was counted
   * and kept away from discord.js.
   */
  handlerError: [error: unknown, event: string];
}

/**
 * What a {@link DiscordAdapter} has handled since it was made.
 *
 * @example
 * ```ts
 * const { voiceStates, invalid }: DiscordAdapterStats = adapter.stats();
 * ```
 */
export interface DiscordAdapterStats {
  readonly voiceStates: number;
  readonly voiceSnapshots: number;
  readonly channelDeletes: number;
  readonly commands: number;
  readonly buttons: number;
  readonly messages: number;
  /** Events dropped because they could not be mapped. */
  readonly invalid: number;
  /** Errors thrown by this adapter's listeners, or by the promises they returned. */
  readonly handlerErrors: number;
}

/**
 * Options of {@link DiscordAdapter}.
 *
 * @example With a test clock
 * ```ts
 * const options: DiscordAdapterOptions = { client, now: () => clock.now() };
 * ```
 */
export interface DiscordAdapterOptions {
  /** The discord.js client, logged in or not yet. */
  readonly client: Client;
  /** The clock that stamps events, epoch milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * Turns discord.js gateway events into guildkit's platform-neutral events. It adds its listeners
 * to the client once, in `attach()`, and removes them in `detach()`. Nothing it does, nor anything
 * its listeners throw or reject with (async listeners included), reaches discord.js's event loop:
 * bad events are counted and dropped, listener failures are emitted as `handlerError`.
 *
 * @example Feeding voice events to a tracker
 * ```ts
 * import { DiscordAdapter } from '@guildkit/discord';
 *
 * const adapter = new DiscordAdapter({ client }).attach();
 * adapter.on('voiceState', (event) => console.log(event.userId, event.channel?.name ?? 'left'));
 * adapter.on('voiceSnapshot', (snapshot) => console.log(snapshot.guildId, snapshot.states.length));
 * ```
 */
export class DiscordAdapter extends GuardedEmitter<DiscordAdapterEvents> {
  readonly #client: Client;
  readonly #now: () => number;
  /** The raw dispatches, screened before discord.js handles them. */
  readonly #gateway: GatewayScreen;
  readonly #stats = {
    voiceStates: 0,
    voiceSnapshots: 0,
    channelDeletes: 0,
    commands: 0,
    buttons: 0,
    messages: 0,
    invalid: 0,
    handlerErrors: 0,
  };
  #attached = false;

  // One listener per discord.js event, added in attach() and removed in detach(). Each new gateway
  // session (the first, and any after a failed resume) makes every guild available again, so a
  // snapshot follows; a resume does not, as nothing was missed.
  // biome-ignore lint/suspicious/noExplicitAny: discord.js types listeners per event; this table holds several
  readonly #listeners: readonly [string, (...args: any[]) => void][] = [
    // Raw dispatches, before discord.js handles them: a malformed one is dropped here, counted.
    // These two run for every voice event: their guard is written out, with no closure to make.
    [
      Events.Raw,
      (packet: unknown, shardId: number) => {
        try {
          this.#screen(packet, shardId);
        } catch (error) {
          this.#failed(error, 'raw');
        }
      },
    ],
    [
      Events.VoiceStateUpdate,
      (_before: VoiceState, after: VoiceState) => {
        try {
          this.#voiceState(after);
        } catch (error) {
          this.#failed(error, 'voiceStateUpdate');
        }
      },
    ],
    [Events.GuildCreate, (guild: Guild) => this.#safely('guildCreate', () => this.#snapshot(guild))],
    [Events.GuildAvailable, (guild: Guild) => this.#safely('guildAvailable', () => this.#snapshot(guild))],
    [
      Events.GuildDelete,
      (guild: Guild) =>
        this.#safely('guildDelete', () => {
          // discord.js emits guildUnavailable, not guildDelete, for an outage.
          if (isSnowflake(guild?.id)) this.emit('guildLeave', { guildId: guild.id, at: this.#now() });
        }),
    ],
    [
      Events.ChannelDelete,
      (channel: DMChannel | NonThreadGuildBasedChannel) =>
        this.#safely('channelDelete', () => this.#channelDelete(channel)),
    ],
    [
      Events.ThreadDelete,
      (thread: AnyThreadChannel) => this.#safely('threadDelete', () => this.#channelDelete(thread)),
    ],
    [
      Events.MessageCreate,
      (message: Message) => {
        try {
          this.#message(message);
        } catch (error) {
          this.#failed(error, 'messageCreate');
        }
      },
    ],
    [
      Events.InteractionCreate,
      (interaction: Interaction) => this.#safely('interactionCreate', () => this.#interaction(interaction)),
    ],
  ];

  public constructor(options: DiscordAdapterOptions) {
    super();
    if (options?.client === undefined) throw new TypeError('DiscordAdapterOptions.client must be a discord.js Client');
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
    this.#gateway = new GatewayScreen(this.#client, this.#now);
  }

  /** Starts listening to the client; calling it again does nothing. */
  public attach(): this {
    if (this.#attached) return this;
    this.#attached = true;
    for (const [event, listener] of this.#listeners) this.#client.on(event, listener);
    return this;
  }

  /** Stops listening to the client. */
  public detach(): this {
    this.#attached = false;
    for (const [event, listener] of this.#listeners) this.#client.off(event, listener);
    return this;
  }

  /** Counts of what was handled, dropped and thrown. */
  public stats(): DiscordAdapterStats {
    return { ...this.#stats };
  }

  /** Maps one discord.js voice state to a guildkit event, or `undefined` when it is malformed. */
  public toVoiceStateEvent(state: VoiceState, at = this.#now()): VoiceStateEvent | undefined {
    const guildId = state?.guild?.id;
    const userId = state?.id;
    if (!isSnowflake(guildId) || !isSnowflake(userId) || !Number.isFinite(at)) return undefined;
    const { channelId } = state;
    const channel =
      channelId === null || channelId === undefined ? null : (state.guild.channels.cache.get(channelId) ?? channelId);
    return this.#event(state, guildId, userId, channel, at);
  }

  /** The event of a voice state whose ids are checked, in `channel` (or a channel id not in the cache). */
  #event(
    state: VoiceState,
    guildId: string,
    userId: string,
    channel: GuildBasedChannel | string | null,
    at: number,
  ): VoiceStateEvent {
    return {
      guildId,
      userId,
      channel:
        channel === null
          ? null
          : typeof channel === 'string'
            ? { id: channel, name: '', parentId: null }
            : this.#gateway.ref(channel),
      at,
      selfMute: state.selfMute ?? false,
      selfDeaf: state.selfDeaf ?? false,
      serverMute: state.serverMute ?? false,
      serverDeaf: state.serverDeaf ?? false,
      bot: state.member?.user.bot ?? this.#client.users.cache.get(userId)?.bot ?? false,
      afkChannelId: state.guild.afkChannelId ?? null,
    };
  }

  #screen(packet: unknown, shardId: number): void {
    const type = (packet as { t?: unknown } | null)?.t;
    const reason = this.#gateway.screen(packet, shardId);
    if (reason !== undefined) this.#invalid(`gateway:${String(type)}`, reason);
  }

  #voiceState(after: VoiceState): void {
    // Made from its dispatch, which discord.js has just handled: nothing to look up again.
    const made = this.#gateway.takeEvent(after);
    if (made !== undefined) {
      this.#stats.voiceStates += 1;
      this.emit('voiceState', made);
      return;
    }
    // When its dispatch arrived (taken off the list even when the state is refused below).
    const arrivedAt = this.#gateway.arrival(after);
    const guild = after?.guild;
    const userId = after?.id;
    // From a dispatch, both were screened as snowflakes already: a string is enough here.
    if (typeof guild?.id !== 'string' || typeof userId !== 'string') {
      this.#invalid('voiceStateUpdate', 'missing or malformed guild or member id');
      return;
    }
    // The channel is looked up once, to check it and to name it.
    const { channelId } = after;
    const channel = channelId === null ? null : voiceChannelOf(guild, channelId);
    if (channel === undefined) {
      this.#invalid('voiceStateUpdate', `channel ${channelId} is not a voice or stage channel of guild ${guild.id}`);
      return;
    }
    const event = this.#event(after, guild.id, userId, channel, arrivedAt ?? this.#now());
    this.#stats.voiceStates += 1;
    this.emit('voiceState', event);
  }

  /** Who is in voice in a guild now, from discord.js's cache, as voice events at `at`. */
  public voiceStatesOf(guild: Guild, at = this.#now()): VoiceStateEvent[] {
    return guild.voiceStates.cache
      .filter((state) => state.channelId !== null)
      .map((state) => this.toVoiceStateEvent(state, at))
      .filter((event): event is VoiceStateEvent => event !== undefined);
  }

  #snapshot(guild: Guild): void {
    if (!guild.available) return;
    const at = this.#now();
    const states = this.voiceStatesOf(guild, at);
    this.#stats.voiceSnapshots += 1;
    this.emit('voiceSnapshot', { guildId: guild.id, at, afkChannelId: guild.afkChannelId ?? null, states });
  }

  #channelDelete(channel: DMChannel | NonThreadGuildBasedChannel | AnyThreadChannel): void {
    if (!('guildId' in channel) || !isSnowflake(channel.guildId) || !isSnowflake(channel.id)) return;
    this.#stats.channelDeletes += 1;
    this.emit('channelDelete', { guildId: channel.guildId, channelId: channel.id, at: this.#now() });
  }

  #message(message: Message): void {
    if (!message.inGuild() || message.system || this.listenerCount('message') === 0) return;
    const posted = message.channel;
    const channel = posted.isThread() ? posted.parent : posted;
    if (channel === null) return;
    this.#stats.messages += 1;
    this.emit('message', {
      guildId: message.guildId,
      userId: message.author.id,
      channel: { id: channel.id, name: channel.name, parentId: channel.parentId },
      at: message.createdTimestamp,
      bot: message.author.bot || message.webhookId !== null,
    });
  }

  #interaction(interaction: Interaction): void {
    if (!interaction.inGuild()) return;
    const common = {
      locale: interaction.locale,
      guildLocale: interaction.guildLocale ?? null,
      guildId: interaction.guildId,
      channelId: interaction.channelId ?? '',
      userId: interaction.user.id,
    };
    if (interaction.isChatInputCommand()) {
      this.#stats.commands += 1;
      this.emit('command', {
        ...common,
        name: interaction.commandName,
        subcommand: interaction.options.getSubcommand(false),
        interaction,
      });
    } else if (interaction.isButton()) {
      this.#stats.buttons += 1;
      this.emit('button', { ...common, customId: interaction.customId, interaction });
    }
  }

  #invalid(source: string, reason: string): void {
    this.#stats.invalid += 1;
    this.emit('invalidEvent', { source, reason });
  }

  /** Runs the adapter's own work on a discord.js event so that nothing it throws reaches discord.js. */
  #safely(event: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#failed(error, event);
    }
  }

  /** Counts a failure and tells the `handlerError` listeners; one of those failing is only counted. */
  protected override listenerFailed(error: unknown, event: string): void {
    this.#failed(error, event);
  }

  #failed(error: unknown, event: string): void {
    this.#stats.handlerErrors += 1;
    if (event === 'handlerError') return;
    this.emit('handlerError', error, event);
  }
}
