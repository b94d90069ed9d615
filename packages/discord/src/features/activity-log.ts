import {
  type ActivityRoles,
  BatchLogger,
  type CloseOptions,
  type ErrorContext,
  type JobBoard,
  type LogRecord,
  type LogSink,
  type LogStore,
  storeLogSink,
  type VoiceChannelRef,
  type VoiceStateEvent,
} from '@guildkit/core';
import type { Client } from 'discord.js';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import type { Translations } from '../i18n/translations.ts';
import { discordLogSink } from '../log-sink.ts';
import { CHUNK, type VoiceChangeChunk, VoiceChanges } from './voice-changes.ts';
import { WhenQuiet } from './when-quiet.ts';

/** @internal What the activity log needs. */
export interface ActivityLogOptions {
  readonly client: Client;
  readonly store: LogStore;
  /** Whether the activity log is on in a guild. */
  readonly on: (guildId: string) => boolean;
  /** A guild's log channel, if any; for records of no guild, the bot's default one. */
  readonly channelOf: (guildId: string | undefined) => string | undefined;
  /** Whether there may be a log channel at all: without, records go to the store only. */
  readonly anyChannel: boolean;
  /** The language of a guild's posts. */
  readonly localeOf: (guildId: string) => string | undefined;
  readonly translations: Translations;
  /** Days records are kept; `0` keeps them for ever. */
  readonly retentionDays: number;
  readonly now: () => number;
  readonly failed: (error: unknown, context: ErrorContext) => void;
}

/** Records deleted per transaction when old ones are pruned: each delete is short. */
const PRUNE_BATCH = 5_000;
/** How often old records are pruned. */
const PRUNE_EVERY_MS = 60 * 60_000;
/** Voice changes waiting, at most: past it, a slice is logged at once. */
const MAX_WAITING = 100_000;

/**
 * The community's activity log: each voice join, leave and move, each job listing opened and
 * closed, and the anti-spam's actions, as structured records in the store and, with a log channel,
 * in that channel (a few messages however busy voice is), in the guild's language. Made by
 * `createGuildkit` from its `activityLog` option; `logger` takes records of the bot's own too.
 *
 * The gateway goes first: a voice change is noted as it comes (who, where from, where to, when,
 * 200–300 ns), and turned into a record, with its own time, once the event loop is not saturated
 * (within 3 s in any case): a burst of tens of thousands of voice events, and the commands queued
 * behind them, are not held up by formatting and writing its records. {@link ActivityLog.flush}
 * writes what waits at once.
 *
 * @example A record of the bot's own, beside guildkit's
 * ```ts
 * guildkit.activityLog?.logger.info('welcome', `<@${member.id}> joined the server`, { guildId: member.guild.id });
 * ```
 */
export class ActivityLog {
  /** The batching logger behind it: to the store, and to the log channel. */
  public readonly logger: BatchLogger;
  readonly #translations: Translations;
  readonly #on: (guildId: string) => boolean;
  readonly #localeOf: (guildId: string) => string | undefined;
  readonly #store: LogStore;
  readonly #retentionDays: number;
  readonly #now: () => number;
  readonly #failed: (error: unknown, context: ErrorContext) => void;
  #pruneTimer: ReturnType<typeof setInterval> | undefined;
  #pruning: Promise<number> | undefined;
  /**
   * Where each member in voice is, by guild then member, to tell joins, moves and leaves apart.
   * Two lookups by the ids as they come, rather than one by a `guild:member` key made (and hashed)
   * anew for each event.
   */
  readonly #where = new Map<string, Map<string, VoiceChannelRef>>();
  /** The voice changes noted and not yet logged. */
  readonly #changes = new VoiceChanges();
  readonly #quiet = new WhenQuiet({
    slice: () => this.#logSlice(),
    // Formatting outruns the store: past two chunks of records waiting for it, the next waits.
    ready: () => (this.logger.stats().sinks.store?.buffered ?? 0) < 2 * CHUNK,
    failed: (error) => this.#failed(error, { step: 'voice' }),
  });

  /** @internal */
  public constructor(options: ActivityLogOptions) {
    const { client, store, translations, now, failed, retentionDays, channelOf } = options;
    if (!Number.isSafeInteger(retentionDays) || retentionDays < 0) {
      throw new TypeError(
        `activityLog.retentionDays must be a whole number of days, 0 to keep records for ever; received ${String(retentionDays)}`,
      );
    }
    this.#translations = translations;
    this.#on = options.on;
    this.#localeOf = options.localeOf;
    this.#store = store;
    this.#retentionDays = retentionDays;
    this.#now = now;
    this.#failed = failed;
    if (retentionDays > 0) {
      this.#pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
      this.#pruneTimer.unref?.();
    }
    // The store keeps every record: behind a slow store (a busy database during a burst of tens of
    // thousands of voice events) up to 100,000 records wait for it (~35 MiB at most), not the
    // logger's 10,000, past which they would be dropped.
    const sinks: LogSink[] = [storeLogSink(store, { maxBuffer: 100_000 })];
    if (options.anyChannel) {
      // Each record to its guild's log channel, in that guild's language, looked up at each write.
      const guildOf = (record: LogRecord) => record.fields?.guildId as string | undefined;
      const locale = (channelId: string) => this.#strings(client.channels.cache.get(channelId));
      sinks.push(discordLogSink({ client, channelId: (record) => channelOf(guildOf(record)), locale }));
    }
    this.logger = new BatchLogger({ sinks, now });
    this.logger.on('error', (error, context) => failed(error, { ...context, step: 'activity-log' }));
  }

  /**
   * Logs a voice change: a join, a move or a leave (mutes and the like are not logged), once the
   * event loop is not saturated, with the time of the event.
   */
  public voice(event: VoiceStateEvent): void {
    if (event.bot) return;
    const { guildId, userId } = event;
    if (!this.#on(guildId)) return;
    const members = this.#where.get(guildId);
    const before = members?.get(userId);
    const after = event.channel;
    if (before === undefined ? after === null : before.id === after?.id) return;
    if (after === null) members?.delete(userId);
    else if (members === undefined) this.#place(guildId, userId, after);
    else members.set(userId, after);
    this.#changes.add(event.at, guildId, userId, before, after);
    if (this.#changes.waiting >= MAX_WAITING) this.#logSlice();
    this.#quiet.wake();
  }

  /** Logs the oldest chunk of the voice changes waiting; whether any are left. */
  #logSlice(): boolean {
    const chunk = this.#changes.take();
    if (chunk === undefined) return false;
    for (let change = 0; change < chunk.length; change += 1) {
      try {
        this.#logChange(chunk, change);
      } catch (error) {
        // A catalogue function that throws costs its record, not the others.
        this.#failed(error, { step: 'voice' });
      }
    }
    return this.#changes.waiting > 0;
  }

  #logChange(chunk: VoiceChangeChunk, change: number): void {
    const guildId = chunk.guildId[change] as string;
    const userId = chunk.userId[change] as string;
    const before = chunk.before[change];
    const after = chunk.after[change] as VoiceChannelRef | null;
    const text = this.#guildStrings(guildId).activityLog;
    const who = `<@${userId}>`;
    const message =
      before === undefined
        ? text.joined(who, (after as VoiceChannelRef).name)
        : after === null
          ? text.left(who, before.name)
          : text.moved(who, before.name, after.name);
    const channelId = after?.id ?? (before as VoiceChannelRef).id;
    this.logger.logAt(chunk.at[change] as number, 'info', 'voice', message, { guildId, userId, channelId });
  }

  /** Who is where after a (re)connect: taken in without logging anything. */
  public snapshot(states: readonly VoiceStateEvent[]): void {
    for (const state of states) if (state.channel !== null) this.#place(state.guildId, state.userId, state.channel);
  }

  #place(guildId: string, userId: string, channel: VoiceChannelRef): void {
    let members = this.#where.get(guildId);
    if (members === undefined) {
      members = new Map();
      this.#where.set(guildId, members);
    }
    members.set(userId, channel);
  }

  /** Logs the job board's listings as they open and close. */
  public follow(board: JobBoard): void {
    board.on(
      'opened',
      (listing) =>
        this.#on(listing.guildId) &&
        this.logger.info(
          'job-board',
          this.#guildStrings(listing.guildId).activityLog.listingOpened(`<@${listing.ownerId}>`, listing.title),
          { guildId: listing.guildId, postId: listing.postId },
        ),
    );
    board.on(
      'closed',
      (listing, reason) =>
        this.#on(listing.guildId) &&
        this.logger.info(
          'job-board',
          this.#guildStrings(listing.guildId).activityLog.listingClosed(`<@${listing.ownerId}>`, reason, listing.title),
          { guildId: listing.guildId, postId: listing.postId, peak: listing.peakParticipants },
        ),
    );
  }

  /** Logs each role an activity-role run gives or takes. */
  public followRoles(roles: ActivityRoles): void {
    roles.on(
      'changed',
      ({ guildId, change }) =>
        this.#on(guildId) &&
        this.logger.info(
          'roles',
          this.#guildStrings(guildId).activityLog.roleChanged(
            `<@${change.userId}>`,
            `<@&${change.roleId}>`,
            change.action,
          ),
          { guildId, userId: change.userId, roleId: change.roleId, action: change.action },
        ),
    );
  }

  /** The strings of a guild's language. */
  #guildStrings(guildId: string): GuildkitStrings {
    return this.#translations.strings(this.#localeOf(guildId));
  }

  #strings(channel: unknown): GuildkitStrings {
    const guildId = (channel as { guildId?: string } | undefined)?.guildId;
    return guildId === undefined ? this.#translations.strings(undefined) : this.#guildStrings(guildId);
  }

  /**
   * Deletes the records older than `retentionDays` from the store, in batches of 5,000 (one short
   * transaction each, with the event loop free between them); it runs every hour by itself. Never
   * rejects: a failure is emitted as `error` (`step: 'activity-log:prune'`).
   *
   * @returns how many records it deleted
   */
  public prune(): Promise<number> {
    if (this.#retentionDays === 0) return Promise.resolve(0);
    this.#pruning ??= (async () => {
      const before = this.#now() - this.#retentionDays * 86_400_000;
      let deleted = 0;
      try {
        for (;;) {
          const batch = await this.#store.pruneLogs({ before, limit: PRUNE_BATCH });
          deleted += batch;
          if (batch < PRUNE_BATCH) return deleted;
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        this.#failed(error, { step: 'prune' });
        return deleted;
      } finally {
        this.#pruning = undefined;
      }
    })();
    return this.#pruning;
  }

  /**
   * Logs the voice changes waiting for a quiet event loop, and writes every record waiting, now.
   *
   * @throws `Error` naming the sinks that still hold records after `timeoutMs` (default 30 s)
   *
   * @example Every voice record in the store before reading it back
   * ```ts
   * await guildkit.activityLog?.flush();
   * const records = await store.readRecentLogs({ source: 'voice' });
   * ```
   */
  public flush(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    this.#quiet.finish();
    return this.logger.flush(options);
  }

  /** Writes what is left (the store, and the channel while REST still works). */
  public async close(options: CloseOptions = {}): Promise<void> {
    if (this.#pruneTimer !== undefined) clearInterval(this.#pruneTimer);
    this.#quiet.finish();
    await this.#pruning;
    return this.logger.close({ timeoutMs: options.timeoutMs ?? 5_000 });
  }
}
