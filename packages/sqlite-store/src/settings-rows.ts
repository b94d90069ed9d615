import type { GuildSettings } from '@guildkit/core';
import { applyGuildSettingsUpdate, type GuildSettingsChange } from '@guildkit/core/store-kit';
import type Database from 'better-sqlite3';

const SELECT_SETTINGS = 'select settings from guild_settings where guild_id = ?';
const SAVE_SETTINGS = `insert into guild_settings (guild_id, settings, updated_at) values (?, ?, ?)
  on conflict (guild_id) do update set settings = excluded.settings, updated_at = excluded.updated_at`;

/**
 * @internal Applies a change to a guild's settings: reads the row, merges, writes it back, and
 * returns the settings after it. Call it inside one immediate transaction (the store's writes are),
 * so that no other connection or process writes between the read and the write: two updates of
 * one guild at once keep both changes. What the row holds that this version does not understand
 * takes the default, and is dropped when the row is written.
 */
export function writeSettingsChange(
  prepared: (sql: string) => Database.Statement,
  { guildId, update, updatedAt }: GuildSettingsChange,
): GuildSettings {
  const row = prepared(SELECT_SETTINGS).get(guildId) as { settings: string } | undefined;
  const { document, settings } = applyGuildSettingsUpdate(row?.settings, update);
  prepared(SAVE_SETTINGS).run(guildId, JSON.stringify(document), updatedAt);
  return settings;
}
