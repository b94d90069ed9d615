import type { ReportMember } from '@guildkit/core';
import type { Guild } from 'discord.js';

/**
 * A guild's members as reports count them, fetched once per report (the gateway sends them in
 * chunks). Needs the privileged GuildMembers intent, enabled in the Developer Portal too.
 *
 * @example A report of the current week
 * ```ts
 * import { reportMembers } from '@guildkit/discord';
 *
 * const report = await reports.generate({ guildId: guild.id, period: 'weekly', members: await reportMembers(guild) });
 * ```
 */
export async function reportMembers(guild: Guild): Promise<ReportMember[]> {
  const members = await guild.members.fetch();
  return members.map((member) => ({
    id: member.id,
    displayName: member.displayName,
    roleIds: [...member.roles.cache.keys()],
    bot: member.user.bot,
  }));
}
