import type { PartialDashboardStrings } from './dashboard-strings.ts';
import type { OAuth2Settings } from './sign-in.ts';

/**
 * How a dashboard is reached, signs people in and keeps their sessions.
 *
 * @example On the bot's own port, behind HTTPS at bot.example.com
 * ```ts
 * const options: DashboardOptions = {
 *   url: 'https://bot.example.com',
 *   oauth2: { clientSecret: process.env.DISCORD_CLIENT_SECRET! },
 *   sessionSecret: process.env.DASHBOARD_SESSION_SECRET!,
 * };
 * ```
 */
export interface DashboardOptions {
  /**
   * Where people reach the dashboard, with its path if it has one: `https://bot.example.com` or
   * `https://example.com/bot`. Sign-in returns to `<url>/auth/callback`: add that address to the
   * application's OAuth2 redirects in Discord's Developer Portal. Cookies are `Secure` on `https`.
   */
  readonly url: string;
  /** Discord's OAuth2: the client secret, and where Discord is (fake-discord's in tests). */
  readonly oauth2: OAuth2Settings;
  /**
   * The key sessions are sealed with: at least 32 characters, random (`openssl rand -hex 32`), the
   * same in every process serving the dashboard. Changing it signs everybody out.
   */
  readonly sessionSecret: string;
  /** How long a sign-in lasts. @defaultValue 86400 (a day) */
  readonly sessionSeconds?: number;
  /** The language of people whose browser and Discord ask for none on offer. @defaultValue 'en' */
  readonly defaultLocale?: string;
  /** More languages, or some strings changed, by locale (`{ ja: {...}, en: { title: '...' } }`). */
  readonly strings?: Readonly<Record<string, PartialDashboardStrings>>;
  /** Leaderboard rows a page. @defaultValue 25 */
  readonly pageSize?: number;
  /**
   * How old an answer to "is this person a member, with which permissions" a page that only reads
   * may use; settings and every change always ask Discord afresh. @defaultValue 15000
   */
  readonly memberCheckMs?: number;
  /** The clock, epoch milliseconds: which day "today" is in each guild. @defaultValue Date.now */
  readonly now?: () => number;
  /** Told of sign-ins and failures (a pino logger fits); never given a token, code or secret. */
  readonly logger?: DashboardLogger;
}

/**
 * Where the dashboard writes what happened: a pino logger, `console`, or your own.
 *
 * @example
 * ```ts
 * const logger: DashboardLogger = { info: () => {}, warn: console.warn, error: console.error };
 * ```
 */
export interface DashboardLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** @internal The options checked, with defaults; a clear error for each wrong one. */
export function resolveDashboardOptions(options: DashboardOptions) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createDashboard needs options: { url, oauth2: { clientSecret }, sessionSecret }');
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(
      `DashboardOptions.url must be the address people reach the dashboard at, such as 'https://bot.example.com'; received ${JSON.stringify(options.url)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`DashboardOptions.url must be http or https; received ${url.protocol}`);
  }
  if (typeof options.oauth2?.clientSecret !== 'string' || options.oauth2.clientSecret === '') {
    throw new TypeError(
      "DashboardOptions.oauth2.clientSecret is missing: copy the application's client secret from Discord's Developer Portal (OAuth2)",
    );
  }
  if (typeof options.sessionSecret !== 'string' || options.sessionSecret.length < 32) {
    throw new TypeError(
      'DashboardOptions.sessionSecret must be at least 32 random characters (try `openssl rand -hex 32`), the same in every process',
    );
  }
  const pageSize = options.pageSize ?? 25;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
    throw new TypeError(`DashboardOptions.pageSize must be a whole number from 1 to 500; received ${String(pageSize)}`);
  }
  const memberCheckMs = options.memberCheckMs ?? 15_000;
  if (!Number.isInteger(memberCheckMs) || memberCheckMs < 0) {
    throw new TypeError(
      `DashboardOptions.memberCheckMs must be a whole number of milliseconds, 0 to ask Discord on every request; received ${String(memberCheckMs)}`,
    );
  }
  const base = url.pathname.replace(/\/+$/, '');
  return {
    origin: url.origin,
    /** The path the dashboard is under, `''` at the root. */
    base,
    secure: url.protocol === 'https:',
    redirectUri: `${url.origin}${base}/auth/callback`,
    oauth2: options.oauth2,
    sessionSecret: options.sessionSecret,
    sessionSeconds: options.sessionSeconds ?? 86_400,
    defaultLocale: options.defaultLocale ?? 'en',
    strings: options.strings ?? {},
    pageSize,
    memberCheckMs,
    logger: options.logger,
    now: options.now ?? (() => Date.now()),
  };
}

/** @internal */
export type ResolvedDashboardOptions = ReturnType<typeof resolveDashboardOptions>;
