import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Where Discord's OAuth2 lives, and the application signing people in.
 *
 * @example Against fake-discord, in tests and the demo
 * ```ts
 * const oauth2: OAuth2Settings = {
 *   clientSecret: fake.oauth2.clientSecret,
 *   authorizeUrl: fake.oauth2.authorizeUrl,
 *   apiUrl: fake.apiUrl,
 * };
 * ```
 */
export interface OAuth2Settings {
  /** The application's id (on Discord, the bot's user id). @defaultValue the logged-in client's application id */
  readonly clientId?: string;
  /** The application's client secret (Developer Portal, OAuth2). Never shown, logged or put in a URL. */
  readonly clientSecret: string;
  /** The consent page. @defaultValue 'https://discord.com/oauth2/authorize' */
  readonly authorizeUrl?: string;
  /** Discord's HTTP API, where the token exchange and `users/@me` are. @defaultValue 'https://discord.com/api/v10' */
  readonly apiUrl?: string;
}

/** @internal Who signed in, as their session keeps them: no token is kept. */
export interface SignedIn {
  readonly userId: string;
  readonly name: string;
  /** The guilds Discord listed for them at sign-in that the bot is in (ids only); each request checks membership again. */
  readonly guildIds: readonly string[];
  /** Their Discord locale, such as `ko`. */
  readonly locale: string | undefined;
  /** When they signed in, epoch milliseconds: the sign-in ends `sessionSeconds` later, whatever the cookie says. */
  readonly signedInAt?: number;
}

/** @internal A sign-in that failed: what Discord answered, without the request's secrets. */
export class SignInError extends Error {
  public override readonly name = 'SignInError';
}

/** @internal The `state` a sign-in carries: unguessable, checked in constant time. */
export function newState(): string {
  return randomBytes(24).toString('base64url');
}

/** @internal Whether the `state` Discord sent back is the one this session started with. */
export function sameState(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** @internal The consent page's address for one sign-in. */
export function authorizeUrlOf(settings: OAuth2Settings, clientId: string, redirectUri: string, state: string): string {
  const url = new URL(settings.authorizeUrl ?? 'https://discord.com/oauth2/authorize');
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    scope: 'identify guilds',
    redirect_uri: redirectUri,
    state,
    prompt: 'none',
  }).toString();
  return url.toString();
}

interface TokenAnswer {
  readonly access_token: string;
  readonly token_type: string;
}

/**
 * @internal Exchanges the code for a token, reads who signed in and their guilds, then revokes the
 * token: the dashboard keeps none. Rejects with a {@link SignInError} naming Discord's answer.
 */
export async function completeSignIn(
  settings: OAuth2Settings,
  clientId: string,
  redirectUri: string,
  code: string,
): Promise<SignedIn> {
  const api = (settings.apiUrl ?? 'https://discord.com/api/v10').replace(/\/$/, '');
  const client = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64')}`;
  const form = (body: Record<string, string>) => ({
    method: 'POST',
    headers: { authorization: client, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const token = await json<TokenAnswer>(
    `${api}/oauth2/token`,
    form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    'the token exchange',
  );
  try {
    const bearer = { headers: { authorization: `Bearer ${token.access_token}` }, signal: AbortSignal.timeout(10_000) };
    const [me, guilds] = await Promise.all([
      json<{ id: string; username: string; global_name?: string | null; locale?: string }>(
        `${api}/users/@me`,
        bearer,
        'users/@me',
      ),
      json<{ id: string }[]>(`${api}/users/@me/guilds`, bearer, 'users/@me/guilds'),
    ]);
    return {
      userId: me.id,
      name: me.global_name ?? me.username,
      guildIds: guilds.map((guild) => guild.id),
      locale: me.locale,
    };
  } finally {
    // The dashboard needs the token no longer: revoke it, whether reading went well or not.
    await fetch(
      `${api}/oauth2/token/revoke`,
      form({ token: token.access_token, token_type_hint: 'access_token' }),
    ).catch(() => {});
  }
}

async function json<T>(url: string, init: RequestInit, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new SignInError(`${what} failed: Discord did not answer (${(error as Error).message})`);
  }
  if (!response.ok) {
    // Discord's error code and description name the problem; the request's secrets are not in them.
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new SignInError(`${what} failed: ${response.status} ${body.error ?? body.message ?? ''}`.trim());
  }
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new SignInError(`${what} failed: Discord's answer could not be read (${(error as Error).message})`);
  }
}
