import { randomBytes } from 'node:crypto';
import type { FakeState } from '../state/fake-state.ts';
import { permissionsOf } from '../state/permissions.ts';
import { discordError, type RouteHandler, type Router } from './router.ts';

// Sign-in with Discord (OAuth2's authorization code grant), as Discord answers it: the consent page
// (`/oauth2/authorize`, where the fake lets a person pick who signs in), the token exchange
// (`POST /api/oauth2/token`, RFC 6749's answers), and the routes a user's token may call
// (`/users/@me`, `/users/@me/guilds`). Hand-written: this is the fake itself, not a library's job.

/** How long an authorization code and an access token live, as on Discord. */
const CODE_MS = 10 * 60_000;
const TOKEN_S = 604_800;
/** The scopes the fake grants; others are refused on the consent page, as Discord does. */
const SCOPES = new Set(['identify', 'guilds', 'email', 'guilds.members.read']);

/**
 * The fake's OAuth2 application, for sign-in with Discord (the authorization code grant): send a
 * person to `authorizeUrl` with `client_id`, `redirect_uri`, `response_type=code`, `scope` and
 * `state`; they pick who they sign in as on the fake's page and come back with `code` and `state`;
 * exchange the code at `tokenUrl` with the client id and secret; call `/users/@me` and
 * `/users/@me/guilds` with the access token as `Bearer`.
 *
 * @example Starting the sign-in
 * ```ts
 * const { clientId, authorizeUrl }: FakeOAuth2 = fake.oauth2;
 * const url = `${authorizeUrl}?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'identify guilds', redirect_uri: 'http://127.0.0.1:3000/callback', state })}`;
 * ```
 */
export interface FakeOAuth2 {
  /** The application's id (the bot's user id, as on Discord). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The consent page, `http://127.0.0.1:<port>/oauth2/authorize`. */
  readonly authorizeUrl: string;
  /** The token exchange, `http://127.0.0.1:<port>/api/oauth2/token` (also under `/api/v10`). */
  readonly tokenUrl: string;
}

/** @internal The application as `fake.oauth2` shows it, the fake listening at `origin`. */
export function oauth2App(grants: OAuth2Grants, origin: string): FakeOAuth2 {
  return {
    clientId: grants.clientId,
    clientSecret: grants.clientSecret,
    authorizeUrl: `${origin}/oauth2/authorize`,
    tokenUrl: `${origin}/api/oauth2/token`,
  };
}

/** @internal Who a user's token belongs to, and what it may read. */
export interface OAuth2Caller {
  readonly userId: string;
  readonly scopes: readonly string[];
}

interface Grant extends OAuth2Caller {
  readonly expiresAt: number;
}

/** @internal The codes and tokens handed out. */
export class OAuth2Grants {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly #now: () => number;
  readonly #codes = new Map<string, Grant & { readonly redirectUri: string }>();
  readonly #tokens = new Map<string, Grant>();
  readonly #refreshTokens = new Map<string, OAuth2Caller>();

  constructor(clientId: string, clientSecret: string, now: () => number) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.#now = now;
  }

  /** The user a bearer token stands for, or undefined for an unknown or expired one. */
  caller(accessToken: string): OAuth2Caller | undefined {
    const grant = this.#tokens.get(accessToken);
    return grant !== undefined && grant.expiresAt > this.#now() ? grant : undefined;
  }

  /** A code for the user, to exchange once, within ten minutes, with the same redirect URI. */
  code(userId: string, scopes: readonly string[], redirectUri: string): string {
    const code = secret(15);
    this.#codes.set(code, { userId, scopes, redirectUri, expiresAt: this.#now() + CODE_MS });
    return code;
  }

  /** `POST /oauth2/token`'s answer for a client already authenticated. */
  exchange(form: Readonly<Record<string, unknown>>): { status: number; body: unknown } {
    const grantType = form.grant_type;
    if (grantType === 'authorization_code') {
      const code = String(form.code ?? '');
      const grant = this.#codes.get(code);
      this.#codes.delete(code); // once, whatever happens
      if (grant === undefined || grant.expiresAt <= this.#now()) return invalidGrant(`Invalid "code" in request.`);
      if (form.redirect_uri !== grant.redirectUri) return invalidGrant('Invalid "redirect_uri" in request.');
      return { status: 200, body: this.#issue(grant) };
    }
    if (grantType === 'refresh_token') {
      const token = String(form.refresh_token ?? '');
      const grant = this.#refreshTokens.get(token);
      this.#refreshTokens.delete(token);
      if (grant === undefined) return invalidGrant('Invalid "refresh_token" in request.');
      return { status: 200, body: this.#issue(grant) };
    }
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' },
    };
  }

  /** Revokes an access or refresh token (RFC 7009: unknown tokens are not an error). */
  revoke(token: string): void {
    this.#tokens.delete(token);
    this.#refreshTokens.delete(token);
  }

  #issue({ userId, scopes }: OAuth2Caller) {
    const accessToken = secret(24);
    const refreshToken = secret(24);
    this.#tokens.set(accessToken, { userId, scopes, expiresAt: this.#now() + TOKEN_S * 1000 });
    this.#refreshTokens.set(refreshToken, { userId, scopes });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_S,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    };
  }
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');
const invalidGrant = (description: string) => ({
  status: 400,
  body: { error: 'invalid_grant', error_description: description },
});

/**
 * @internal The client of a token request: HTTP Basic (`client_id:client_secret`) or the form's
 * `client_id` and `client_secret`, as Discord takes either. Undefined when it is not the fake's app.
 */
export function clientOf(
  grants: OAuth2Grants,
  authorization: string | undefined,
  form: Readonly<Record<string, unknown>>,
): string | undefined {
  let id = form.client_id;
  let key = form.client_secret;
  if (authorization?.startsWith('Basic ')) {
    const [user, ...rest] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    id = decodeURIComponent(user ?? '');
    key = decodeURIComponent(rest.join(':'));
  }
  return id === grants.clientId && key === grants.clientSecret ? grants.clientId : undefined;
}

/** @internal A page or a redirect, answered outside the JSON API. */
export interface PageAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * @internal `GET /oauth2/authorize`: the consent page, listing the people the fake knows to sign in
 * as; `GET /oauth2/authorize/answer`: a person's choice, redirected to the app with `code` and
 * `state` (or `error=access_denied`). Undefined for any other path.
 */
export function authorizePage(state: FakeState, grants: OAuth2Grants, url: URL): PageAnswer | undefined {
  if (url.pathname !== '/oauth2/authorize' && url.pathname !== '/oauth2/authorize/answer') return undefined;
  const query = url.searchParams;
  const redirectUri = query.get('redirect_uri') ?? '';
  const scopes = (query.get('scope') ?? '').split(/[ +]/).filter((scope) => scope !== '');
  const unknownScope = scopes.find((scope) => !SCOPES.has(scope));
  const problem =
    query.get('response_type') !== 'code'
      ? 'response_type must be "code"'
      : query.get('client_id') !== grants.clientId
        ? `client_id must be the application's id (${grants.clientId})`
        : !/^https?:\/\/\S+$/.test(redirectUri)
          ? 'redirect_uri must be an http(s) URL'
          : scopes.length === 0
            ? 'scope is missing'
            : unknownScope === undefined
              ? undefined
              : `scope "${unknownScope}" is not one the fake grants (${[...SCOPES].join(', ')})`;
  if (problem !== undefined) return page(400, `<h1>Invalid OAuth2 request</h1><p>${escapeHtml(problem)}</p>`);
  if (url.pathname === '/oauth2/authorize/answer') {
    const back = new URL(redirectUri);
    const userId = query.get('user_id') ?? '';
    if (query.get('deny') !== null || !state.users.has(userId)) back.searchParams.set('error', 'access_denied');
    else back.searchParams.set('code', grants.code(userId, scopes, redirectUri));
    const given = query.get('state');
    if (given !== null) back.searchParams.set('state', given);
    return { status: 302, headers: { location: back.toString() }, body: '' };
  }
  const answer = (extra: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(extra)) next.set(name, value);
    return `/oauth2/authorize/answer?${next.toString()}`;
  };
  const people = [...state.users.values()]
    .filter((user) => user.bot !== true)
    .map((user) => {
      const guilds = [...state.guilds.values()].filter((guild) => guild.members.has(user.id)).map((g) => g.name);
      return `<li><a href="${escapeHtml(answer({ user_id: user.id }))}" data-user-id="${user.id}">Sign in as ${escapeHtml(user.global_name ?? user.username)}</a> <small>${escapeHtml(user.username)} · ${escapeHtml(guilds.join(', '))}</small></li>`;
    });
  return page(
    200,
    `<h1>${escapeHtml(state.bot.username)} wants to access your account</h1><p>Scopes: ${escapeHtml(scopes.join(', '))}</p><ul>${people.join('')}</ul><p><a href="${escapeHtml(answer({ deny: '1' }))}">Cancel</a></p>`,
  );
}

function page(status: number, content: string): PageAnswer {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fake Discord: authorize</title></head><body>${content}</body></html>`,
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** @internal The routes a user's token may call: who they are, and their guilds. */
export function addOAuth2Routes(router: Router, state: FakeState, grants: OAuth2Grants): void {
  // The token routes answer only the fake's own client (its id and secret).
  const asClient =
    (handler: RouteHandler): RouteHandler =>
    (context) =>
      clientOf(grants, context.authorization, context.body) === undefined
        ? { status: 401, body: { error: 'invalid_client' } }
        : handler(context);
  router
    .add(
      'POST',
      '/oauth2/token',
      asClient(({ body }) => grants.exchange(body)),
    )
    .add(
      'POST',
      '/oauth2/token/revoke',
      asClient(({ body }) => {
        grants.revoke(String(body.token ?? ''));
        return { status: 200, body: {} };
      }),
    )
    .add('GET', '/users/@me/guilds', ({ caller }) => {
      const userId = caller?.userId ?? state.bot.id;
      if (caller !== undefined && !caller.scopes.includes('guilds')) return discordError(403, 50001, 'Missing Access');
      const guilds = [...state.guilds.values()].filter((guild) => caller === undefined || guild.members.has(userId));
      return {
        status: 200,
        body: guilds.map((guild) => ({
          id: guild.id,
          name: guild.name,
          icon: null,
          banner: null,
          owner: guild.ownerId === userId,
          permissions: String(permissionsOf(guild, userId)),
          features: [],
        })),
      };
    });
}
