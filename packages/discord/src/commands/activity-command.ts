import { days, type ForgottenMemberData, formatDuration, type MemberKey, memberDataToCsv } from '@guildkit/core';
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  type User,
} from 'discord.js';
import type { Runtime } from '../guildkit/runtime.ts';
import type { ActivityWindow, GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { answerInTime, replyPrivately } from './reply.ts';

/** @internal The custom ids of the forget question's buttons start with this. */
export const FORGET_BUTTON = 'guildkit:forget:';

/**
 * @internal `/activity show|data|forget`. `/activity` without a subcommand (its shape before the
 * subcommands, still sent by clients that have not refreshed their commands) is `show`.
 */
export async function answerActivity(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  runtime: Runtime,
): Promise<void> {
  const guildId = interaction.guildId;
  if (runtime.tracker === undefined || guildId === null) return;
  if (!runtime.settings.of(guildId).activity) {
    await replyPrivately(interaction, strings.replies.activityNotConfigured);
    return;
  }
  const subcommand = interaction.options.getSubcommand(false) ?? 'show';
  if (subcommand === 'data') return answerData(interaction, strings, runtime);
  if (subcommand === 'forget') return askForget(interaction, strings);
  return answerShow(interaction, strings, runtime);
}

/** Today, this week and month, the last 7 and 30 days, open session included; anyone may look anyone up. */
async function answerShow(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { tracker, now, settings }: Runtime,
): Promise<void> {
  const guildId = interaction.guildId as string;
  const user = interaction.options.getUser('member') ?? interaction.user;
  const name = displayName(interaction, user);
  const today = tracker?.dayOf(guildId, now()) as string;
  const week = days.startOfWeek(today, settings.of(guildId).weekStartsOn);
  const month = days.startOfMonth(today);
  const tomorrow = days.add(today, 1);
  const windows: Record<ActivityWindow, readonly [string, string]> = {
    today: [today, tomorrow],
    week: [week, days.add(week, 7)],
    month: [month, days.addMonths(month, 1)],
    last7: [days.add(today, -6), tomorrow],
    last30: [days.add(today, -29), tomorrow],
  };
  // Read from the store: deferred if it is slow (a lock, a server that hangs), so the command never fails in Discord.
  await answerInTime(interaction, async () => {
    const entries = await Promise.all(
      Object.entries(windows).map(async ([window, [startDay, endDay]]) => {
        const query = { guildId, startDay, endDay, userIds: [user.id], includeLive: true };
        const [total] = (await tracker?.readTotals(query)) ?? [];
        return [window as ActivityWindow, total ?? { ms: 0, messages: 0 }] as const;
      }),
    );
    const voice = Object.fromEntries(entries.map(([window, total]) => [window, formatDuration(total.ms, strings)]));
    const messages = Object.fromEntries(entries.map(([window, total]) => [window, total.messages]));
    return strings.replies.activity({
      name,
      voice: voice as Record<ActivityWindow, string>,
      messages: messages as Record<ActivityWindow, number>,
    });
  });
}

/** The member's own data, as CSV files only they see. */
async function answerData(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { store, tracker }: Runtime,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // What the tracker holds is written first: "everything kept" includes the last seconds.
  await tracker?.flush();
  const data = await store.readMemberData({ guildId: interaction.guildId as string, userId: interaction.user.id });
  const files = memberDataToCsv(data).map(({ name, csv }) => ({ attachment: Buffer.from(csv), name }));
  await interaction.editReply({
    content: files.length === 0 ? strings.replies.activityDataEmpty : strings.replies.activityData(files.length),
    files,
    allowedMentions: { parse: [] },
  });
}

/** Asks first, with two buttons only the member sees; someone else's data needs Manage Server. */
async function askForget(interaction: ChatInputCommandInteraction, strings: GuildkitStrings): Promise<void> {
  const target = interaction.options.getUser('member') ?? interaction.user;
  const self = target.id === interaction.user.id;
  if (!self && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await replyPrivately(
      interaction,
      strings.replies.needsPermission(strings.replies.permissionNames.ManageGuild ?? 'ManageGuild'),
    );
    return;
  }
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${FORGET_BUTTON}yes:${target.id}:${interaction.user.id}`)
      .setLabel(strings.replies.forgetYes)
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(`${FORGET_BUTTON}no:${target.id}:${interaction.user.id}`)
      .setLabel(strings.replies.forgetNo)
      .setStyle(ButtonStyle.Secondary),
  );
  await interaction.reply({
    content: strings.replies.forgetAsk(displayName(interaction, target), self),
    components: [row],
    allowedMentions: { parse: [] },
    flags: MessageFlags.Ephemeral,
  });
}

/**
 * @internal The forget question's answer. Checked again at the press: the member who asked, and
 * for someone else's data Manage Server now. Their open job listing is closed first, the tracker
 * lets go of what it holds of them, then the store deletes everything about them.
 */
export async function answerForgetButton(
  interaction: ButtonInteraction,
  strings: GuildkitStrings,
  { store, tracker, board }: Runtime,
): Promise<void> {
  const [answer, targetId, askedBy] = interaction.customId.slice(FORGET_BUTTON.length).split(':');
  const guildId = interaction.guildId;
  if (guildId === null || targetId === undefined || askedBy !== interaction.user.id) {
    await replyPrivately(interaction, strings.replies.forgetNotYours);
    return;
  }
  if (answer !== 'yes') {
    await interaction.update({ content: strings.replies.forgetCancelled, components: [] });
    return;
  }
  if (targetId !== interaction.user.id && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.update({
      content: strings.replies.needsPermission(strings.replies.permissionNames.ManageGuild ?? 'ManageGuild'),
      components: [],
    });
    return;
  }
  await interaction.deferUpdate();
  const by = targetId === interaction.user.id ? 'owner' : 'moderator';
  const forgotten = await forgetMember({ store, tracker, board }, { guildId, userId: targetId }, by);
  const name = interaction.guild?.members.cache.get(targetId)?.displayName ?? targetId;
  await interaction.editReply({
    content: strings.replies.forgetDone(name, forgotten),
    components: [],
    allowedMentions: { parse: [] },
  });
}

function displayName(interaction: ChatInputCommandInteraction, user: User): string {
  const member = interaction.guild?.members.cache.get(user.id);
  return member?.displayName ?? user.globalName ?? user.username;
}

/**
 * @internal Deletes everything kept about a member, in the order that leaves nothing behind: their
 * open job listing is closed, the tracker writes and lets go of what it holds of them, then the
 * store deletes it all. `/activity forget` and the dashboard both come here.
 */
export async function forgetMember(
  { store, tracker, board }: Pick<Runtime, 'store' | 'tracker' | 'board'>,
  member: MemberKey,
  by: 'owner' | 'moderator',
): Promise<ForgottenMemberData> {
  const open = board?.listingOf(member.guildId, member.userId);
  if (open !== undefined) await board?.closeListing(open.postId, by);
  await tracker?.forget(member);
  return store.forgetMember(member);
}
