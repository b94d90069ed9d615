import {
  type JobBoardChannels,
  type JobBoardPlatform,
  type JobClosing,
  type JobListing,
  type JobPostRequest,
  type JobRoomRequest,
  JobTargetGoneError,
} from '@guildkit/core';
import {
  type APIChannel,
  ChannelType,
  type Client,
  DiscordAPIError,
  OverwriteType,
  PermissionFlagsBits,
  type PermissionsString,
  Routes,
} from 'discord.js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';
import { Translations } from './i18n/translations.ts';
import { closingBody, postBody, postName, roomName } from './job-post.ts';

/**
 * Options of {@link DiscordJobBoardPlatform}.
 *
 * @example Posts in English whatever the guild's language, with a forum tag
 * ```ts
 * const options: DiscordJobBoardPlatformOptions = { client, locale: () => 'en', appliedTagIds: ['1500000000000000001'] };
 * ```
 */
export interface DiscordJobBoardPlatformOptions {
  readonly client: Client;
  /** The strings of every language. @defaultValue the built-in ones (English, Korean) */
  readonly translations?: Translations;
  /** The language of a guild's posts and rooms. @defaultValue the guild's preferred locale */
  readonly locale?: (guildId: string) => string | undefined;
  /** Forum tags every new post gets, or a guild's posts get. @defaultValue [] */
  readonly appliedTagIds?: readonly string[] | ((guildId: string) => readonly string[]);
}

// Discord's codes for a channel or message that does not exist.
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MESSAGE = 10008;
const THREAD_ARCHIVED = 50083;

/**
 * The {@link @guildkit/core!JobBoardPlatform} on Discord: voice rooms the owner may always join and
 * speak in, forum posts whose first message shows the listing, edits of that message, and closing
 * (a closing message, then the post locked and archived). Every call goes through discord.js's REST
 * client, which waits out 429s per route and globally; no message it sends can ping anyone.
 *
 * @example
 * ```ts
 * import { JobBoard } from '@guildkit/core';
 * import { DiscordJobBoardPlatform } from '@guildkit/discord';
 *
 * const board = new JobBoard({ store, platform: new DiscordJobBoardPlatform({ client }), channels: () => ({ forumChannelId }) });
 * ```
 */
export class DiscordJobBoardPlatform implements JobBoardPlatform {
  readonly #client: Client;
  readonly #locale: (guildId: string) => string | undefined;
  readonly #translations: Translations;
  readonly #appliedTagIds: (guildId: string) => readonly string[];

  public constructor(options: DiscordJobBoardPlatformOptions) {
    if (options?.client === undefined)
      throw new TypeError('DiscordJobBoardPlatformOptions.client must be a discord.js Client');
    this.#client = options.client;
    this.#locale = options.locale ?? ((guildId) => this.#client.guilds.cache.get(guildId)?.preferredLocale);
    this.#translations = options.translations ?? new Translations();
    const tagIds = options.appliedTagIds ?? [];
    this.#appliedTagIds = typeof tagIds === 'function' ? tagIds : () => tagIds;
  }

  public async createRoom(request: JobRoomRequest): Promise<{ readonly roomId: string }> {
    const allow = (
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.Connect |
      PermissionFlagsBits.Speak
    ).toString();
    const room = (await this.#client.rest.post(Routes.guildChannels(request.guildId), {
      body: {
        name: roomName(request.ownerName, this.#strings(request.guildId)),
        type: ChannelType.GuildVoice,
        parent_id: request.categoryId,
        user_limit: request.userLimit,
        permission_overwrites: [{ id: request.ownerId, type: OverwriteType.Member, allow }],
      },
    })) as APIChannel;
    return { roomId: room.id };
  }

  public async createPost({ listing }: JobPostRequest): Promise<{ readonly postId: string }> {
    const locale = this.#strings(listing.guildId);
    const tagIds = this.#appliedTagIds(listing.guildId);
    const post = (await this.#client.rest.post(Routes.threads(listing.forumChannelId), {
      body: {
        name: postName(listing, locale),
        // A week, Discord's longest: an archived post cannot be edited until it is unarchived.
        auto_archive_duration: 10_080,
        message: postBody(listing, locale),
        ...(tagIds.length === 0 ? {} : { applied_tags: tagIds }),
      },
    })) as APIChannel;
    return { postId: post.id };
  }

  public async updatePost(listing: JobListing): Promise<void> {
    const { postId } = listing;
    // A forum post's first message has the post's id.
    const edit = () =>
      this.#client.rest.patch(Routes.channelMessage(postId, postId), {
        body: postBody(listing, this.#strings(listing.guildId)),
      });
    await this.#call('post', postId, async () => {
      try {
        await edit();
      } catch (error) {
        // A post that archived itself (a week without messages) is opened again, then edited.
        if (!(error instanceof DiscordAPIError) || error.code !== THREAD_ARCHIVED) throw error;
        await this.#client.rest.patch(Routes.channel(postId), { body: { archived: false } });
        await edit();
      }
    });
  }

  public async closePost(listing: JobListing, closing: JobClosing): Promise<void> {
    const { postId, guildId } = listing;
    const locale = this.#strings(guildId);
    // Closing again (a retry, a restart whose store write failed) sends no second closing message
    // and leaves a post already locked as it is.
    const done = await this.#closedAlready(postId);
    // Each step is tried whatever became of the one before: the post is locked even if the
    // closing message could not be sent. The first failure is reported afterwards.
    const steps = [
      ...(done.messageSent
        ? []
        : [
            () =>
              this.#client.rest.post(Routes.channelMessages(postId), { body: closingBody(listing, closing, locale) }),
          ]),
      ...(done.locked
        ? []
        : [
            () => this.#client.rest.patch(Routes.channelMessage(postId, postId), { body: postBody(listing, locale) }),
            () => this.#client.rest.patch(Routes.channel(postId), { body: { locked: true, archived: true } }),
          ]),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await this.#call('post', postId, step).catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  }

  /**
   * Whether a post has its closing message (the bot writes nothing else in a post but its first
   * message) and is locked. When Discord cannot say, as if neither were done.
   */
  async #closedAlready(postId: string): Promise<{ readonly messageSent: boolean; readonly locked: boolean }> {
    try {
      const botId = this.#client.user?.id;
      const [post, messages] = (await Promise.all([
        this.#client.rest.get(Routes.channel(postId)),
        this.#client.rest.get(Routes.channelMessages(postId), { query: new URLSearchParams({ limit: '50' }) }),
      ])) as [{ thread_metadata?: { locked?: boolean } }, { id: string; author?: { id?: string } }[]];
      return {
        messageSent: messages.some((message) => message.id !== postId && message.author?.id === botId),
        locked: post.thread_metadata?.locked === true,
      };
    } catch {
      return { messageSent: false, locked: false };
    }
  }

  public async deleteRoom(_guildId: string, roomId: string): Promise<void> {
    await this.#delete(roomId);
  }

  public async deletePost(_guildId: string, postId: string): Promise<void> {
    await this.#delete(postId);
  }

  public async existingChannels(_guildId: string, channelIds: readonly string[]): Promise<ReadonlySet<string>> {
    const found = await Promise.all(
      channelIds.map(async (id) => {
        try {
          await this.#client.rest.get(Routes.channel(id));
          return id;
        } catch (error) {
          // Only a channel Discord says is unknown is gone; on any other answer it is kept.
          return isGone(error) ? undefined : id;
        }
      }),
    );
    return new Set(found.filter((id): id is string => id !== undefined));
  }

  #strings(guildId: string): GuildkitStrings {
    return this.#translations.strings(this.#locale(guildId));
  }

  async #call(target: 'room' | 'post', id: string, request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
    } catch (error) {
      if (isGone(error)) throw new JobTargetGoneError(target, id, { cause: error });
      throw error;
    }
  }

  async #delete(channelId: string): Promise<void> {
    try {
      await this.#client.rest.delete(Routes.channel(channelId));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === UNKNOWN_CHANNEL || error.code === UNKNOWN_MESSAGE);
}

/**
 * A permission the bot lacks for the job board, and where.
 *
 * @example Telling the admin
 * ```ts
 * for (const gap of missingJobBoardPermissions(client, guildId, channels)) console.error(`missing ${gap.missing.join(', ')} in ${gap.where}`);
 * ```
 */
export interface JobBoardPermissionGap {
  /** `'forum'` or `'category'` (the guild, when there is no category). */
  readonly where: 'forum' | 'category';
  readonly channelId: string | null;
  /** discord.js permission names, such as `'ManageThreads'`; or `'missing channel'` when it does not exist or is of the wrong type. */
  readonly missing: readonly (PermissionsString | 'missing channel')[];
}

const FORUM_NEEDS: PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'EmbedLinks',
  'ManageThreads',
];
const CATEGORY_NEEDS: PermissionsString[] = ['ViewChannel', 'ManageChannels', 'Connect', 'Speak'];

/**
 * What the bot lacks to run a guild's job board, from discord.js's cache: in the forum, creating
 * posts, writing in them, and locking them; where rooms go, creating and deleting voice channels
 * and granting their owner Connect and Speak. Empty when nothing is missing.
 *
 * @example At start
 * ```ts
 * const gaps = missingJobBoardPermissions(client, guildId, { forumChannelId, categoryId });
 * if (gaps.length > 0) logger.error({ gaps }, 'the job board cannot work in this guild');
 * ```
 */
export function missingJobBoardPermissions(
  client: Client,
  guildId: string,
  channels: JobBoardChannels,
): JobBoardPermissionGap[] {
  const guild = client.guilds.cache.get(guildId);
  const me = guild?.members.me;
  const forum = guild?.channels.cache.get(channels.forumChannelId);
  const categoryId = channels.categoryId ?? null;
  const category = categoryId === null ? undefined : guild?.channels.cache.get(categoryId);
  const gaps: JobBoardPermissionGap[] = [];
  if (forum === undefined || forum.type !== ChannelType.GuildForum || me == null) {
    gaps.push({ where: 'forum', channelId: channels.forumChannelId, missing: ['missing channel'] });
  } else {
    const missing = forum.permissionsFor(me).missing(FORUM_NEEDS);
    if (missing.length > 0) gaps.push({ where: 'forum', channelId: forum.id, missing });
  }
  if (categoryId !== null && (category === undefined || category.type !== ChannelType.GuildCategory)) {
    gaps.push({ where: 'category', channelId: categoryId, missing: ['missing channel'] });
  } else if (me != null) {
    const missing = (category === undefined ? me.permissions : category.permissionsFor(me)).missing(CATEGORY_NEEDS);
    if (missing.length > 0) gaps.push({ where: 'category', channelId: categoryId, missing });
  }
  return gaps;
}
