import type { FastifyInstance } from 'fastify';
import { type DashboardContext, errorPage } from '../pages.ts';
import { authorizeUrlOf, completeSignIn, newState, SignInError, sameState } from '../sign-in.ts';

/** A control character (a tab, a newline, DEL) or a backslash: browsers drop the first and read the last as `/`. */
const unsafe = (character: string) => {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f || character === '\\';
};

/** @internal Sign-in with Discord (authorization code with `state`), sign-out and the language picker. */
export function addSignInRoutes(scope: FastifyInstance, context: DashboardContext): void {
  const { settings } = context;
  const home = `${settings.base}/`;
  /**
   * A path on this dashboard to go back to; anything else goes home: another site, `//host`, and
   * control characters or backslashes, which browsers drop or read as slashes (`/\t/evil.example`).
   */
  const localPath = (value: unknown) => {
    if (typeof value !== 'string' || [...value].some(unsafe)) return home;
    try {
      const url = new URL(value, settings.origin);
      return url.origin === settings.origin && url.pathname.startsWith(`${settings.base}/`)
        ? `${url.pathname}${url.search}`
        : home;
    } catch {
      return home;
    }
  };
  const clientId = () => settings.oauth2.clientId ?? context.guildkit.client.application?.id;

  scope.get<{ Querystring: { returnTo?: string } }>('/auth/login', (request, reply) => {
    const id = clientId();
    if (id === undefined) return errorPage(context, request, reply, 503, 'discordDown');
    const state = newState();
    request.session.set('signIn', { state, returnTo: localPath(request.query.returnTo) });
    return reply.redirect(authorizeUrlOf(settings.oauth2, id, settings.redirectUri, state), 303);
  });

  scope.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
    '/auth/callback',
    async (request, reply) => {
      const started = request.session.get('signIn');
      request.session.set('signIn', undefined);
      const { code, state, error } = request.query;
      if (started === undefined || !sameState(started.state, state)) {
        settings.logger?.warn(
          { reason: started === undefined ? 'no sign-in started' : 'state differs' },
          'sign-in refused',
        );
        return errorPage(context, request, reply, 400, 'signInFailed');
      }
      if (error !== undefined || typeof code !== 'string') return reply.redirect(home, 303); // they pressed Cancel
      const id = clientId();
      if (id === undefined) return errorPage(context, request, reply, 503, 'discordDown');
      try {
        const signedIn = await completeSignIn(settings.oauth2, id, settings.redirectUri, code);
        // Only the servers the bot is in: a person may be in 200, and a cookie holds 4 KiB.
        const held = context.guildkit.client.guilds.cache;
        const viewer = { ...signedIn, guildIds: signedIn.guildIds.filter((guildId) => held.has(guildId)) };
        // A new session for the person signed in: nothing of the one before carries over but the language.
        const language = request.session.get('language');
        request.session.regenerate();
        request.session.set('viewer', { ...viewer, signedInAt: settings.now() });
        if (language !== undefined) request.session.set('language', language);
        settings.logger?.info({ userId: viewer.userId, guilds: viewer.guildIds.length }, 'signed in to the dashboard');
        return reply.redirect(started.returnTo, 303);
      } catch (failure) {
        if (!(failure instanceof SignInError)) throw failure;
        settings.logger?.warn({ reason: failure.message }, 'sign-in failed');
        return errorPage(context, request, reply, 502, 'signInFailed');
      }
    },
  );

  const changes = { preHandler: scope.csrfProtection };
  scope.post('/auth/logout', changes, (request, reply) => {
    request.session.delete();
    return reply.redirect(home, 303);
  });

  scope.post<{ Body: { language?: string; returnTo?: string } | undefined }>('/language', changes, (request, reply) => {
    const language = request.body?.language;
    if (typeof language === 'string' && context.catalogue.has(language)) request.session.set('language', language);
    return reply.redirect(localPath(request.body?.returnTo), 303);
  });
}
