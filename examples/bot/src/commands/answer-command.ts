import { type ActivityTracker, days } from '@guildkit/core';
import type { CommandUse } from '@guildkit/discord';
import { MessageFlags } from 'discord.js';
import { formatDuration, messages } from '../messages.ts';

/** What commands need from the running bot. */
export interface CommandContext {
  readonly tracker: ActivityTracker;
  readonly now: () => number;
}

/** Answers a command with a message only the member sees, which can ping no one. */
export async function replyPrivately(use: CommandUse, content: string): Promise<void> {
  await use.interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** Answers a slash command in the member's language; nothing it sends can ping. */
export async function answerCommand(use: CommandUse, context: CommandContext): Promise<void> {
  const text = messages[use.locale];
  if (use.name === 'activity') {
    await replyPrivately(use, await activityReply(use, context));
    return;
  }
  await replyPrivately(use, text.notYet);
}

/** `/activity [member]`: today, this week and this month, open session included; anyone may look anyone up. */
async function activityReply(use: CommandUse, { tracker, now }: CommandContext): Promise<string> {
  const text = messages[use.locale];
  const user = use.interaction.options.getUser('member') ?? use.interaction.user;
  const member =
    use.interaction.options.getMember('member') ?? (user.id === use.userId ? use.interaction.member : null);
  const name =
    (member !== null && 'displayName' in member ? member.displayName : undefined) ?? user.globalName ?? user.username;
  const today = tracker.dayOf(use.guildId, now());
  const ranges = [
    [today, days.add(today, 1)],
    [days.startOfWeek(today), days.add(days.startOfWeek(today), 7)],
    [days.startOfMonth(today), days.addMonths(today, 1)],
  ] as const;
  const [day, week, month] = await Promise.all(
    ranges.map(async ([startDay, endDay]) => {
      const [total] = await tracker.readTotals({
        guildId: use.guildId,
        startDay,
        endDay,
        userIds: [user.id],
        includeLive: true,
      });
      return formatDuration(total?.ms ?? 0, use.locale);
    }),
  );
  return text.activity(name, day as string, week as string, month as string);
}
