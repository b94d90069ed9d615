import type { Guildkit } from '@guildkit/discord';
import { DiscordAPIError, type Guild, type GuildMember, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import { LRUCache } from 'lru-cache';

/**
 * What a signed-in person may do in one guild, worked out on the server for each request from the
 * bot's view of the guild: membership and permissions now, not when the session began.
 */
export interface GuildAccess {
  readonly guild: Guild;
  readonly member: GuildMember;
  /** Manage Server (or Administrator, or the owner): the settings, and other members' data. */
  readonly manageGuild: boolean;
  /** Manage Server or Timeout Members: a leaderboard kept to moderators. */
  readonly moderator: boolean;
  /** The leaderboard and other members' pages: every member, unless the guild keeps them to moderators. */
  readonly seesLeaderboard: boolean;
}

/** @internal Discord did not answer whether someone is a member; the page says to try again. */
export class DiscordUnavailableError extends Error {
  public override readonly name = 'DiscordUnavailableError';
}

/**
 * @internal Looks members up. A change, and any settings page, asks Discord afresh (`fresh`); a page
 * that only reads accepts an answer up to `readTtlMs` old, so clicking through pages costs one
 * REST call a person and guild at most that often.
 */
export class GuildAccessCheck {
  readonly #guildkit: Guildkit;
  /** Recent answers; none when `readTtlMs` is 0 (lru-cache would keep a ttl of 0 for ever). */
  readonly #recent: LRUCache<string, { member: GuildMember | null }> | undefined;

  public constructor(guildkit: Guildkit, readTtlMs: number) {
    this.#guildkit = guildkit;
    this.#recent = readTtlMs > 0 ? new LRUCache({ max: 10_000, ttl: readTtlMs }) : undefined;
  }

  /** The person's access to a guild; `undefined` when the bot is not in it or they are not a member. */
  public async of(guildId: string, userId: string, fresh: boolean): Promise<GuildAccess | undefined> {
    const guild = this.#guildkit.client.guilds.cache.get(guildId);
    if (guild === undefined) return undefined;
    const member = await this.#member(guild, userId, fresh);
    if (member === null) return undefined;
    const permissions = member.permissions;
    const manageGuild = permissions.has(PermissionFlagsBits.ManageGuild);
    const moderator = manageGuild || permissions.has(PermissionFlagsBits.ModerateMembers);
    const forModerators = this.#guildkit.settings.of(guildId).leaderboard === 'moderators';
    return { guild, member, manageGuild, moderator, seesLeaderboard: !forModerators || moderator };
  }

  /** The guilds among `guildIds` the bot is in, by name. */
  public heldOf(guildIds: readonly string[]): Guild[] {
    const guilds = this.#guildkit.client.guilds.cache;
    return guildIds
      .map((id) => guilds.get(id))
      .filter((guild): guild is Guild => guild !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async #member(guild: Guild, userId: string, fresh: boolean): Promise<GuildMember | null> {
    const key = `${guild.id}:${userId}`;
    const recent = fresh ? undefined : this.#recent?.get(key);
    if (recent !== undefined) return recent.member;
    let member: GuildMember | null;
    try {
      member = await guild.members.fetch({ user: userId, force: true });
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) member = null;
      else throw new DiscordUnavailableError(`could not look up member ${userId}: ${(error as Error).message}`);
    }
    this.#recent?.set(key, { member });
    return member;
  }
}

/**
 * @internal Whether the person sees a channel in Discord: a page names only those, so a staff-only
 * room's name and activity stay with the staff. A channel the bot no longer knows is not shown.
 */
export function seesChannel(access: GuildAccess, channelId: string): boolean {
  const channel = access.guild.channels.cache.get(channelId);
  return channel?.permissionsFor(access.member)?.has(PermissionFlagsBits.ViewChannel) === true;
}

/** @internal The channel totals a person may see, at most `limit`, with each one's name and share of the first. */
export function visibleChannels<Row extends { readonly channelId: string; readonly ms: number }>(
  access: GuildAccess,
  rows: readonly Row[],
  limit: number,
): (Row & { readonly name: string; readonly share: number })[] {
  const shown = rows.filter((row) => seesChannel(access, row.channelId)).slice(0, limit);
  const most = Math.max(1, ...shown.map((row) => row.ms));
  return shown.map((row) => ({
    ...row,
    name: access.guild.channels.cache.get(row.channelId)?.name ?? row.channelId,
    share: row.ms / most,
  }));
}
