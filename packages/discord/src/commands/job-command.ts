import { type JobBoard, type JobCloseActor, type JobCloseResult, JobOpenError, ValidationError } from '@guildkit/core';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { Runtime } from '../guildkit/runtime.ts';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { deferredPrivately, replyPrivately } from './reply.ts';

/** The longest title and description `/job open` takes: Discord's limits for a thread name and what the option allows. */
const TITLE_MAX = 100;
const DESCRIPTION_MAX = 1_000;

/** Who is asking, as the board checks it: Manage Channels where they asked makes them a moderator. */
function actorOf(interaction: ChatInputCommandInteraction | ButtonInteraction): JobCloseActor {
  return {
    userId: interaction.user.id,
    canManageChannels: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) === true,
  };
}

/** @internal `/job open | close | list`. */
export async function answerJob(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { board, settings }: Runtime,
): Promise<void> {
  const text = strings.replies;
  // Off in this guild, or no forum set for it yet.
  if (board === undefined || interaction.guildId === null || settings.of(interaction.guildId).jobBoard === undefined) {
    await replyPrivately(interaction, text.jobNotConfigured);
    return;
  }
  const guildId = interaction.guildId;
  const subcommand = interaction.options.getSubcommand(false);
  if (subcommand === 'open') {
    const refused = refusal(interaction, strings);
    if (refused !== undefined) {
      await replyPrivately(interaction, text.jobInvalid(refused));
      return;
    }
    await deferredPrivately(interaction, () => openListing(interaction, strings, board));
  } else if (subcommand === 'close') {
    await deferredPrivately(interaction, async () => {
      // Inside a listing's post, that listing; anywhere else, the caller's own.
      const here = await board.closeListingBy(interaction.channelId, actorOf(interaction));
      if (here.outcome !== 'not-found') return closeReply(here, strings);
      const own = board.listingOf(guildId, interaction.user.id);
      if (own === undefined) return text.jobNoneOpen;
      return closeReply(await board.closeListingBy(own.postId, actorOf(interaction)), strings);
    });
  } else {
    const lines = board
      .openListings(guildId)
      .map((listing) =>
        text.jobListItem(
          listing.postId,
          listing.title,
          listing.participantCount,
          listing.userLimit === 0 ? '∞' : String(listing.userLimit),
        ),
      );
    await interaction.reply({
      content: lines.length === 0 ? text.jobListEmpty : lines.join('\n').slice(0, 2_000),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  }
}

/** @internal The close button on a job post: closes that post's listing. */
export async function answerJobButton(
  interaction: ButtonInteraction,
  strings: GuildkitStrings,
  board: JobBoard,
): Promise<void> {
  await deferredPrivately(interaction, async () =>
    closeReply(await board.closeListingBy(interaction.channelId, actorOf(interaction)), strings),
  );
}

/** What is wrong with the member's title or description, in their language; `undefined` when nothing is. */
function refusal(interaction: ChatInputCommandInteraction, strings: GuildkitStrings): string | undefined {
  const text = strings.replies;
  const title = interaction.options.getString('title');
  const description = interaction.options.getString('description') ?? '';
  if (title !== null && title.trim() === '') return text.jobTitleBlank;
  if ((title ?? '').length > TITLE_MAX) return text.jobTooLong(strings.commands.job.open.title.name, TITLE_MAX);
  if (description.length > DESCRIPTION_MAX)
    return text.jobTooLong(strings.commands.job.open.details.name, DESCRIPTION_MAX);
  // A thread name is one line; a description may have lines and tabs, but no other control characters.
  if (/\p{Cc}/u.test(title ?? '')) return text.jobControlCharacters(strings.commands.job.open.title.name);
  if (/[^\P{Cc}\t\n\r]/u.test(description)) return text.jobControlCharacters(strings.commands.job.open.details.name);
  return undefined;
}

async function openListing(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  board: JobBoard,
): Promise<string> {
  const text = strings.replies;
  const member = interaction.member;
  const ownerName =
    (member !== null && 'displayName' in member ? member.displayName : undefined) ??
    interaction.user.globalName ??
    interaction.user.username;
  try {
    const { listing, created } = await board.open({
      guildId: interaction.guildId as string,
      ownerId: interaction.user.id,
      ownerName: ownerName.slice(0, 100),
      title: (interaction.options.getString('title') ?? '').trim(),
      description: (interaction.options.getString('description') ?? '').trim(),
    });
    return created ? text.jobOpened(listing.postId, listing.voiceChannelId) : text.jobExisting(listing.postId);
  } catch (error) {
    if (error instanceof JobOpenError) return text.jobFailed(text.jobSteps[error.step], error.undone);
    // The board's own checks (control characters, say): what was wrong, without echoing the text back.
    if (error instanceof ValidationError) return text.jobInvalid(error.message.replace(/; received [\s\S]*$/, '.'));
    throw error;
  }
}

function closeReply(result: JobCloseResult, strings: GuildkitStrings): string {
  const text = strings.replies;
  if (result.outcome === 'closed') return text.jobClosed(result.listing.postId);
  if (result.outcome === 'already-closed') return text.jobAlreadyClosed;
  if (result.outcome === 'not-allowed') return text.jobNotAllowed;
  return text.jobNoneOpen;
}
