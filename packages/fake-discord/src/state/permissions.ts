import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelRecord, GuildRecord } from './fake-state.ts';
import type { ChannelPermissionsSeed, PermissionName } from './seed.ts';

const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** @internal A permission overwrite as channels carry it: bits as decimal strings. */
export interface OverwriteRecord {
  readonly id: string;
  readonly type: OverwriteType;
  readonly allow: string;
  readonly deny: string;
}

/** @internal A member's guild-level permissions: @everyone and their roles; everything for the owner and administrators. */
export function permissionsOf(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL;
  const roleIds = [guild.id, ...(guild.members.get(userId)?.roles ?? [])];
  const bits = roleIds.reduce((sum, id) => sum | BigInt(guild.roles.get(id)?.permissions ?? '0'), 0n);
  return (bits & PermissionFlagsBits.Administrator) === 0n ? bits : ALL;
}

/**
 * @internal A member's permissions in a channel, in Discord's order: the guild-level permissions
 * (everything for the owner and administrators, who skip the rest), then the channel's @everyone
 * overwrite, the overwrites of the member's roles (all denies, then all allows), then the member's
 * own. Without ViewChannel a member has no permission in the channel at all, as on Discord. A
 * thread takes its parent's overwrites, found in `channels`.
 */
export function channelPermissionsOf(
  guild: GuildRecord,
  channel: ChannelRecord,
  userId: string,
  channels: ReadonlyMap<string, ChannelRecord>,
): bigint {
  const base = permissionsOf(guild, userId);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL;
  const where = 'thread_metadata' in channel ? (channels.get(String(channel.parent_id)) ?? channel) : channel;
  const overwrites = (where.permission_overwrites as readonly OverwriteRecord[] | undefined) ?? [];
  const roles = new Set(guild.members.get(userId)?.roles ?? []);
  const apply = (bits: bigint, found: readonly OverwriteRecord[]) => {
    const deny = found.reduce((sum, overwrite) => sum | BigInt(overwrite.deny), 0n);
    const allow = found.reduce((sum, overwrite) => sum | BigInt(overwrite.allow), 0n);
    return (bits & ~deny) | allow;
  };
  const everyone = overwrites.filter((overwrite) => overwrite.id === guild.id);
  const ofRoles = overwrites.filter(
    (overwrite) => overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && roles.has(overwrite.id),
  );
  const own = overwrites.filter((overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === userId);
  const bits = apply(apply(apply(base, everyone), ofRoles), own);
  return (bits & PermissionFlagsBits.ViewChannel) === 0n ? 0n : bits;
}

/** @internal Who a seed's overwrites can name, resolved to ids; each throws a TypeError for an unknown name. */
export interface OverwriteTargets {
  readonly guildId: string;
  readonly botId: string;
  readonly roleId: (name: string) => string;
  readonly memberId: (username: string) => string;
}

/**
 * @internal A channel seed's `allow` and `deny` as Discord's `permission_overwrites`: one per
 * target, with its `type` (0 a role, 1 a member) and both `allow` and `deny` as strings of bits.
 */
export function overwritesFromSeed(
  seed: { readonly allow?: ChannelPermissionsSeed; readonly deny?: ChannelPermissionsSeed },
  targets: OverwriteTargets,
): OverwriteRecord[] {
  // Ranked as Discord lists them: @everyone, the roles, then the members (the bot first).
  const found = new Map<string, { id: string; type: OverwriteType; rank: number; allow: bigint; deny: bigint }>();
  const add = (side: 'allow' | 'deny', permissions: ChannelPermissionsSeed | undefined) => {
    const entries: (readonly [string, OverwriteType, readonly PermissionName[] | undefined])[] = [
      [targets.guildId, OverwriteType.Role, permissions?.everyone],
      ...Object.entries(permissions?.roles ?? {}).map(
        ([name, names]) => [targets.roleId(name), OverwriteType.Role, names] as const,
      ),
      [targets.botId, OverwriteType.Member, permissions?.bot],
      ...Object.entries(permissions?.members ?? {}).map(
        ([username, names]) => [targets.memberId(username), OverwriteType.Member, names] as const,
      ),
    ];
    for (const [id, type, names] of entries) {
      if (names === undefined) continue;
      const rank = id === targets.guildId ? 0 : id === targets.botId ? 2 : type === OverwriteType.Role ? 1 : 3;
      const overwrite = found.get(id) ?? { id, type, rank, allow: 0n, deny: 0n };
      overwrite[side] |= bitsOf(names);
      found.set(id, overwrite);
    }
  };
  add('allow', seed.allow);
  add('deny', seed.deny);
  return [...found.values()]
    .sort((a, b) => a.rank - b.rank)
    .map(({ id, type, allow, deny }) => ({ id, type, allow: allow.toString(), deny: deny.toString() }));
}

/** @internal The bits of permission names; an unknown name throws a TypeError. */
export function bitsOf(names: readonly PermissionName[]): bigint {
  return names.reduce((bits, name) => {
    const bit = (PermissionFlagsBits as Readonly<Record<string, bigint>>)[name];
    if (bit === undefined) throw new TypeError(`"${name}" is not a Discord permission name (such as 'SendMessages')`);
    return bits | bit;
  }, 0n);
}
