import { isSnowflake } from '@guildkit/core';
import type { Guildkit } from '@guildkit/discord';
import type { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedDashboardOptions } from './dashboard-options.ts';
import { type DashboardStrings, pickLanguage } from './dashboard-strings.ts';
import { DiscordUnavailableError, type GuildAccess, type GuildAccessCheck } from './guild-access.ts';
import type { MemberNames } from './member-names.ts';
import type { SignedIn } from './sign-in.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Who signed in; absent before. */
    viewer: SignedIn;
    /** A sign-in under way: its state and where to go after. */
    signIn: { state: string; returnTo: string };
    /** The language the person picked. */
    language: string;
  }
}

/** @internal What every route works with. */
export interface DashboardContext {
  readonly guildkit: Guildkit;
  readonly settings: ResolvedDashboardOptions;
  readonly catalogue: ReadonlyMap<string, DashboardStrings>;
  readonly access: GuildAccessCheck;
  readonly names: MemberNames;
  readonly eta: Eta;
  readonly cssPath: string;
}

/** @internal The language of a request: the person's pick, their browser's, their Discord client's, the default. */
export function languageOf(context: DashboardContext, request: FastifyRequest): string {
  const wanted: string[] = [];
  const picked = request.session.get('language');
  if (picked !== undefined) wanted.push(picked);
  for (const part of String(request.headers['accept-language'] ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim();
    if (tag !== undefined && tag !== '' && tag !== '*') wanted.push(tag);
  }
  const discord = request.session.get('viewer')?.locale;
  if (discord !== undefined) wanted.push(discord);
  wanted.push(context.settings.defaultLocale);
  return pickLanguage(context.catalogue, wanted);
}

/**
 * @internal Who is signed in: `undefined` before sign-in, and once the sign-in is older than
 * `sessionSeconds` (the cookie's own expiry restarts at each write, such as a language picked).
 */
export function viewerOf(context: DashboardContext, request: FastifyRequest): SignedIn | undefined {
  const viewer = request.session.get('viewer');
  if (viewer === undefined) return undefined;
  const age = context.settings.now() - (viewer.signedInAt ?? 0);
  return age >= 0 && age < context.settings.sessionSeconds * 1000 ? viewer : undefined;
}

/** @internal A guild page's navigation: the guild, and the tabs this person may open. */
export interface GuildNav {
  readonly id: string;
  readonly name: string;
  readonly seesLeaderboard: boolean;
  readonly manageGuild: boolean;
  readonly userId: string;
  readonly tab: string;
}

/** @internal Renders a page in the person's language, with the layout's sign-out and language forms. */
export function renderPage(
  context: DashboardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  data: Record<string, unknown>,
  status = 200,
): FastifyReply {
  const language = languageOf(context, request);
  const t = context.catalogue.get(language) as DashboardStrings;
  const html = context.eta.render(view, {
    ...data,
    t,
    lang: language,
    languages: [...context.catalogue].map(([locale, strings]) => ({ locale, name: strings.languageName })),
    viewer: viewerOf(context, request),
    csrf: reply.generateCsrf(),
    base: context.settings.base,
    css: context.cssPath,
    // Back here after picking a language; never the sign-in's own addresses, whose query holds its code.
    here: request.url.startsWith(`${context.settings.base}/auth/`) ? `${context.settings.base}/` : request.url,
  });
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** @internal The kinds of error page. */
export type ErrorKind = 'notFound' | 'forbidden' | 'csrf' | 'badRequest' | 'discordDown' | 'signInFailed' | 'failed';

/** @internal An error page: what went wrong, in the person's language, and the way back. */
export function errorPage(
  context: DashboardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  kind: ErrorKind = status === 404 ? 'notFound' : 'failed',
  detail = '',
): FastifyReply {
  if (
    status === 401 ||
    status === 403 ||
    (status === 404 && request.routeOptions.url?.startsWith(`${context.settings.base}/guilds/`))
  ) {
    // Who was refused what: the route's pattern and the person, never the query (which may hold a code).
    context.settings.logger?.info(
      {
        status,
        method: request.method,
        route: request.routeOptions.url,
        userId: request.session.get('viewer')?.userId,
      },
      'dashboard request refused',
    );
  }
  return renderPage(context, request, reply, 'error', { kind, detail }, status);
}

/**
 * @internal The person's access to the guild of the route (`:guildId`), checked now; `undefined`
 * when the reply is already sent (sign in first, nothing here for you, Discord down).
 */
export async function guildAccess(
  context: DashboardContext,
  request: FastifyRequest<{ Params: { guildId: string } }>,
  reply: FastifyReply,
  options: { readonly fresh: boolean },
): Promise<GuildAccess | undefined> {
  const viewer = viewerOf(context, request);
  if (viewer === undefined) {
    if (request.method === 'GET') {
      const returnTo = encodeURIComponent(request.url);
      reply.redirect(`${context.settings.base}/auth/login?returnTo=${returnTo}`, 303);
    } else errorPage(context, request, reply, 401, 'forbidden', 'signIn');
    return undefined;
  }
  const { guildId } = request.params;
  if (!isSnowflake(guildId)) {
    errorPage(context, request, reply, 404);
    return undefined;
  }
  try {
    const access = await context.access.of(guildId, viewer.userId, options.fresh);
    // The same page whether the bot is not in the guild or the person is not a member: a page of
    // another guild tells nothing about it.
    if (access === undefined) errorPage(context, request, reply, 404);
    return access;
  } catch (error) {
    if (!(error instanceof DiscordUnavailableError)) throw error;
    context.settings.logger?.warn({ guildId, err: error }, 'Discord did not answer a membership check');
    errorPage(context, request, reply, 503, 'discordDown');
    return undefined;
  }
}

/** @internal The navigation of a guild page. */
export function navOf(access: GuildAccess, tab: string): GuildNav {
  return {
    id: access.guild.id,
    name: access.guild.name,
    seesLeaderboard: access.seesLeaderboard,
    manageGuild: access.manageGuild,
    userId: access.member.id,
    tab,
  };
}
