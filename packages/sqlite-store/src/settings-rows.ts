import type { GuildSettings, GuildSettingsUpdate } from '@guildkit/core';
import {
  applyGuildSettingsUpdate,
  assertEpochMs,
  assertSnowflake,
  parseGuildSettings,
  prepareGuildSettingsUpdate,
} from '@guildkit/core/store-kit';
import type Database from 'better-sqlite3';

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
  { guildId, update, updatedAt }: SettingsChange,
): GuildSettings {
  const row = prepared(SELECT_SETTINGS).get(guildId) as { settings: string } | undefined;
  const settings = applyGuildSettingsUpdate(parseGuildSettings(row?.settings), update);
  prepared(SAVE_SETTINGS).run(guildId, JSON.stringify(settings), updatedAt);
  return settings;
}
