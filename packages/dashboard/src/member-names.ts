import type { Client, Guild } from 'discord.js';

/**
 * @internal The names of members to show: from discord.js's cache, else fetched over the gateway
 * when the bot has the GuildMembers intent (by ids, or the whole list for more than 100), else one
 * REST call each for up to 100 (a page), else the user's name if known. A member who left and is
 * known nowhere is shown by id.
 */
export async function memberNames(
  client: Client,
  guild: Guild,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const userId of userIds) {
    const member = guild.members.cache.get(userId);
    if (member === undefined) missing.push(userId);
    else names.set(userId, member.displayName);
  }
  if (missing.length > 0) {
    if (client.options.intents.has('GuildMembers')) {
      const asked = missing.length > 100 ? { time: 10_000 } : { user: missing, time: 5_000 };
      await guild.members.fetch(asked).catch(() => undefined);
    } else if (missing.length <= 100) {
      await Promise.all(missing.map((userId) => guild.members.fetch(userId).catch(() => undefined)));
    }
    for (const userId of missing) {
      const member = guild.members.cache.get(userId);
      const user = client.users.cache.get(userId);
      const name = member?.displayName ?? user?.globalName ?? user?.username;
      if (name !== undefined) names.set(userId, name);
    }
  }
  return names;
}
