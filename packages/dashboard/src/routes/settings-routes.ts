import { type ActivityRoleRule, ValidationError } from '@guildkit/core';
import { GuildSettingsError, settingProblemText } from '@guildkit/discord';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GuildAccess } from '../guild-access.ts';
import { type DashboardContext, errorPage, guildAccess, languageOf, navOf, renderPage } from '../pages.ts';
import { choicesOf, enteredValues, featuresOf, formValues, updateOf } from '../settings-form.ts';

type SettingsRoute = { Params: { guildId: string }; Body: Record<string, unknown> | undefined };
type SettingsRequest = FastifyRequest<SettingsRoute>;

/** What the settings page shows besides the form: a saved change, what was refused, a preview. */
interface Outcome {
  readonly saved?: boolean;
  readonly problems?: readonly string[];
  readonly preview?: string;
  /** A refused form's body: its entries are shown again. */
  readonly entered?: Record<string, unknown>;
}

/** Every IANA time zone the runtime knows; `UTC` (the default) is not among `supportedValuesOf`'s. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];

/**
 * @internal The settings page and its forms. Each needs Manage Server in the guild, asked of Discord
 * at that request; each change also needs the page's CSRF token.
 */
export function addSettingsRoutes(scope: FastifyInstance, context: DashboardContext): void {
  const { guildkit } = context;

  /** The access of a Manage Server member, or `undefined` with the refusal sent. */
  const admin = async (request: SettingsRequest, reply: FastifyReply) => {
    const access = await guildAccess(context, request, reply, { fresh: true });
    if (access === undefined) return undefined;
    if (!access.manageGuild) {
      errorPage(context, request, reply, 403, 'forbidden', 'ManageGuild');
      return undefined;
    }
    return access;
  };

  const page = async (
    request: SettingsRequest,
    reply: FastifyReply,
    access: GuildAccess,
    outcome: Outcome,
    status = 200,
  ) => {
    const guildId = access.guild.id;
    const inEffect = guildkit.settings.of(guildId);
    const own = await guildkit.settings.read(guildId);
    const shown = formValues(inEffect, own);
    const { entered, ...shownOutcome } = outcome;
    const language = languageOf(context, request);
    const bot = guildkit.translations.strings(language);
    const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    const roleName = (roleId: string) => `@${access.guild.roles.cache.get(roleId)?.name ?? roleId}`;
    return renderPage(
      context,
      request,
      reply,
      'settings',
      {
        nav: navOf(access, 'settings'),
        values: entered === undefined ? shown : enteredValues(entered, shown),
        shown: JSON.stringify(shown),
        names: bot.settings.names,
        bot: bot.settings,
        choices: choicesOf(access.guild),
        features: featuresOf(guildkit),
        botLanguages:
          inEffect.locale === undefined || guildkit.translations.locales.includes(inEffect.locale)
            ? guildkit.translations.locales
            : [inEffect.locale, ...guildkit.translations.locales],
        languageName,
        timeZones: TIME_ZONES.includes(inEffect.timeZone) ? TIME_ZONES : [inEffect.timeZone, ...TIME_ZONES],
        weekdays: [0, 1, 2, 3, 4, 5, 6].map((day) => ({
          value: String(day),
          label: weekday.format(Date.UTC(2026, 10, 1 + day)), // 1 November 2026 was a Sunday
        })),
        // The guild's own rules, also while activity roles are switched off.
        rules: (own.activityRoles?.rules ?? []).map((rule) => ({
          roleId: rule.roleId,
          text: bot.roles.rule(rule, roleName(rule.roleId)),
        })),
        ...shownOutcome,
      },
      status,
    );
  };

  scope.get<SettingsRoute>('/guilds/:guildId/settings', async (request, reply) => {
    const access = await admin(request, reply);
    if (access === undefined) return reply;
    return page(request, reply, access, {});
  });

  const changes = { preHandler: scope.csrfProtection };

  scope.post<SettingsRoute>('/guilds/:guildId/settings', changes, async (request, reply) => {
    const access = await admin(request, reply);
    if (access === undefined) return reply;
    const guildId = access.guild.id;
    const body = request.body ?? {};
    const update = updateOf(body, guildkit.settings.of(guildId), await guildkit.settings.read(guildId));
    return apply(request, reply, access, update, body);
  });

  // Activity-role rules: added or removed one at a time, as /roles add and /roles remove.
  scope.post<SettingsRoute>('/guilds/:guildId/settings/roles', changes, async (request, reply) => {
    const access = await admin(request, reply);
    if (access === undefined) return reply;
    if (guildkit.roles === undefined) return errorPage(context, request, reply, 404);
    // The guild's own rules, also while activity roles are switched off; one a role, as /roles.
    const rules = (await guildkit.settings.read(access.guild.id)).activityRoles?.rules ?? [];
    const body = request.body ?? {};
    if (body.action === 'remove') {
      const kept = rules.filter((rule) => rule.roleId !== body.roleId);
      return apply(request, reply, access, { set: { activityRoles: { rules: kept } } });
    }
    const rule = ruleOf(body);
    if (typeof rule === 'string') return page(request, reply, access, { problems: [rule] }, 400);
    const others = rules.filter((existing) => existing.roleId !== rule.roleId);
    return apply(request, reply, access, { set: { activityRoles: { rules: [...others, rule] } } });
  });

  // The dry run: what a run of the guild's rules would change now. It changes nothing, but shows
  // members' activity, so it asks for the same as the page.
  scope.post<SettingsRoute>('/guilds/:guildId/settings/roles/preview', changes, async (request, reply) => {
    const access = await admin(request, reply);
    if (access === undefined) return reply;
    const roles = guildkit.roles;
    if (roles === undefined) return errorPage(context, request, reply, 404);
    const rules = (await guildkit.settings.read(access.guild.id)).activityRoles?.rules ?? [];
    const bot = guildkit.translations.strings(languageOf(context, request));
    const plan = await roles.preview(access.guild.id, rules);
    if (plan.problems.length > 0) {
      const role = (roleId: string) => `@${access.guild.roles.cache.get(roleId)?.name ?? roleId}`;
      return page(request, reply, access, {
        problems: plan.problems.map((problem) => bot.roles.problem(role(problem.roleId), problem.reason)),
      });
    }
    const gain = new Set(plan.changes.filter((change) => change.action === 'add').map((change) => change.userId)).size;
    const lose = new Set(plan.changes.filter((change) => change.action === 'remove').map((change) => change.userId))
      .size;
    const shown = plan.changes.slice(0, 20);
    const lines = shown.map((change) => {
      const who = access.guild.members.cache.get(change.userId)?.displayName ?? change.userId;
      const role = `@${access.guild.roles.cache.get(change.roleId)?.name ?? change.roleId}`;
      return bot.roles.change(who, role, change.action);
    });
    const preview = bot.roles.preview(plan.members, gain, lose, lines.join('\n'), plan.changes.length - shown.length);
    return page(request, reply, access, { preview });
  });

  /** Writes an update and shows the page again: saved, or every problem and nothing saved. */
  async function apply(
    request: SettingsRequest,
    reply: FastifyReply,
    access: GuildAccess,
    update: Parameters<typeof guildkit.settings.update>[1],
    entered?: Record<string, unknown>,
  ) {
    const guildId = access.guild.id;
    try {
      await guildkit.settings.update(guildId, update);
    } catch (error) {
      const bot = guildkit.translations.strings(languageOf(context, request));
      if (error instanceof GuildSettingsError) {
        const problems = error.problems.map((problem) => settingProblemText(problem, bot));
        return page(request, reply, access, { problems, ...(entered && { entered }) }, 422);
      }
      if (error instanceof ValidationError)
        return page(request, reply, access, { problems: [error.message], ...(entered && { entered }) }, 400);
      throw error;
    }
    context.settings.logger?.info(
      { guildId, by: access.member.id, set: Object.keys(update.set ?? {}), reset: update.reset },
      'guild settings changed from the dashboard',
    );
    return page(request, reply, access, { saved: true });
  }
}

/** A language's name in itself, such as `한국어`; the locale itself for one Intl does not know. */
function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** The rule the add form describes, or what is wrong with it. */
function ruleOf(body: Record<string, unknown>): ActivityRoleRule | string {
  const number = (name: string) => {
    const value = typeof body[name] === 'string' ? (body[name] as string).trim() : '';
    return value === '' ? undefined : Number(value);
  };
  const roleId = String(body.roleId ?? '');
  const days = number('days') ?? Number.NaN;
  switch (body.kind) {
    case 'minimum': {
      const hours = number('hours');
      const messages = number('messages');
      return {
        kind: 'minimum',
        roleId,
        days,
        ...(hours === undefined ? {} : { hours }),
        ...(messages === undefined ? {} : { messages }),
      };
    }
    case 'top':
      return {
        kind: 'top',
        roleId,
        days,
        count: number('count') ?? Number.NaN,
        rankBy: body.rankBy === 'messages' ? 'messages' : 'voice',
      };
    case 'inactive':
      return { kind: 'inactive', roleId, days };
    default:
      return 'kind must be minimum, top or inactive';
  }
}
