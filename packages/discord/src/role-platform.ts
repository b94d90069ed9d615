import type { RoleMember, RolePlatform, RoleProblem } from '@guildkit/core';
import { type Client, DiscordAPIError, type Guild, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';

/**
 * {@link @guildkit/core!RolePlatform} on a discord.js client: members fetched from the gateway
 * (GuildMembers intent), roles given and taken through the REST API with an audit-log reason.
 * Before a run, each role is checked: it exists, no integration manages it, it is below the bot's
 * highest role, and the bot has Manage Roles.
 *
 * @example Activity roles on a client
 * ```ts
 * import { ActivityRoles } from '@guildkit/core';
 * import { DiscordRolePlatform } from '@guildkit/discord';
 *
 * const roles = new ActivityRoles({ store, platform: new DiscordRolePlatform(client), dayOf });
 * ```
 */
export class DiscordRolePlatform implements RolePlatform {
  readonly #client: Client;

  public constructor(client: Client) {
    this.#client = client;
  }

  public async members(guildId: string): Promise<readonly RoleMember[]> {
    const members = await this.#guild(guildId).members.fetch();
    return members.map((member) => ({ id: member.id, roleIds: [...member.roles.cache.keys()], bot: member.user.bot }));
  }

  /**
   * From discord.js's cache (kept by the gateway), with no request; a member not in it (after a
   * restart, before the member list was fetched) is asked for. `undefined` for one who left.
   */
  public async memberRoles(guildId: string, userId: string): Promise<readonly string[] | undefined> {
    const guild = this.#guild(guildId);
    let member = guild.members.cache.get(userId);
    if (member === undefined) {
      try {
        member = await guild.members.fetch({ user: userId });
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return undefined;
        throw error;
      }
    }
    return [...member.roles.cache.keys()];
  }

  public roleProblems(guildId: string, roleIds: readonly string[]): readonly RoleProblem[] {
    const guild = this.#client.guilds.cache.get(guildId);
    return guild === undefined
      ? roleIds.map((roleId) => ({ roleId, reason: 'missing' as const }))
      : roleProblemsIn(guild, roleIds);
  }

  public async addRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
    await this.#guild(guildId).members.addRole({ user: userId, role: roleId, reason });
  }

  public async removeRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
    await this.#guild(guildId).members.removeRole({ user: userId, role: roleId, reason });
  }

  #guild(guildId: string): Guild {
    const guild = this.#client.guilds.cache.get(guildId);
    if (guild === undefined) throw new Error(`guild ${guildId} is not one this process holds`);
    return guild;
  }
}

/** @internal What keeps the bot from giving or taking each role in a guild. */
export function roleProblemsIn(guild: Guild, roleIds: readonly string[]): RoleProblem[] {
  const me = guild.members.me;
  const problems: RoleProblem[] = [];
  for (const roleId of roleIds) {
    const role = guild.roles.cache.get(roleId);
    if (role === undefined) problems.push({ roleId, reason: 'missing' });
    else if (role.managed || role.id === guild.id) problems.push({ roleId, reason: 'managed' });
    else if (me === null || !me.permissions.has(PermissionFlagsBits.ManageRoles))
      problems.push({ roleId, reason: 'no-permission' });
    else if (role.comparePositionTo(me.roles.highest) >= 0) problems.push({ roleId, reason: 'above-bot' });
  }
  return problems;
}
