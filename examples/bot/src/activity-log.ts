import {
  BatchLogger,
  type GuildkitStore,
  type JobBoard,
  type LogSink,
  storeLogSink,
  type VoiceStateEvent,
} from '@guildkit/core';
import { discordLogSink } from '@guildkit/discord';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from './config.ts';
import type { BotMetrics } from './metrics.ts';

/**
 * The seed bot's activity log: each voice join, leave and move, each job listing opened and
 * closed, and the anti-spam's actions, as structured records in the store and, with
 * LOG_CHANNEL_ID, in that channel (a few messages however busy voice is).
 */
export class ActivityLog {
  readonly logger: BatchLogger;
  /** Where each member in voice is, to tell joins, moves and leaves apart. */
  readonly #where = new Map<string, { readonly id: string; readonly name: string }>();

  constructor(deps: {
    readonly config: BotConfig;
    readonly store: GuildkitStore;
    readonly client: Client;
    readonly logger: Logger;
    readonly metrics: BotMetrics;
    readonly now: () => number;
  }) {
    const { config, store, client, logger, metrics, now } = deps;
    const sinks: LogSink[] = [storeLogSink(store)];
    if (config.logChannelId !== undefined) sinks.push(discordLogSink({ client, channelId: config.logChannelId }));
    this.logger = new BatchLogger({ sinks, now });
    this.logger.on('error', (error, { sink = '', retryInMs }) => {
      metrics.errors.inc({ source: `log_sink_${sink.split(':')[0]}` });
      logger.warn({ err: error, sink, willRetry: retryInMs !== undefined }, 'writing the activity log failed');
    });
  }

  /** Logs a voice change: a join, a move or a leave (mutes and the like are not logged). */
  voice(event: VoiceStateEvent): void {
    if (event.bot) return;
    const key = `${event.guildId}:${event.userId}`;
    const before = this.#where.get(key);
    const after = event.channel;
    if (before?.id === (after?.id ?? undefined)) return;
    if (after === null) this.#where.delete(key);
    else this.#where.set(key, { id: after.id, name: after.name });
    const who = `<@${event.userId}>`;
    const fields = { guildId: event.guildId, userId: event.userId, channelId: after?.id ?? before?.id ?? null };
    if (before === undefined && after !== null) this.logger.info('voice', `${who} joined 🔊${after.name}`, fields);
    else if (after === null) this.logger.info('voice', `${who} left 🔊${before?.name}`, fields);
    else this.logger.info('voice', `${who} moved 🔊${before?.name} → 🔊${after.name}`, fields);
  }

  /** Who is where after a (re)connect: taken in without logging anything. */
  snapshot(states: readonly VoiceStateEvent[]): void {
    for (const state of states) {
      if (state.channel !== null) this.#where.set(`${state.guildId}:${state.userId}`, state.channel);
    }
  }

  /** Logs the job board's listings as they open and close. */
  follow(board: JobBoard): void {
    board.on('opened', (listing) =>
      this.logger.info('job-board', `<@${listing.ownerId}> opened a listing: ${listing.title}`, {
        guildId: listing.guildId,
        postId: listing.postId,
      }),
    );
    board.on('closed', (listing, reason) =>
      this.logger.info('job-board', `listing of <@${listing.ownerId}> closed (${reason}): ${listing.title}`, {
        guildId: listing.guildId,
        postId: listing.postId,
        peak: listing.peakParticipants,
      }),
    );
  }

  /** Writes what is left (the store, and the channel while REST still works). */
  close(): Promise<void> {
    return this.logger.close({ timeoutMs: 5_000 });
  }
}
