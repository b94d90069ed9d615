import type { BatchLogger, ErrorContext } from '@guildkit/core';
import { type Client, Events, type Message, PermissionFlagsBits } from 'discord.js';
import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import type { Translations } from '../i18n/translations.ts';

/**
 * The anti-spam's limits; every one has a default.
 *
 * @example Stricter than the defaults
 * ```ts
 * const options: AntiSpamOptions = { maxMessages: 5, windowMs: 5_000, timeoutMs: 30 * 60_000 };
 * ```
 */
export interface AntiSpamOptions {
  /** More messages than this within `windowMs` is an offence. @defaultValue 8 */
  readonly maxMessages?: number;
  /** @defaultValue 5_000 */
  readonly windowMs?: number;
  /** More user mentions than this in one message is an offence. @defaultValue 5 */
  readonly maxMentions?: number;
  /** Whether an offending message is deleted. @defaultValue true */
  readonly deleteMessages?: boolean;
  /** This many offences within `offenceWindowMs` time the member out. @defaultValue 3 */
  readonly offencesBeforeTimeout?: number;
  /** @defaultValue 600_000 (10 minutes) */
  readonly offenceWindowMs?: number;
  /** How long a time-out lasts; `0` never times out. @defaultValue 600_000 (10 minutes) */
  readonly timeoutMs?: number;
}

const DEFAULTS = {
  maxMessages: 8,
  windowMs: 5_000,
  maxMentions: 5,
  deleteMessages: true,
  offencesBeforeTimeout: 3,
  offenceWindowMs: 10 * 60_000,
  timeoutMs: 10 * 60_000,
} as const satisfies Required<AntiSpamOptions>;

/**
 * What the anti-spam did about one message.
 *
 * @example Counting spam by reason
 * ```ts
 * guildkit.on('spam', ({ reason }: SpamAction) => metrics.spam.inc({ reason }));
 * ```
 */
export interface SpamAction {
  readonly guildId: string;
  readonly userId: string;
  readonly reason: 'messages' | 'mentions';
  readonly deleted: boolean;
  readonly timedOut: boolean;
}

/** @internal What the anti-spam needs besides its limits. */
export interface AntiSpamDeps {
  readonly log: BatchLogger;
  readonly translations: Translations;
  readonly now: () => number;
  readonly acted: (action: SpamAction) => void;
  readonly failed: (error: unknown, context: ErrorContext) => void;
  /** Whether the anti-spam is on in a guild. @defaultValue everywhere */
  readonly on?: (guildId: string) => boolean;
  /** The language of a guild's posts. @defaultValue the guild's preferred locale */
  readonly localeOf?: (guildId: string) => string | undefined;
}

/** At most 100,000 members tracked at once, the least recently seen dropped first; no slots allocated up front. */
const MEMBER_BOUND = { maxSize: 100_000, sizeCalculation: () => 1 } as const;

/**
 * How many events of each key fell within the last `windowMs`: exact, unlike a token bucket, so
 * that "more than 8 messages in 5 seconds" means exactly that. Keys idle for a window are dropped.
 */
class RecentEvents {
  readonly #windowMs: number;
  readonly #keep: number;
  readonly #times: LRUCache<string, number[]>;

  constructor(windowMs: number, keep: number, now: () => number) {
    this.#windowMs = windowMs;
    this.#keep = keep;
    // Aged on the bot's clock, as the windows are. Bounded by maxSize (each entry size 1) rather
    // than max: lru-cache allocates `max` slots up front (~4 MiB for 100,000), maxSize as keys come.
    this.#times = new LRUCache({ ...MEMBER_BOUND, ttl: windowMs, ttlAutopurge: false, perf: { now } });
  }

  /** How many events the key had in the window up to `now`. */
  count(key: string, now: number): number {
    return (this.#times.get(key) ?? []).filter((at) => now - at < this.#windowMs).length;
  }

  /** Counts an event at `now` and returns how many the key had in the window, this one included. */
  add(key: string, now: number): number {
    const recent = (this.#times.get(key) ?? []).filter((at) => now - at < this.#windowMs);
    recent.push(now);
    // Only the last `keep` matter for the limit.
    this.#times.set(key, recent.length > this.#keep ? recent.slice(-this.#keep) : recent);
    return recent.length;
  }
}

/**
 * The anti-spam: per member, more than `maxMessages` messages in `windowMs`, or more than
 * `maxMentions` user mentions in one message, is an offence: the message is deleted and the
 * activity log warned; the `offencesBeforeTimeout`-th offence within `offenceWindowMs` times the
 * member out. Every message past the rate goes, but one burst counts as one offence. Bots and
 * members who may manage messages are exempt. Deletes and time-outs go a few at a time (time-outs
 * first), so that a raid queues its actions instead of firing hundreds of requests at once. A
 * failing action is logged, never thrown into discord.js. Made by `createGuildkit` from its
 * `antiSpam` option.
 *
 * @example Reading what it did
 * ```ts
 * guildkit.on('spam', (action) => console.log(action.userId, action.reason, action.deleted));
 * ```
 */
export class AntiSpam {
  readonly #limits: Required<AntiSpamOptions>;
  readonly #deps: AntiSpamDeps;
  readonly #messages: RecentEvents;
  readonly #offences: RecentEvents;
  /** When each member's current burst was counted as an offence: one burst is one offence. */
  readonly #burstCounted: LRUCache<string, number>;
  #client: Client | undefined;
  readonly #actions = new PQueue({ concurrency: 4 });
  readonly #stop = new AbortController();
  readonly #listener = (message: Message) => {
    this.check(message).catch((error: unknown) => this.#deps.failed(error, { step: 'anti-spam' }));
  };

  /** @internal */
  public constructor(options: AntiSpamOptions, deps: AntiSpamDeps) {
    const limits = { ...DEFAULTS, ...options };
    for (const [name, value] of Object.entries(limits)) {
      const min = name === 'timeoutMs' ? 0 : 1;
      if (name !== 'deleteMessages' && (!Number.isSafeInteger(value) || (value as number) < min)) {
        throw new TypeError(`antiSpam.${name} must be a whole number of at least ${min}; received ${String(value)}`);
      }
    }
    this.#limits = limits;
    this.#deps = deps;
    const { now } = deps;
    this.#messages = new RecentEvents(limits.windowMs, limits.maxMessages + 1, now);
    this.#offences = new RecentEvents(limits.offenceWindowMs, limits.offencesBeforeTimeout, now);
    this.#burstCounted = new LRUCache({ ...MEMBER_BOUND, ttl: limits.windowMs, ttlAutopurge: false, perf: { now } });
  }

  /** Starts watching the client's messages. */
  public attach(client: Client): this {
    this.#client = client;
    client.on(Events.MessageCreate, this.#listener);
    return this;
  }

  /** Stops listening, drops the actions still queued, and waits for those under way. */
  public async detach(): Promise<void> {
    this.#client?.off(Events.MessageCreate, this.#listener);
    this.#client = undefined;
    this.#stop.abort(new Error('the bot is shutting down'));
    this.#actions.clear();
    await this.#actions.onIdle();
  }

  /** Judges one message, and acts on it. */
  public async check(message: Message): Promise<void> {
    const { guildId, member } = message;
    if (guildId === null || message.author.bot || member === null) return;
    if (this.#deps.on?.(guildId) === false) return;
    if (member.permissions.has(PermissionFlagsBits.ManageMessages)) return;
    const limits = this.#limits;
    const key = `${guildId}:${message.author.id}`;
    const now = this.#deps.now();
    const count = this.#messages.add(key, now);
    let mentions = 0;
    for (const user of message.mentions.users.values()) if (!user.bot) mentions += 1;
    const reason = mentions > limits.maxMentions ? 'mentions' : count > limits.maxMessages ? 'messages' : undefined;
    if (reason === undefined) return;
    // Every message past the limit goes, but a burst is one offence; each mention spam is one.
    const sameBurst =
      reason === 'messages' && now - (this.#burstCounted.get(key) ?? Number.NEGATIVE_INFINITY) < limits.windowMs;
    if (reason === 'messages' && !sameBurst) this.#burstCounted.set(key, now);
    const offences = sameBurst ? this.#offences.count(key, now) : this.#offences.add(key, now);
    const locale = this.#deps.localeOf?.(guildId) ?? message.guild?.preferredLocale;
    const text = this.#deps.translations.strings(locale).activityLog;
    const who = `<@${message.author.id}>`;
    const fields = { guildId, userId: message.author.id, channelId: message.channelId, offences };
    const deleted = limits.deleteMessages && (await this.#act(() => message.delete(), 'delete', fields, 0, text));
    const limit =
      reason === 'mentions'
        ? text.spamMentions(mentions, limits.maxMentions)
        : text.spamMessages(count, limits.windowMs / 1000, limits.maxMessages);
    this.#deps.log.warn('anti-spam', text.spam(who, deleted, limit), fields);
    const timeOut = !sameBurst && limits.timeoutMs > 0 && offences >= limits.offencesBeforeTimeout;
    const timedOut =
      timeOut &&
      (await this.#act(
        () => member.timeout(limits.timeoutMs, `anti-spam: ${offences} offences`),
        'timeout',
        fields,
        1,
        text,
      ));
    if (timedOut) {
      const minutes = limits.timeoutMs / 60_000;
      this.#deps.log.warn('anti-spam', text.timedOut(who, minutes, offences, limits.offenceWindowMs / 60_000), fields);
    }
    this.#deps.acted({ guildId, userId: message.author.id, reason, deleted, timedOut });
  }

  async #act(
    action: () => Promise<unknown>,
    name: string,
    fields: Record<string, unknown>,
    priority: number,
    text: GuildkitStrings['activityLog'],
  ): Promise<boolean> {
    try {
      await this.#actions.add(action, { priority, signal: this.#stop.signal });
      return true;
    } catch (error) {
      if (this.#stop.signal.aborted) return false; // shutting down: not a failure to report
      this.#deps.failed(error, { step: `anti-spam:${name}`, guildId: String(fields.guildId) });
      this.#deps.log.error('anti-spam', text.actionFailed(name, (error as Error).message), fields);
      return false;
    }
  }
}
