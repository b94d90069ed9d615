import type { OAuth2Caller } from './oauth2.ts';
/** @internal What a route handler receives. */
export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  /** Files of a multipart request. */
  readonly files: readonly UploadedFile[];
  /** The user whose OAuth2 token made the request; undefined for the bot. */
  readonly caller?: OAuth2Caller | undefined;
  /** The Authorization header, for the routes that authenticate the client themselves (token exchange). */
  readonly authorization?: string | undefined;
}

/**
 * A file a client uploaded with a request (multipart/form-data).
 *
 * @example Checking an attached chart
 * ```ts
 * const [chart]: UploadedFile[] = fake.requests.at(-1)?.files ?? [];
 * chart?.name; // 'chart.png'
 * ```
 */
export interface UploadedFile {
  /** The form field, such as `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** @internal What a route handler answers: a status and a JSON body (none for 204). */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** @internal */
export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** The route with ids of major parameters kept and others replaced, as Discord buckets routes. */
  readonly template: string;
  readonly handler: RouteHandler;
}

/** @internal Matches `METHOD /path/:param` routes. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replaceAll(/:(\w+)/g, (_match, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.#routes.push({ method, pattern, names, template: path, handler });
    return this;
  }

  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string>; bucket: string } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found === null) continue;
      const params = Object.fromEntries(
        route.names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]),
      );
      // Discord's major parameters (channel, guild, webhook) split buckets; the rest do not.
      const major = ['channel', 'guild', 'application', 'interaction', 'webhook']
        .filter((name) => params[name] !== undefined)
        .map((name) => `${name}=${params[name]}`)
        .join('&');
      return { handler: route.handler, params, bucket: `${method} ${route.template} ${major}` };
    }
    return undefined;
  }
}

/** @internal A Discord error body: `{ code, message }`, and `errors` for a bad form. */
export function discordError(status: number, code: number, message: string, errors?: unknown): RouteResult {
  return { status, body: { message, code, ...(errors === undefined ? {} : { errors }) } };
}

/** @internal */
export const notFound = (what: string, code: number): RouteResult => discordError(404, code, `Unknown ${what}`);
