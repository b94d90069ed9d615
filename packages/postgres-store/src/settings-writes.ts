import type { GuildSettings, GuildSettingsUpdate } from '@guildkit/core';
import {
  applyGuildSettingsUpdate,
  assertEpochMs,
  assertSnowflake,
  parseGuildSettings,
  prepareGuildSettingsUpdate,
} from '@guildkit/core/store-kit';
import type { Kysely } from 'kysely';
import type { PostgresSchema } from './schema.ts';

/** @internal An update of one guild's settings, checked and ready to write. */
export interface SettingsChange {
  readonly guildId: string;
  readonly update: GuildSettingsUpdate;
  readonly updatedAt: number;
}

/**
 * @internal Checks the arguments of `updateGuildSettings` in the order every store checks them
 * (the guild, the update, the time), before anything is written.
 */
export function prepareSettingsChange(guildId: string, update: GuildSettingsUpdate, updatedAt: number): SettingsChange {
  assertSnowflake(guildId, 'guildId');
  const prepared = prepareGuildSettingsUpdate(update);
  assertEpochMs(updatedAt, 'updatedAt');
  return { guildId, update: prepared, updatedAt };
}

/**
 * @internal Applies a change to a guild's settings in one transaction, and returns the settings
 * after it. The guild's row is made if it is missing (an empty one), then locked with `FOR
 * UPDATE`, merged and written: a concurrent update of the guild, from any process, waits for the
 * lock and merges into what this one wrote, so both changes are kept. A guild's first two updates
 * at once meet at the insert instead, where the second waits for the first to commit. What the
 * row holds that this version does not understand takes the default, and is dropped when the row
 * is written.
 */
export async function writeSettingsChange(
  db: Kysely<PostgresSchema>,
  { guildId, update, updatedAt }: SettingsChange,
): Promise<GuildSettings> {
  // READ COMMITTED whatever the server's default: each statement then sees the rows committed before
  // it, so the locking read gets the newest settings instead of failing to serialise.
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      await trx
        .insertInto('guild_settings')
        .values({ guild_id: guildId, settings: '{}', updated_at: updatedAt })
        .onConflict((conflict) => conflict.column('guild_id').doNothing())
        .execute();
      const row = await trx
        .selectFrom('guild_settings')
        .select('settings')
        .where('guild_id', '=', guildId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const settings = applyGuildSettingsUpdate(parseGuildSettings(row.settings), update);
      await trx
        .updateTable('guild_settings')
        .set({ settings: JSON.stringify(settings), updated_at: updatedAt })
        .where('guild_id', '=', guildId)
        .execute();
      return settings;
    });
}
