import type { ActivityRoleRule, RoleProblem } from '@guildkit/core';
import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Runtime } from '../guildkit/runtime.ts';
import type { CommandText, GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { roleProblemsIn } from '../role-platform.ts';
import { replyPrivately } from './reply.ts';

type Body = RESTPostAPIChatInputApplicationCommandsJSONBody;
type Named = (pick: (strings: GuildkitStrings) => CommandText) => Pick<Body, 'name' | 'description'>;
type Choice = (value: string, pick: (strings: GuildkitStrings) => string) => { value: string; name: string };

/** Changes the preview shows by name; the rest are counted. */
const PREVIEW_LINES = 20;
/** How often a run's answer shows its progress, at most. */
const PROGRESS_EVERY_MS = 2_000;

/** @internal The body of `/roles`, for Manage Roles by default (the bot checks it at every use as well). */
export function rolesCommandBody(named: Named, choice: Choice): Body {
  const roles = (pick: (c: GuildkitStrings['commands']['roles']) => CommandText) =>
    named((s) => pick(s.commands.roles));
  const S = ApplicationCommandOptionType;
  const sub = (pick: (c: GuildkitStrings['commands']['roles']) => CommandText, options: object[] = []) =>
    ({ type: S.Subcommand, ...roles(pick), options }) as NonNullable<Body['options']>[number];
  return {
    ...named((s) => s.commands.roles),
    default_member_permissions: PermissionFlagsBits.ManageRoles.toString(),
    options: [
      sub((c) => c.list),
      sub(
        (c) => c.add,
        [
          {
            type: S.String,
            required: true,
            ...roles((c) => c.add.kind),
            choices: (['minimum', 'top', 'inactive'] as const).map((kind) =>
              choice(kind, (s) => s.commands.roles.add.kind.choices[kind]),
            ),
          },
          { type: S.Role, required: true, ...roles((c) => c.add.role) },
          { type: S.Integer, required: true, min_value: 1, max_value: 365, ...roles((c) => c.add.days) },
          { type: S.Number, required: false, min_value: 0.1, max_value: 8_760, ...roles((c) => c.add.hours) },
          { type: S.Integer, required: false, min_value: 1, ...roles((c) => c.add.messages) },
          { type: S.Integer, required: false, min_value: 1, max_value: 1_000, ...roles((c) => c.add.count) },
        ],
      ),
      sub((c) => c.remove, [{ type: S.Role, required: true, ...roles((c) => c.remove.role) }]),
      sub((c) => c.preview),
      sub((c) => c.run),
    ],
  };
}

/**
 * @internal `/roles list | add | remove | preview | run`: for members with Manage Roles, checked at
 * every use. Rules are the guild's settings (`activityRoles.rules`), checked against the guild.
 */
export async function answerRoles(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { settings, roles }: Runtime,
): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null || roles === undefined) return;
  const text = strings.roles;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageRoles) !== true) {
    const name = strings.replies.permissionNames.ManageRoles ?? 'Manage Roles';
    await replyPrivately(interaction, strings.replies.needsPermission(name));
    return;
  }
  const inEffect = settings.of(guildId).activityRoles;
  if (inEffect === undefined) {
    await replyPrivately(interaction, text.notConfigured);
    return;
  }
  const rules = inEffect.rules;
  const line = (rule: ActivityRoleRule) => text.rule(rule, `<@&${rule.roleId}>`);
  const problems = (list: readonly RoleProblem[]) =>
    text.problems(list.map((problem) => `• ${text.problem(`<@&${problem.roleId}>`, problem.reason)}`).join('\n'));
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'list') {
    await replyPrivately(interaction, rules.length === 0 ? text.none : text.list(rules.map(line).join('\n')));
    return;
  }
  if (subcommand === 'add' || subcommand === 'remove') {
    const roleId = interaction.options.getRole('role', true).id;
    const others = rules.filter((rule) => rule.roleId !== roleId);
    if (subcommand === 'remove' && others.length === rules.length) {
      await replyPrivately(interaction, text.notARule(`<@&${roleId}>`));
      return;
    }
    const rule = subcommand === 'add' ? ruleOf(interaction, roleId) : undefined;
    const unmanageable =
      rule === undefined || interaction.guild === null ? [] : roleProblemsIn(interaction.guild, [roleId]);
    if (unmanageable.length > 0) {
      await replyPrivately(interaction, problems(unmanageable));
      return;
    }
    try {
      await settings.update(guildId, {
        set: { activityRoles: { rules: rule === undefined ? others : [...others, rule] } },
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      await replyPrivately(interaction, text.invalid(detail));
      return;
    }
    await replyPrivately(interaction, rule === undefined ? text.removed(`<@&${roleId}>`) : text.added(line(rule)));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = (content: string) => interaction.editReply({ content, allowedMentions: { parse: [] } });
  if (rules.length === 0) {
    await answer(text.none);
    return;
  }
  if (subcommand === 'preview') {
    const plan = await roles.preview(guildId, rules);
    if (plan.problems.length > 0) {
      await answer(problems(plan.problems));
      return;
    }
    const gain = plan.changes.filter((change) => change.action === 'add').length;
    const shown = plan.changes
      .slice(0, PREVIEW_LINES)
      .map((change) => text.change(`<@${change.userId}>`, `<@&${change.roleId}>`, change.action));
    await answer(
      text.preview(
        plan.members,
        gain,
        plan.changes.length - gain,
        shown.join('\n'),
        plan.changes.length - shown.length,
      ),
    );
    return;
  }
  // run: a run that takes more than a moment shows how far it is, every few seconds; a short one
  // answers once, when it is done.
  let shownAt = Date.now();
  const onProgress = (progress: { guildId: string; done: number; total: number }) => {
    if (progress.guildId !== guildId || Date.now() - shownAt < PROGRESS_EVERY_MS) return;
    shownAt = Date.now();
    void answer(text.running(progress.done, progress.total)).catch(() => {});
  };
  roles.on('progress', onProgress);
  try {
    const { plan, runs } = await roles.run(guildId, rules);
    if (plan.problems.length > 0) {
      await answer(problems(plan.problems));
      return;
    }
    const sum = (key: 'applied' | 'skipped' | 'failed') => runs.reduce((total, run) => total + run[key], 0);
    await answer(text.done(sum('applied'), sum('skipped'), sum('failed')));
  } finally {
    roles.off('progress', onProgress);
  }
}

/** The rule the options of `/roles add` describe; checked when the settings are saved. */
function ruleOf(interaction: ChatInputCommandInteraction, roleId: string): ActivityRoleRule {
  const options = interaction.options;
  const kind = options.getString('kind', true);
  const days = options.getInteger('days', true);
  if (kind === 'top') {
    return { kind, roleId, days, count: options.getInteger('count') ?? 5 };
  }
  if (kind === 'inactive') return { kind, roleId, days };
  const hours = options.getNumber('hours') ?? undefined;
  const messages = options.getInteger('messages') ?? undefined;
  return {
    kind: 'minimum',
    roleId,
    days,
    ...(hours === undefined ? {} : { hours }),
    ...(messages === undefined && hours === undefined ? { hours: 1 } : {}),
    ...(messages === undefined ? {} : { messages }),
  };
}
