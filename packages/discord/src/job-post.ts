import { formatDuration, type JobClosing, type JobListing } from '@guildkit/core';
import {
  ActionRowBuilder,
  type APIEmbed,
  type APIMessageTopLevelComponent,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
} from 'discord.js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';

/**
 * The custom id of the close button on every job post; the post it was pressed in is the
 * interaction's channel.
 *
 * @example Handling the button
 * ```ts
 * adapter.on('button', (press) => {
 *   if (press.customId === JOB_CLOSE_BUTTON) void board.closeListingBy(press.channelId, actor);
 * });
 * ```
 */
export const JOB_CLOSE_BUTTON = 'guildkit:job-close';

const OPEN_COLOUR = 0x5865f2;
const CLOSED_COLOUR = 0x99aab5;

/** What a post's first message needs: the listing without its post id. */
type Shown = Omit<JobListing, 'postId'>;

/** @internal A message body that pings nobody, whatever the user wrote. */
export interface JobMessageBody {
  readonly embeds: APIEmbed[];
  readonly components: APIMessageTopLevelComponent[];
  readonly allowed_mentions: { readonly parse: [] };
}

/** @internal The post's name: the title, or one made from the owner's name. */
export function postName(listing: Shown, strings: GuildkitStrings): string {
  return (listing.title === '' ? strings.jobPost.postTitle(listing.ownerName) : listing.title).slice(0, 100);
}

/** @internal The room's name, made from the owner's name. */
export function roomName(ownerName: string, strings: GuildkitStrings): string {
  return strings.jobPost.roomName(ownerName).slice(0, 100);
}

/** @internal The post's first message: the listing, its participants, and buttons to join and to close. */
export function postBody(listing: Shown, strings: GuildkitStrings): JobMessageBody {
  const text = strings.jobPost;
  const open = listing.status === 'open';
  const limit = listing.userLimit === 0 ? '∞' : String(listing.userLimit);
  const embed = new EmbedBuilder()
    .setColor(open ? OPEN_COLOUR : CLOSED_COLOUR)
    .setTitle(open ? postName(listing, strings) : `[${text.closedStatus}] ${postName(listing, strings)}`.slice(0, 256))
    .addFields(
      { name: text.owner, value: `<@${listing.ownerId}>`, inline: true },
      { name: text.room, value: `<#${listing.voiceChannelId}>`, inline: true },
      { name: text.participants, value: `${listing.participantCount}/${limit}`, inline: true },
      { name: text.created, value: `<t:${Math.floor(listing.createdAt / 1000)}:R>`, inline: true },
    );
  if (listing.description !== '') embed.setDescription(listing.description);
  if (listing.tags.length > 0) embed.addFields({ name: text.tags, value: listing.tags.join(', ').slice(0, 1024) });
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setStyle(ButtonStyle.Link)
      .setLabel(text.join)
      .setURL(`https://discord.com/channels/${listing.guildId}/${listing.voiceChannelId}`),
    new ButtonBuilder().setStyle(ButtonStyle.Danger).setLabel(text.close).setCustomId(JOB_CLOSE_BUTTON),
  );
  return {
    embeds: [embed.toJSON()],
    components: open ? [buttons.toJSON()] : [],
    allowed_mentions: { parse: [] },
  };
}

/** @internal The closing message: why, and the listing's figures. */
export function closingBody(listing: JobListing, closing: JobClosing, strings: GuildkitStrings): JobMessageBody {
  const text = strings.jobPost;
  const embed = new EmbedBuilder()
    .setColor(CLOSED_COLOUR)
    .setTitle(text.closedTitle)
    .setDescription(text.reasons[closing.reason])
    .addFields(
      { name: text.peak, value: text.people(listing.peakParticipants), inline: true },
      { name: text.totalTime, value: formatDuration(listing.totalVoiceMs, strings), inline: true },
      { name: text.openFor, value: formatDuration(closing.closedAt - listing.createdAt, strings), inline: true },
    )
    .setTimestamp(closing.closedAt);
  return { embeds: [embed.toJSON()], components: [], allowed_mentions: { parse: [] } };
}
