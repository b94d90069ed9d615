import { isSnowflake } from '@guildkit/core';
import type { Client } from 'discord.js';

/**
 * @internal The type a malformed dispatch is given before discord.js handles it: a type no
 * handler of discord.js knows, so that discord.js drops it instead of throwing in its own handler
 * (a `VOICE_STATE_UPDATE` with `d: null` ends the process otherwise).
 */
export const DROPPED_DISPATCH = 'GUILDKIT_DROPPED_MALFORMED';

// The dispatches of guilds and their members, channels, messages and interactions, whose ids are
// checked too: a guild they name is named by a snowflake.
const SCREENED = new Set([
  'GUILD_CREATE',
  'GUILD_UPDATE',
  'GUILD_DELETE',
  'GUILD_MEMBER_ADD',
  'GUILD_MEMBER_UPDATE',
  'GUILD_MEMBER_REMOVE',
  'CHANNEL_CREATE',
  'CHANNEL_UPDATE',
  'CHANNEL_DELETE',
  'THREAD_CREATE',
  'THREAD_UPDATE',
  'THREAD_DELETE',
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'MESSAGE_DELETE',
  'INTERACTION_CREATE',
  'VOICE_STATE_UPDATE',
]);

/**
 * @internal What is wrong with a gateway dispatch, before discord.js handles it, or `undefined`
 * when nothing is: its data is not an object, an id is not a snowflake, or a voice state names a
 * guild the client does not have.
 */
export function malformedDispatch(packet: unknown, client: Client): string | undefined {
  if (packet === null || typeof packet !== 'object') return undefined;
  const { op, t, d } = packet as { op?: unknown; t?: unknown; d?: unknown };
  // Every dispatch but READY and RESUMED (which @discordjs/ws handles itself) carries an object.
  if (op !== 0 || typeof t !== 'string' || t === 'READY' || t === 'RESUMED') return undefined;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) {
    return `its data is ${d === null ? 'null' : Array.isArray(d) ? 'an array' : `a ${typeof d}`}, not an object`;
  }
  if (!SCREENED.has(t)) return undefined;
  const data = d as Record<string, unknown>;
  if (t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' || t === 'GUILD_DELETE') {
    return isSnowflake(data.id) ? undefined : `its guild id ${describe(data.id)} is not a snowflake`;
  }
  if ('guild_id' in data && data.guild_id !== undefined && data.guild_id !== null && !isSnowflake(data.guild_id)) {
    return `its guild_id ${describe(data.guild_id)} is not a snowflake`;
  }
  if (t !== 'VOICE_STATE_UPDATE') return undefined;
  if (!isSnowflake(data.guild_id)) return `its guild_id ${describe(data.guild_id)} is not a snowflake`;
  if (!isSnowflake(data.user_id)) return `its user_id ${describe(data.user_id)} is not a snowflake`;
  if (data.channel_id !== null && !isSnowflake(data.channel_id))
    return `its channel_id ${describe(data.channel_id)} is neither null nor a snowflake`;
  if (!client.guilds.cache.has(data.guild_id)) return `guild ${data.guild_id} is not one the bot is in`;
  return undefined;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
