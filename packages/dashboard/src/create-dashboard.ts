import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import secureSession from '@fastify/secure-session';
import type { Guildkit } from '@guildkit/discord';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance } from 'fastify';
import { type DashboardOptions, resolveDashboardOptions } from './dashboard-options.ts';
import { dashboardCatalogue } from './dashboard-strings.ts';
import { GuildAccessCheck } from './guild-access.ts';
import { MemberNames } from './member-names.ts';
import { type DashboardContext, errorPage, renderPage, viewerOf } from './pages.ts';
import { addGuildRoutes } from './routes/guild-routes.ts';
import { addSettingsRoutes } from './routes/settings-routes.ts';
import { addSignInRoutes } from './routes/sign-in-routes.ts';

/**
 * A running dashboard: mount {@link Dashboard.handle} on any Node.js HTTP server (the reference bot
 * mounts it beside `/healthz` and `/metrics`), or use the fastify instance itself.
 *
 * @example Beside routes of your own
 * ```ts
 * createServer((request, response) => {
 *   if (request.url === '/healthz') return response.end('ok');
 *   dashboard.handle(request, response);
 * }).listen(8080);
 * ```
 */
export interface Dashboard {
  /** Answers one request: a `(request, response)` handler for `node:http`. */
  readonly handle: (request: IncomingMessage, response: ServerResponse) => void;
  /** The fastify instance under it, ready: `app.inject()` in tests, or more routes of your own. */
  readonly app: FastifyInstance;
  /** Where sign-in returns to: register it as a redirect in Discord's Developer Portal. */
  readonly redirectUri: string;
  /** Stops answering; the server it is mounted on is yours to close. */
  close(): Promise<void>;
}

/** The salt sessions' key is derived with (with libsodium's Argon2id, by @fastify/secure-session). */
const SESSION_SALT = 'guildkit.dash.v1';

const assetsDir = fileURLToPath(new URL('../assets/', import.meta.url));
const viewsDir = fileURLToPath(new URL('../views/', import.meta.url));

/**
 * Builds the web dashboard over a running guildkit: sign-in with Discord, each guild's overview,
 * leaderboard, member pages, job board, report archive and settings. Server-rendered pages, no
 * script, every request's access checked against Discord.
 *
 * @param guildkit - what `createGuildkit` returned: its client, store, settings and features
 *
 * @example A bot with a dashboard on port 8080
 * ```ts
 * import { createServer } from 'node:http';
 * import { createDashboard } from '@guildkit/dashboard';
 *
 * const dashboard = await createDashboard(guildkit, {
 *   url: 'https://bot.example.com',
 *   oauth2: { clientSecret: process.env.DISCORD_CLIENT_SECRET! },
 *   sessionSecret: process.env.DASHBOARD_SESSION_SECRET!,
 * });
 * createServer(dashboard.handle).listen(8080);
 * ```
 */
export async function createDashboard(guildkit: Guildkit, options: DashboardOptions): Promise<Dashboard> {
  const settings = resolveDashboardOptions(options);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: false });
  const css = readFileSync(`${assetsDir}dashboard.css`);
  const context: DashboardContext = {
    guildkit,
    settings,
    catalogue: dashboardCatalogue(settings.strings),
    access: new GuildAccessCheck(guildkit, settings.memberCheckMs),
    names: new MemberNames(guildkit.client),
    eta: new Eta({ views: viewsDir, cache: true, autoEscape: true, autoTrim: [false, 'nl'] }),
    cssPath: `${settings.base}/assets/dashboard.css?v=${createHash('sha256').update(css).digest('hex').slice(0, 12)}`,
  };
  await app.register(formbody);
  await app.register(secureSession, {
    secret: settings.sessionSecret,
    salt: SESSION_SALT,
    cookieName: settings.secure ? '__Host-guildkit' : 'guildkit',
    expiry: settings.sessionSeconds,
    cookie: {
      path: '/',
      maxAge: settings.sessionSeconds,
      httpOnly: true,
      sameSite: 'lax', // sent on the top-level return from Discord's consent page; never on a cross-site POST
      secure: settings.secure,
    },
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: settings.secure,
  });
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith(`${settings.base}/assets/`)) reply.header('cache-control', 'no-store');
  });
  app.setNotFoundHandler((request, reply) => errorPage(context, request, reply, 404));
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF') === true) return errorPage(context, request, reply, 403, 'csrf');
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return errorPage(context, request, reply, error.statusCode, 'badRequest', error.message);
    }
    settings.logger?.error(
      { err: error, method: request.method, path: request.routeOptions.url },
      'dashboard page failed',
    );
    return errorPage(context, request, reply, 500);
  });
  await app.register(
    async (scope) => {
      scope.get('/assets/dashboard.css', (_request, reply) =>
        reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(css),
      );
      addSignInRoutes(scope, context);
      addGuildRoutes(scope, context);
      addSettingsRoutes(scope, context);
      scope.get('/', (request, reply) => renderPage(context, request, reply, 'home', homeOf(context, request)));
    },
    { prefix: settings.base },
  );
  await app.ready();
  return {
    handle: (request, response) => app.routing(request, response),
    app,
    redirectUri: settings.redirectUri,
    close: () => app.close(),
  };
}

function homeOf(context: DashboardContext, request: Parameters<typeof renderPage>[1]) {
  const viewer = viewerOf(context, request);
  if (viewer === undefined) return { guilds: [] };
  const guilds = context.access.heldOf(viewer.guildIds).map((guild) => ({ id: guild.id, name: guild.name }));
  return { guilds };
}
