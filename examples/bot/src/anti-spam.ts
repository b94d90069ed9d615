import type { BatchLogger } from '@guildkit/core';
import { type Client, Events, type Message, PermissionFlagsBits } from 'discord.js';
import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import type { AntiSpamConfig } from './config.ts';
import type { BotMetrics } from './metrics.ts';

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
    // Aged on the bot's clock, as the windows are.
    this.#times = new LRUCache({ max: 100_000, ttl: windowMs, ttlAutopurge: false, perf: { now } });
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
 * The seed bots' anti-spam: per member, more than `maxMessages` messages in `windowMs`, or more than
 * `maxMentions` user mentions in one message, is an offence: the message is deleted and the log
 * channel warned; the `offencesBeforeTimeout`-th offence within `offenceWindowMs` times the member
 * out. Every message past the rate goes, but one burst counts as one offence. Bots and members who may manage messages are exempt. A failing action is logged, never
 * thrown into discord.js.
 */
export class AntiSpam {
  readonly #config: AntiSpamConfig;
  readonly #log: BatchLogger;
  readonly #metrics: BotMetrics;
  readonly #now: () => number;
  readonly #messages: RecentEvents;
  readonly #offences: RecentEvents;
  /** When each member's current burst was counted as an offence: one burst is one offence. */
  readonly #burstCounted: LRUCache<string, number>;
  #client: Client | undefined;
  /**
   * Deletes and time-outs, a few at a time: a raid of spammers queues its actions, time-outs
   * first, instead of firing hundreds of requests at once; shutdown waits for what is under way.
   */
  readonly #actions = new PQueue({ concurrency: 4 });
  readonly #stop = new AbortController();
  readonly #listener = (message: Message) => {
    this.check(message).catch(() => {}); // check() logs its own failures
  };

  constructor(config: AntiSpamConfig, log: BatchLogger, metrics: BotMetrics, now: () => number) {
    this.#config = config;
    this.#log = log;
    this.#metrics = metrics;
    this.#now = now;
    this.#messages = new RecentEvents(config.windowMs, config.maxMessages + 1, now);
    this.#offences = new RecentEvents(config.offenceWindowMs, config.offencesBeforeTimeout, now);
    this.#burstCounted = new LRUCache({ max: 100_000, ttl: config.windowMs, ttlAutopurge: false, perf: { now } });
  }

  attach(client: Client): this {
    this.#client = client;
    client.on(Events.MessageCreate, this.#listener);
    return this;
  }

  /** Stops listening, drops the actions still queued, and waits for those under way. */
  async detach(): Promise<void> {
    this.#client?.off(Events.MessageCreate, this.#listener);
    this.#client = undefined;
    this.#stop.abort(new Error('the bot is shutting down'));
    this.#actions.clear();
    await this.#actions.onIdle();
  }

  /** Judges one message, and acts on it. */
  async check(message: Message): Promise<void> {
    const { guildId, member } = message;
    if (guildId === null || message.author.bot || member === null) return;
    if (member.permissions.has(PermissionFlagsBits.ManageMessages)) return;
    const key = `${guildId}:${message.author.id}`;
    const now = this.#now();
    const count = this.#messages.add(key, now);
    let mentions = 0;
    for (const user of message.mentions.users.values()) if (!user.bot) mentions += 1;
    const reason =
      mentions > this.#config.maxMentions ? 'mentions' : count > this.#config.maxMessages ? 'messages' : undefined;
    if (reason === undefined) return;
    this.#metrics.spam.inc({ reason });
    // Every message past the limit goes, but a burst is one offence; each mention spam is one.
    const sameBurst =
      reason === 'messages' && now - (this.#burstCounted.get(key) ?? Number.NEGATIVE_INFINITY) < this.#config.windowMs;
    if (reason === 'messages' && !sameBurst) this.#burstCounted.set(key, now);
    const offences = sameBurst ? this.#offences.count(key, now) : this.#offences.add(key, now);
    const fields = { guildId, userId: message.author.id, channelId: message.channelId, offences };
    const deleted = this.#config.deleteMessages && (await this.#act(() => message.delete(), 'delete', fields, 0));
    const limit =
      reason === 'mentions'
        ? `${mentions} mentions in one message (more than ${this.#config.maxMentions})`
        : `${count} messages in ${this.#config.windowMs / 1000} s (more than ${this.#config.maxMessages})`;
    this.#log.warn(
      'anti-spam',
      `${deleted ? 'deleted a message of' : 'spam from'} <@${message.author.id}>: ${limit}`,
      fields,
    );
    const timeOut = !sameBurst && this.#config.timeoutMs > 0 && offences >= this.#config.offencesBeforeTimeout;
    const timedOut =
      timeOut &&
      (await this.#act(
        () => member.timeout(this.#config.timeoutMs, `anti-spam: ${offences} offences`),
        'timeout',
        fields,
        1,
      ));
    if (timedOut) {
      this.#log.warn(
        'anti-spam',
        `timed out <@${message.author.id}> for ${this.#config.timeoutMs / 60_000} minutes: ${offences} offences in ${this.#config.offenceWindowMs / 60_000} minutes`,
        fields,
      );
    }
  }

  async #act(
    action: () => Promise<unknown>,
    name: string,
    fields: Record<string, unknown>,
    priority: number,
  ): Promise<boolean> {
    try {
      await this.#actions.add(action, { priority, signal: this.#stop.signal });
      return true;
    } catch (error) {
      if (this.#stop.signal.aborted) return false; // shutting down: not a failure to report
      this.#metrics.errors.inc({ source: `anti_spam_${name}` });
      this.#log.error('anti-spam', `could not ${name}: ${(error as Error).message}`, fields);
      return false;
    }
  }
}
