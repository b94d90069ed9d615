import type { GuildSettings } from '@guildkit/core';
import { applyGuildSettingsUpdate, type GuildSettingsChange } from '@guildkit/core/store-kit';
import type { KyselyStoreTables } from '@guildkit/kysely-store';
import type { Kysely } from 'kysely';

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
  db: Kysely<KyselyStoreTables>,
  { guildId, update, updatedAt }: GuildSettingsChange,
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
      const { document, settings } = applyGuildSettingsUpdate(row.settings, update);
      await trx
        .updateTable('guild_settings')
        .set({ settings: JSON.stringify(document), updated_at: updatedAt })
        .where('guild_id', '=', guildId)
        .execute();
      return settings;
    });
}
