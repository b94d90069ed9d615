import type { ReportPeriod } from '@guildkit/core';
import { type ChatInputCommandInteraction, PermissionFlagsBits } from 'discord.js';
import { reportMembers } from '../features/report-members.ts';
import type { Runtime } from '../guildkit/runtime.ts';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { reportMessage } from '../report-render.ts';
import { replyPrivately } from './reply.ts';

/** @internal `/report [period] [role]`: the current period, posted in the channel, for members with the permission. */
export async function answerReport(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { reports, failed, settings }: Runtime,
): Promise<void> {
  const text = strings.replies;
  if (reports === undefined || interaction.guildId === null || settings.of(interaction.guildId).reports === undefined) {
    await replyPrivately(interaction, text.reportNotConfigured);
    return;
  }
  // A server's admins can change the command's default permissions: the bot checks each use itself.
  if (interaction.memberPermissions?.has(PermissionFlagsBits[reports.permission]) !== true) {
    const name = text.permissionNames[reports.permission] ?? reports.permission;
    await replyPrivately(interaction, text.needsPermission(name));
    return;
  }
  await interaction.deferReply();
  const period = (interaction.options.getString('period') ?? 'weekly') as ReportPeriod;
  const role = interaction.options.getRole('role');
  const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
  const report = await reports.generator.generate({
    guildId: guild.id,
    period,
    members: await reportMembers(guild),
    roleId: role?.id ?? null,
  });
  const chartFailed = (error: unknown) => failed(error, { step: 'report:chart', guildId: guild.id });
  await interaction.editReply(reportMessage(report, strings, { chart: reports.chart, chartFailed }));
}
