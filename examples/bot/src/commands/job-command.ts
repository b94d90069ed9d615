import { type JobBoard, type JobCloseActor, type JobCloseResult, JobOpenError } from '@guildkit/core';
import type { ButtonUse, CommandUse } from '@guildkit/discord';
import { type ChatInputCommandInteraction, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { type Locale, messages } from '../messages.ts';

type Interaction = CommandUse['interaction'] | ButtonUse['interaction'];

/** Who is asking, as the board checks it: Manage Channels where they asked makes them a moderator. */
function actorOf(interaction: Interaction): JobCloseActor {
  return {
    userId: interaction.user.id,
    canManageChannels: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) === true,
  };
}

/**
 * Replies privately, after a deferral (opening and closing take several requests, past Discord's
 * 3 s). If answering fails, the member is told so, and the error goes on to be logged.
 */
async function deferred(interaction: Interaction, locale: Locale, answer: () => Promise<string>): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let content: string;
  try {
    content = await answer();
  } catch (error) {
    await interaction.editReply({ content: messages[locale].jobError }).catch(() => {});
    throw error;
  }
  await interaction.editReply({ content, allowedMentions: { parse: [] } });
}

/** `/job open | close | list`. */
export async function answerJobCommand(use: CommandUse, board: JobBoard | undefined): Promise<void> {
  const text = messages[use.locale];
  const { interaction } = use;
  if (board === undefined) {
    await interaction.reply({ content: text.jobNotConfigured, flags: MessageFlags.Ephemeral });
    return;
  }
  if (use.subcommand === 'open') {
    await deferred(interaction, use.locale, () => openListing(interaction, use.locale, board));
  } else if (use.subcommand === 'close') {
    await deferred(interaction, use.locale, async () => {
      // Inside a listing's post, that listing; anywhere else, the caller's own.
      const here = await board.closeListingBy(use.channelId, actorOf(interaction));
      if (here.outcome !== 'not-found') return closeReply(here, use.locale);
      const own = board.listingOf(use.guildId, use.userId);
      if (own === undefined) return text.jobNoneOpen;
      return closeReply(await board.closeListingBy(own.postId, actorOf(interaction)), use.locale);
    });
  } else {
    const listings = board.openListings(use.guildId);
    const lines = listings.map((listing) =>
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

/** The close button on a post: closes that post's listing. */
export async function answerJobButton(press: ButtonUse, board: JobBoard | undefined): Promise<void> {
  if (board === undefined) return;
  await deferred(press.interaction, press.locale, async () =>
    closeReply(await board.closeListingBy(press.channelId, actorOf(press.interaction)), press.locale),
  );
}

async function openListing(interaction: ChatInputCommandInteraction, locale: Locale, board: JobBoard): Promise<string> {
  const text = messages[locale];
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
      title: interaction.options.getString('title') ?? '',
      description: interaction.options.getString('description') ?? '',
    });
    return created ? text.jobOpened(listing.postId, listing.voiceChannelId) : text.jobExisting(listing.postId);
  } catch (error) {
    if (error instanceof JobOpenError) return text.jobFailed(text.jobSteps[error.step], error.undone);
    throw error;
  }
}

function closeReply(result: JobCloseResult, locale: Locale): string {
  const text = messages[locale];
  if (result.outcome === 'closed') return text.jobClosed(result.listing.postId);
  if (result.outcome === 'already-closed') return text.jobAlreadyClosed;
  if (result.outcome === 'not-allowed') return text.jobNotAllowed;
  return text.jobNoneOpen;
}
