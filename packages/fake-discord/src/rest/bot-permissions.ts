import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelRecord, FakeState } from '../state/fake-state.ts';
import { channelPermissionsOf } from '../state/permissions.ts';
import { discordError, type RouteResult } from './router.ts';

/**
 * @internal Discord's refusal when the bot lacks `needed` in a guild channel (a thread takes its
 * parent's permissions): 403 50001 Missing Access when it cannot even see the channel, 403 50013
 * Missing Permissions when it sees it but lacks the rest; undefined when it may.
 */
export function refusedToBot(state: FakeState, channel: ChannelRecord, needed: bigint): RouteResult | undefined {
  const guild = channel.guild_id === undefined ? undefined : state.guilds.get(channel.guild_id);
  if (guild === undefined) return undefined;
  const permissions = channelPermissionsOf(guild, channel, state.bot.id, state.channels);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return discordError(403, 50001, 'Missing Access');
  if ((permissions & needed) !== needed) return discordError(403, 50013, 'Missing Permissions');
  return undefined;
}
