import { type LogLevel, type LogRecord, type LogSink, RateLimiter } from '@guildkit/core';
import { fieldsText, messagesOf } from './log-sink.ts';

/**
 * Options of {@link webhookLogSink}.
 *
 * @example Errors to a Slack channel, at most 6 posts a minute
 * ```ts
 * const options: WebhookLogSinkOptions = { url: process.env.ALERT_WEBHOOK_URL as string, minLevel: 'error', postsPerMinute: 6 };
 * ```
 */
export interface WebhookLogSinkOptions {
  /**
   * The webhook: a Discord webhook URL (`https://discord.com/api/webhooks/…`) gets Discord's body
   * (`content`, no mentions); any other URL gets a Slack-compatible body (`text`).
   */
  readonly url: string;
  /** The body to send: Discord's or Slack's. @defaultValue `'discord'` for a discord.com webhook URL, else `'slack'` */
  readonly format?: 'discord' | 'slack';
  /** Only records at this level or above. @defaultValue 'error' */
  readonly minLevel?: LogLevel;
  /** Posts a minute, at most; records meanwhile wait for the next post, and what does not fit one is counted in its last line. @defaultValue 6 */
  readonly postsPerMinute?: number;
  /** The longest a record waits, in milliseconds. @defaultValue 10_000 */
  readonly flushIntervalMs?: number;
  /** Sends a body; a test or another HTTP client may replace it. @defaultValue the global `fetch` */
  readonly fetch?: (
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string },
  ) => Promise<{
    readonly ok: boolean;
    readonly status: number;
  }>;
  /** The clock of the rate limit. @defaultValue Date.now */
  readonly now?: () => number;
}

/** The longest text of one post: Discord takes 2,000 characters; Slack more, but alerts stay short. */
const MAX_POST = 2_000;

/**
 * A {@link @guildkit/core!LogSink} that sends records to a webhook as alerts: a Discord webhook or
 * any Slack-compatible one (Slack, Mattermost, Rocket.Chat). Records come already redacted by the
 * `BatchLogger` (secret fields and secrets inside messages). A batch is one post (the lines that do
 * not fit are counted in a last line), and posts are limited to `postsPerMinute`: an error storm
 * makes a few posts, never a flood. A webhook that answers 404 or 401 refuses records for good; other
 * failures are retried by the logger.
 *
 * @example Errors of the bot's own, and guildkit's, to Slack
 * ```ts
 * import { BatchLogger } from '@guildkit/core';
 * import { webhookLogSink } from '@guildkit/discord';
 *
 * const alerts = new BatchLogger({ sinks: [webhookLogSink({ url: process.env.ALERT_WEBHOOK_URL as string })] });
 * alerts.error('payments', 'the card processor is down');
 * ```
 */
export function webhookLogSink(options: WebhookLogSinkOptions): LogSink {
  const { url, postsPerMinute = 6, now = Date.now } = options;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('WebhookLogSinkOptions.url must be a webhook URL such as https://hooks.slack.com/services/…');
  }
  const discord =
    (options.format ?? (/(^|\.)discord(app)?\.com$/.test(parsed.hostname) ? 'discord' : 'slack')) === 'discord';
  const send = options.fetch ?? ((target, init) => fetch(target, init));
  const limiter = new RateLimiter({ capacity: postsPerMinute, refillMs: 60_000, now });
  const line = (record: LogRecord) => {
    const fields = fieldsText(record);
    const text = `[${record.level}] ${record.source}: ${record.message}${fields === '' ? '' : ` (${fields})`}`;
    return text.length > 500 ? `${text.slice(0, 499)}…` : text;
  };
  return {
    // The host only: a webhook URL holds its token.
    name: `webhook:${parsed.host}`,
    minLevel: options.minLevel ?? 'error',
    flushIntervalMs: options.flushIntervalMs ?? 10_000,
    batchSize: 100,
    async write(records) {
      // Past the limit, the write waits for a token; records meanwhile gather for the next post.
      await limiter.take('posts');
      const [text = ''] = messagesOf(records.map(line), 1, (count) => `… and ${count} more`);
      const body = JSON.stringify(
        discord
          ? { content: text.slice(0, MAX_POST), allowed_mentions: { parse: [] } }
          : { text: text.slice(0, MAX_POST) },
      );
      const response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (response.ok) return;
      const failure = new Error(`the alert webhook at ${parsed.host} answered ${response.status}`);
      // A webhook that is gone or refuses the request will not take it later either.
      throw Object.assign(failure, {
        permanent: response.status === 404 || response.status === 401 || response.status === 403,
      });
    },
  };
}
