import { days, formatDuration } from '@guildkit/core';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Runtime } from '../guildkit/runtime.ts';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { answerInTime, replyPrivately } from './reply.ts';

/** @internal `/activity [member]`: today, this week and this month, open session included; anyone may look anyone up. */
export async function answerActivity(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { tracker, now, settings }: Runtime,
): Promise<void> {
  if (tracker === undefined || interaction.guildId === null) return;
  const guildId = interaction.guildId;
  const { activity, weekStartsOn } = settings.of(guildId);
  if (!activity) {
    await replyPrivately(interaction, strings.replies.activityNotConfigured);
    return;
  }
  const user = interaction.options.getUser('member') ?? interaction.user;
  const member =
    interaction.options.getMember('member') ?? (user.id === interaction.user.id ? interaction.member : null);
  const name =
    (member !== null && 'displayName' in member ? member.displayName : undefined) ?? user.globalName ?? user.username;
  const today = tracker.dayOf(guildId, now());
  const week = days.startOfWeek(today, weekStartsOn);
  const month = days.startOfMonth(today);
  const ranges = [
    [today, days.add(today, 1)],
    [week, days.add(week, 7)],
    [month, days.addMonths(month, 1)],
  ] as const;
  // Read from the store: deferred if it is slow (a lock, a server that hangs), so the command never fails in Discord.
  await answerInTime(interaction, async () => {
    const [inDay, inWeek, inMonth] = await Promise.all(
      ranges.map(async ([startDay, endDay]) => {
        const query = { guildId, startDay, endDay, userIds: [user.id], includeLive: true };
        const [total] = await tracker.readTotals(query);
        return total?.ms ?? 0;
      }),
    );
    const shown = (ms: number | undefined) => formatDuration(ms ?? 0, strings);
    return strings.replies.activity(name, shown(inDay), shown(inWeek), shown(inMonth));
  });
}
