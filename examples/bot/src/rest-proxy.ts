import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
// The ESM build, as @discordjs/proxy imports it: with discord.js's REST (its CommonJS build) the
// proxy's `instanceof DiscordAPIError` fails and Discord's errors reach clients as empty 200s.
import { REST } from '@discordjs/rest';

/** What a REST proxy must be given. */
export interface RequiredRestProxyOptions {
  /**
   * The bot token whose global limit the proxy keeps. Clients still send it themselves (the proxy
   * forwards each request's own `Authorization` header); a request with another token is answered
   * 401 and never forwarded. Requests without one (interaction callbacks, webhooks) pass.
   */
  readonly token: string;
}

/** What a REST proxy may be given. */
export interface OptionalRestProxyOptions {
  /** Where requests go: Discord's REST base, without the version. @defaultValue 'https://discord.com/api' */
  readonly apiUrl: string;
  /** Requests per second the proxy lets through, for every client together. @defaultValue 50, Discord's global limit */
  readonly globalRequestsPerSecond: number;
  /**
   * How long after a limit's window ends the requests waiting for it go, in milliseconds
   * (@discordjs/rest's `offset`): room for the time between the proxy sending a request and Discord
   * counting it, as the proxy's window starts at its first send and Discord's when that arrives. A
   * request that comes in after the window ended and before then goes at once, without this room.
   * @defaultValue 50, as @discordjs/rest
   */
  readonly offsetMs: number;
  /** The port to listen on; `0` picks a free one. @defaultValue 0 */
  readonly port: number;
  /** The address to listen on. @defaultValue '127.0.0.1' */
  readonly host: string;
}

/** How to start a REST proxy: the token, and optionally where to and how fast. */
export type RestProxyOptions = RequiredRestProxyOptions & Partial<OptionalRestProxyOptions>;

/** The defaults of {@link OptionalRestProxyOptions}. */
export const DEFAULT_REST_PROXY_OPTIONS = {
  apiUrl: 'https://discord.com/api',
  globalRequestsPerSecond: 50,
  offsetMs: 50,
  port: 0,
  host: '127.0.0.1',
} as const satisfies OptionalRestProxyOptions;

/** A running REST proxy. */
export interface RestProxy {
  /** What clients take as `rest.api` (`http://127.0.0.1:PORT/api`); they append the version. */
  readonly url: string;
  /** Stops listening and closes every connection; requests still queued are dropped. */
  close(): Promise<void>;
}

/**
 * Starts one REST limiter for several processes: an HTTP server that forwards every request
 * through one `@discordjs/rest` instance (with `@discordjs/proxy`), so shards in different
 * processes share Discord's per-token global limit and its route buckets instead of each keeping
 * its own. It waits out Discord's 429s itself; clients get the answer once there is one.
 *
 * @param options - the bot token, and optionally the upstream, the global limit, the margin, the port and host
 * @returns the proxy's URL for clients' `rest.api`, and `close()`
 * @throws TypeError - when an option is not valid
 *
 * @example Shards of a ShardingManager sharing one limiter
 * ```ts
 * const proxy = await startRestProxy({ token: process.env.DISCORD_TOKEN ?? '' });
 * // new ShardingManager(file, { token, shardArgs: [], execArgv: [] }) with DISCORD_API_URL=proxy.url in
 * // each shard's environment, and there: new Client({ intents, rest: { api: process.env.DISCORD_API_URL } })
 * await proxy.close();
 * ```
 */
export async function startRestProxy(options: RestProxyOptions): Promise<RestProxy> {
  const { token, apiUrl, globalRequestsPerSecond, offsetMs, port, host } = {
    ...DEFAULT_REST_PROXY_OPTIONS,
    ...options,
  };
  if (typeof token !== 'string' || token === '') throw new TypeError('token must be a bot token, got none');
  if (!URL.canParse(apiUrl)) throw new TypeError(`apiUrl must be a URL, got ${JSON.stringify(apiUrl)}`);
  if (!Number.isInteger(globalRequestsPerSecond) || globalRequestsPerSecond < 1)
    throw new TypeError(`globalRequestsPerSecond must be a whole number from 1, got ${globalRequestsPerSecond}`);
  if (!Number.isFinite(offsetMs) || offsetMs < 0)
    throw new TypeError(`offsetMs must be a number of milliseconds from 0, got ${offsetMs}`);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new TypeError(`port must be a whole number from 0 to 65535, got ${port}`);

  // No token of its own: the proxy sends with `auth: false` and forwards the client's header.
  const rest = new REST({ api: apiUrl, globalRequestsPerSecond, offset: offsetMs });
  const forward = proxyRequests(rest);
  const expected = digest(`Bot ${token}`);
  const server = createServer((request, response) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined && !timingSafeEqual(digest(authorization), expected)) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
      return;
    }
    // proxyRequests ends the response itself, also on an error it does not know (a network failure
    // after @discordjs/rest's retries) and then rethrows: set beforehand, such an answer is a 502,
    // not an empty 200. Nothing is logged, so no header can leak.
    response.statusCode = 502;
    rereadable(request)
      .then(
        (buffered) => forward(buffered, response),
        () => response.destroy(),
      )
      .catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()).closeAllConnections();
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
      }),
  };
}

/**
 * The request with its body read: proxyRequests hands the request itself to @discordjs/rest as
 * the body, which a retry (after a 429 or a 5xx) would read again, already consumed, and send
 * empty. Bytes carrying the request's method, URL and headers can be sent again.
 */
async function rereadable(request: IncomingMessage): Promise<IncomingMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { method, url, headers } = request;
  return Object.assign(Buffer.concat(chunks), { method, url, headers }) as unknown as IncomingMessage;
}

const digest = (text: string) => createHash('sha256').update(text).digest();
