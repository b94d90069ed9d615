/**
 * guildkit's discord.js adapter.
 *
 * @packageDocumentation
 * @module @guildkit/discord
 */
export { type GuildkitLocale, resolveLocale } from './locale.ts';
