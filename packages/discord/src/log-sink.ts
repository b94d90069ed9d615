import { type GuildkitLocale, isSnowflake, type LogLevel, type LogRecord, type LogSink } from '@guildkit/core';
import { type Client, DiscordAPIError, escapeMarkdown, Routes } from 'discord.js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';
import { stringsFor } from './i18n/translations.ts';

/**
 * Options of {@link discordLogSink}.
 *
 * @example Warnings and above to a moderators' channel, in English
 * ```ts
 * const options: DiscordLogSinkOptions = { client, channelId: '1400000000000000001', minLevel: 'warn', locale: 'en' };
 * ```
 */
export interface DiscordLogSinkOptions {
  readonly client: Client;
  /**
   * The text channel the records go to; or, for a bot in many guilds, the channel of each record
   * (its guild's log channel, say), `undefined` for none.
   */
  readonly channelId: string | ((record: LogRecord) => string | undefined);
  /** Only records at this level or above. @defaultValue 'info' */
  readonly minLevel?: LogLevel;
  /**
   * The language of the "and N more" line: a built-in one (`'en'`, `'ko'`), the strings of any, or
   * a function that gives them for a channel at each write. @defaultValue 'en'
   */
  readonly locale?: GuildkitLocale | GuildkitStrings | ((channelId: string) => GuildkitStrings);
  /** The longest a record waits. @defaultValue 5_000 */
  readonly flushIntervalMs?: number;
  /**
   * Records per batch, at most. A batch is written at once when it is full, and every
   * `flushIntervalMs` otherwise; each batch makes at most `messagesPerBatch` messages. So the
   * default is large: a burst of 60,000 voice events makes a dozen messages, not hundreds that
   * Discord's 5 messages per 5 seconds per channel would hold back for minutes (and delay the bot's
   * other requests meanwhile). @defaultValue 10_000
   */
  readonly batchSize?: number;
  /**
   * Records waiting for the channel, at most: past it the oldest are dropped and counted, and the
   * next batch starts with a line saying how many (the store keeps every record). A batch shows
   * about 50 lines in its `messagesPerBatch` messages, so holding a burst's tens of thousands of
   * records only costs memory and garbage collection. @defaultValue 1_000
   */
  readonly maxBuffer?: number;
  /**
   * Messages per batch, at most; what does not fit is counted in a last line. With the default
   * interval that is at most 2 messages in 5 seconds, under Discord's 5 per 5 seconds per channel.
   * @defaultValue 2
   */
  readonly messagesPerBatch?: number;
  /**
   * One record as a line of text. Called only for the records a message shows, in order: those
   * counted in the "and N more" line are not formatted. @defaultValue {@link formatLogLine}
   */
  readonly format?: (record: LogRecord) => string;
}

/** Discord's longest message. */
const MAX_MESSAGE = 2_000;
// Discord's codes for a channel that is gone or that the bot may not post in: retrying will not help.
const FOR_GOOD = new Set([10003, 50001, 50013]);

const LEVEL_MARK: Readonly<Record<LogLevel, string>> = {
  trace: '⚪',
  debug: '⚪',
  info: '🔵',
  warn: '🟠',
  error: '🔴',
  fatal: '⛔',
};

/**
 * The default line of a record: its time (shown in each reader's own time zone), a mark for its
 * level, the source in bold, the message, and its fields, with Markdown escaped.
 *
 * @example
 * ```ts
 * import { formatLogLine } from '@guildkit/discord';
 *
 * formatLogLine({ at: Date.now(), level: 'info', source: 'voice', message: 'member joined', fields: { channel: '일반' } });
 * // '<t:1764000000:T> 🔵 **voice** member joined · channel=일반'
 * ```
 */
export function formatLogLine(record: LogRecord): string {
  const fields = fieldsText(record);
  const text = `${record.message}${fields === '' ? '' : ` · ${fields}`}`;
  const line = `<t:${Math.floor(record.at / 1000)}:T> ${LEVEL_MARK[record.level]} **${escapeMarkdown(record.source)}** ${escapeMarkdown(text)}`;
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}

/** @internal A record's fields as `key=value, …`; strings as they are, other values as JSON. */
export function fieldsText(record: LogRecord): string {
  return Object.entries(record.fields ?? {})
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/**
 * A {@link @guildkit/core!LogSink} that posts records to a Discord channel: many records to a
 * message, split at Discord's 2,000 characters, at most `messagesPerBatch` messages a batch (the
 * rest counted in a last line; the store keeps them all), so that a burst of hundreds of records a
 * second gives a few messages and never a 429. Messages go through discord.js's REST client and
 * can ping no one. A channel that is gone or closed to the bot refuses the batch for good.
 *
 * @example The bot's log channel beside the store
 * ```ts
 * import { BatchLogger, storeLogSink } from '@guildkit/core';
 * import { discordLogSink } from '@guildkit/discord';
 *
 * const logger = new BatchLogger({ sinks: [storeLogSink(store), discordLogSink({ client, channelId })] });
 * ```
 */
export function discordLogSink(options: DiscordLogSinkOptions): LogSink {
  const { client, channelId, messagesPerBatch = 2, format = formatLogLine } = options;
  const { locale } = options;
  if (typeof channelId !== 'function' && !isSnowflake(channelId)) {
    throw new TypeError(
      `DiscordLogSinkOptions.channelId must be a channel id (a snowflake); received ${String(channelId)}`,
    );
  }
  const post = async (channel: string, records: readonly LogRecord[]) => {
    const more = (count: number) =>
      stringsFor(typeof locale === 'function' ? locale(channel) : locale).activityLog.more(count);
    // Lines are formatted as they are packed: the records counted in the last line are never formatted.
    for (const content of packMessages(
      records.length,
      (index) => format(records[index] as LogRecord),
      messagesPerBatch,
      more,
    )) {
      try {
        await client.rest.post(Routes.channelMessages(channel), {
          body: { content, allowed_mentions: { parse: [] } },
        });
      } catch (error) {
        if (error instanceof DiscordAPIError && typeof error.code === 'number' && FOR_GOOD.has(error.code)) {
          throw Object.assign(
            new Error(`the log channel ${channel} refused the records: ${error.message}`, { cause: error }),
            { permanent: true },
          );
        }
        throw error;
      }
    }
  };
  return {
    name: typeof channelId === 'function' ? 'discord' : `discord:${channelId}`,
    minLevel: options.minLevel ?? 'info',
    flushIntervalMs: options.flushIntervalMs ?? 5_000,
    batchSize: options.batchSize ?? 10_000,
    maxBuffer: options.maxBuffer ?? 1_000,
    async write(records) {
      if (typeof channelId !== 'function') return post(channelId, records);
      const byChannel = new Map<string, LogRecord[]>();
      for (const record of records) {
        const channel = channelId(record);
        if (channel === undefined) continue;
        const group = byChannel.get(channel);
        if (group === undefined) byChannel.set(channel, [record]);
        else group.push(record);
      }
      // Channel by channel: one that fails costs its own lines, not the other channels' (the store keeps all).
      const failures: unknown[] = [];
      for (const [channel, group] of byChannel) await post(channel, group).catch((error) => failures.push(error));
      if (failures.length === 0) return;
      if (
        failures.length === byChannel.size &&
        failures.every((error) => !(error as { permanent?: boolean }).permanent)
      )
        throw failures[0]; // nothing went out: the whole batch may be tried again
      const reasons = failures.map((error) => (error instanceof Error ? error.message : String(error)));
      throw Object.assign(new Error(`${failures.length} log channels refused their records: ${reasons.join('; ')}`), {
        permanent: true,
      });
    },
  };
}

/** @internal Lines packed into at most `limit` messages; what does not fit is counted in the last one. */
export function messagesOf(lines: readonly string[], limit: number, moreLine: (count: number) => string): string[] {
  return packMessages(lines.length, (index) => lines[index] as string, limit, moreLine);
}

/**
 * @internal {@link messagesOf} over `count` lines made on demand by `lineAt` (in order, each at most
 * once): the lines past the last message are counted without being made.
 */
export function packMessages(
  count: number,
  lineAt: (index: number) => string,
  limit: number,
  moreLine: (count: number) => string,
): string[] {
  const messages: string[] = [];
  let current = '';
  let index = 0;
  for (; index < count; index += 1) {
    const line = lineAt(index);
    if (current.length + line.length + 1 <= MAX_MESSAGE) {
      current = current === '' ? line : `${current}\n${line}`;
      continue;
    }
    if (messages.length + 1 === limit) break;
    messages.push(current);
    current = line;
  }
  if (index < count) {
    // Room for the count: drop lines from the end of the last message until it fits.
    let kept = current.split('\n');
    let left = count - index;
    while (kept.length > 1 && kept.join('\n').length + moreLine(left).length + 1 > MAX_MESSAGE) {
      kept = kept.slice(0, -1);
      left += 1;
    }
    current = `${kept.join('\n')}\n${moreLine(left)}`;
  }
  if (current !== '') messages.push(current);
  return messages;
}
