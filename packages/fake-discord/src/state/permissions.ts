import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildRecord } from './fake-state.ts';

const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** @internal A member's guild-level permissions: @everyone and their roles; everything for the owner and administrators. */
export function permissionsOf(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL;
  const roleIds = [guild.id, ...(guild.members.get(userId)?.roles ?? [])];
  const bits = roleIds.reduce((sum, id) => sum | BigInt(guild.roles.get(id)?.permissions ?? '0'), 0n);
  return (bits & PermissionFlagsBits.Administrator) === 0n ? bits : ALL;
}
