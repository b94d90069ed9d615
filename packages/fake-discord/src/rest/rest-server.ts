import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerObserver } from './answers.ts';
import type { OAuth2Caller, OAuth2Grants, PageAnswer } from './oauth2.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { Router, UploadedFile } from './router.ts';

/**
 * One request the fake Discord received, as it received it (without its Authorization header),
 * and the status it answered.
 *
 * @example Checking that a message could not ping everyone
 * ```ts
 * const sent: RecordedRequest | undefined = fake.requests.find((request) => request.method === 'POST' && request.path.endsWith('/messages'));
 * sent?.body.allowed_mentions; // { parse: [] }
 * ```
 */
export interface RecordedRequest {
  readonly method: string;
  /** The path after `/api/v10`, such as `/channels/123/messages`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body, or a multipart request's `payload_json`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly files: readonly UploadedFile[];
  readonly status: number;
  /** When it arrived, by the fake's clock (epoch ms). */
  readonly at: number;
}

// `/api/v10/…`, `/api/v9/…`, and `/api/…` (the OAuth2 token exchange is usually called unversioned).
const API_PREFIX = /^\/api(?:\/v(?:9|10))?(\/.*)$/;
// Interaction callbacks and webhooks are authorised by their token in the path, not by the bot token.
const TOKEN_IN_PATH = /^\/(interactions|webhooks)\//;
// The OAuth2 token routes authenticate the client (its id and secret) themselves.
const CLIENT_AUTH = new Set(['/oauth2/token', '/oauth2/token/revoke']);
// What a user's OAuth2 token may call; every other route takes the bot's token only.
const BEARER_ROUTES = new Set(['GET /users/@me', 'GET /users/@me/guilds']);

/** @internal Sign-in with Discord: the codes and tokens, and the consent page. */
export interface RestOAuth2 {
  readonly grants: OAuth2Grants;
  readonly page: (url: URL) => PageAnswer | undefined;
}

/** @internal The REST half of the fake: parses, authorises, limits, routes and records. */
export class RestServer {
  readonly requests: RecordedRequest[] = [];
  readonly unknownRoutes: string[] = [];
  readonly #router: Router;
  readonly #limiter: RateLimiter;
  readonly #token: string;
  readonly #now: () => number;
  readonly #onAnswer: AnswerObserver | undefined;
  readonly #oauth2: RestOAuth2;

  constructor(
    router: Router,
    limiter: RateLimiter,
    token: string,
    now: () => number,
    onAnswer: AnswerObserver | undefined,
    oauth2: RestOAuth2,
  ) {
    this.#oauth2 = oauth2;
    this.#router = router;
    this.#limiter = limiter;
    this.#token = token;
    this.#now = now;
    this.#onAnswer = onAnswer;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake-discord');
    const method = request.method ?? 'GET';
    const page = method === 'GET' ? this.#oauth2.page(url) : undefined;
    if (page !== undefined) {
      response.writeHead(page.status, page.headers);
      response.end(page.body);
      return;
    }
    const prefixed = API_PREFIX.exec(url.pathname);
    const path = prefixed?.[1] ?? url.pathname;
    const { body, files } = await readBody(request);
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        // The client's secret stays out of the record, as the Authorization header does.
        body: CLIENT_AUTH.has(path)
          ? withoutSecret(body as Record<string, unknown>)
          : (body as Record<string, unknown>),
        files,
        status,
        at: this.#now(),
      });
      response.writeHead(status, {
        ...headers,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      });
      const text = payload === undefined ? undefined : JSON.stringify(payload);
      // Parsed back from the text: the observer sees what the client gets, not the fake's objects.
      this.#onAnswer?.({ method, path, status, body: text === undefined ? undefined : JSON.parse(text) });
      response.end(text);
    };

    const route = prefixed === null ? undefined : this.#router.match(method, path);
    if (route === undefined) {
      this.unknownRoutes.push(`${method} ${path}`);
      answer(404, { message: '404: Not Found', code: 0 });
      return;
    }
    const authorization = request.headers.authorization;
    let caller: OAuth2Caller | undefined;
    if (authorization?.startsWith('Bearer ') && !CLIENT_AUTH.has(path)) {
      caller = this.#oauth2.grants.caller(authorization.slice('Bearer '.length));
      if (caller === undefined || !BEARER_ROUTES.has(`${method} ${path}`)) {
        answer(401, { message: '401: Unauthorized', code: 0 });
        return;
      }
    } else if (!TOKEN_IN_PATH.test(path) && !CLIENT_AUTH.has(path) && authorization !== `Bot ${this.#token}`) {
      answer(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const limit = this.#limiter.take(method, path, route.bucket);
    if (limit.refuse !== undefined) {
      answer(limit.refuse.status, limit.refuse.body, limit.headers);
      return;
    }
    try {
      const result = await route.handler({
        params: route.params,
        query: url.searchParams,
        body: body as Record<string, unknown>,
        files,
        caller,
        authorization,
      });
      answer(result.status, result.status === 204 ? undefined : result.body, limit.headers);
    } catch (error) {
      answer(500, { message: `500: ${(error as Error).message}`, code: 0 });
    }
  }
}

function withoutSecret({ client_secret: _secret, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}

async function readBody(request: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: {}, files: [] };
  if (type.startsWith('multipart/form-data')) {
    // Node's own fetch implementation parses multipart bodies; no parser of our own.
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: {}, files: [] };
  }
}
