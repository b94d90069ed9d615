import type { GuildkitStore, ReportGenerator, ReportMember, ReportPeriod } from '@guildkit/core';
import { type CommandUse, type GuildkitLocale, reportMessage, resolveLocale } from '@guildkit/discord';
import { Cron } from 'croner';
import { type Client, type Guild, MessageFlags, PermissionFlagsBits, type PermissionsString } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from './config.ts';
import { messages } from './messages.ts';
import type { BotMetrics } from './metrics.ts';

/** A guild's members as reports count them (fetched once per report: the gateway sends them in chunks). */
export async function reportMembers(guild: Guild): Promise<ReportMember[]> {
  const members = await guild.members.fetch();
  return members.map((member) => ({
    id: member.id,
    displayName: member.displayName,
    roleIds: [...member.roles.cache.keys()],
    bot: member.user.bot,
  }));
}

/** `/report [period] [role]`: the current period, posted in the channel, for members with the configured permission. */
export async function answerReportCommand(
  use: CommandUse,
  reports: ReportGenerator,
  permission: PermissionsString,
): Promise<void> {
  const { interaction } = use;
  const text = messages[use.locale];
  // The command's default permissions can be changed by a server's admins: check here too.
  if (interaction.memberPermissions?.has(PermissionFlagsBits[permission]) !== true) {
    const name = permission === 'ManageGuild' ? text.manageGuild : permission;
    await interaction.reply({ content: text.needsPermission(name), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply();
  try {
    const period = (interaction.options.getString('period') ?? 'weekly') as ReportPeriod;
    const role = interaction.options.getRole('role');
    const guild = interaction.guild ?? (await interaction.client.guilds.fetch(use.guildId));
    const report = await reports.generate({
      guildId: use.guildId,
      period,
      members: await reportMembers(guild),
      roleId: role?.id ?? null,
    });
    await interaction.editReply(reportMessage(report, use.locale));
  } catch (error) {
    await interaction.editReply({ content: text.jobError }).catch(() => {});
    throw error;
  }
}

interface SchedulerDeps {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly reports: ReportGenerator;
  readonly config: BotConfig;
  readonly logger: Logger;
  readonly metrics: BotMetrics;
  readonly now: () => number;
}

/**
 * Scheduled reports to REPORT_CHANNEL_ID: each kind on its cron pattern in the bot's time zone,
 * covering the last complete period, and each posted once even across restarts (the store records
 * the claim; a failed post gives it back).
 */
export class ReportScheduler {
  readonly #deps: SchedulerDeps;
  readonly #jobs: Cron[] = [];

  public constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  public start(): this {
    const { config, logger, metrics } = this.#deps;
    for (const kind of ['daily', 'weekly', 'monthly'] as const) {
      const pattern = config.reportSchedule[kind];
      if (pattern === null || config.reportChannelId === undefined) continue;
      this.#jobs.push(
        new Cron(pattern, { timezone: config.timeZone, protect: true }, () => {
          this.post(kind).catch((error: unknown) => {
            metrics.errors.inc({ source: 'scheduled_report' });
            logger.error({ err: error, kind }, 'posting a scheduled report failed; it will be tried at the next run');
          });
        }),
      );
    }
    return this;
  }

  public stop(): void {
    for (const job of this.#jobs.splice(0)) job.stop();
  }

  /** Posts the last complete period's report of a kind, unless it was posted already; whether it posted. */
  public async post(kind: 'daily' | 'weekly' | 'monthly'): Promise<boolean> {
    const { client, store, reports, config, logger, now } = this.#deps;
    const channel = await client.channels.fetch(config.reportChannelId as string);
    if (channel === null || !channel.isSendable() || !('guild' in channel)) {
      throw new Error(`REPORT_CHANNEL_ID ${config.reportChannelId} is not a server channel the bot can post in`);
    }
    const guildId = channel.guild.id;
    const at = now();
    const range = reports.rangeOf({ guildId, period: kind, at, which: 'last-complete' });
    const key = { guildId, kind, periodStart: range.startDay };
    if (!(await store.claimReportPost(key, at))) return false;
    try {
      const report = await reports.generate({
        guildId,
        period: kind,
        at,
        which: 'last-complete',
        members: await reportMembers(channel.guild),
        roleId: config.reportRoleId ?? null,
      });
      const locale: GuildkitLocale = resolveLocale(channel.guild.preferredLocale, 'ko');
      await channel.send(reportMessage(report, locale));
      logger.info({ guildId, kind, period: range.startDay }, 'scheduled report posted');
      return true;
    } catch (error) {
      await store.releaseReportPost(key).catch(() => {});
      throw error;
    }
  }
}
