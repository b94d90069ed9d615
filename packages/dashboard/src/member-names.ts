import type { Client, Guild } from 'discord.js';
import { LRUCache } from 'lru-cache';

/**
 * @internal The names of members to show: from discord.js's cache, else fetched over the gateway
 * when the bot has the GuildMembers intent (by ids, or the whole list for more than 100), else one
 * REST call each for up to 100 (a page), else the user's name if known. A member who left and is
 * known nowhere is shown by id, and not looked up again for ten minutes: pages that list them cost
 * Discord nothing more.
 */
export class MemberNames {
  readonly #client: Client;
  readonly #unknown = new LRUCache<string, true>({ max: 100_000, ttl: 600_000 });

  public constructor(client: Client) {
    this.#client = client;
  }

  public async of(guild: Guild, userIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const userId of userIds) {
      const member = guild.members.cache.get(userId);
      if (member !== undefined) names.set(userId, member.displayName);
      else if (!this.#unknown.has(`${guild.id}:${userId}`)) missing.push(userId);
    }
    if (missing.length > 0) await this.#fetch(guild, missing);
    for (const userId of userIds) {
      if (names.has(userId)) continue;
      const member = guild.members.cache.get(userId);
      const user = this.#client.users.cache.get(userId);
      const name = member?.displayName ?? user?.globalName ?? user?.username;
      if (name !== undefined) names.set(userId, name);
      else this.#unknown.set(`${guild.id}:${userId}`, true);
    }
    return names;
  }

  async #fetch(guild: Guild, missing: readonly string[]): Promise<void> {
    if (this.#client.options.intents.has('GuildMembers')) {
      const asked = missing.length > 100 ? { time: 10_000 } : { user: [...missing], time: 5_000 };
      await guild.members.fetch(asked).catch(() => undefined);
    } else if (missing.length <= 100) {
      await Promise.all(missing.map((userId) => guild.members.fetch(userId).catch(() => undefined)));
    }
  }
}
