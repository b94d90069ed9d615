/**
 * The languages guildkit's messages come in.
 *
 * @example The Korean locale
 * ```ts
 * const locale: GuildkitLocale = 'ko';
 * ```
 */
export type GuildkitLocale = 'ko' | 'en';

/**
 * Picks the language to answer a Discord user in from their client's locale
 * (`interaction.locale`) or the guild's (`guild.preferredLocale`): Korean for `ko`, English for
 * every `en-*` and for any other language (more of its speakers read English than Korean), and
 * `fallback` when Discord gave no locale.
 *
 * @param discordLocale - a Discord locale such as `'ko'`, `'en-US'` or `'ja'`
 * @param fallback - the language when no locale is known
 * @defaultValue fallback `'ko'`, as in the community the project started from
 *
 * @example Picking the language of a reply
 * ```ts
 * import { resolveLocale } from '@guildkit/discord';
 *
 * resolveLocale('ko'); // 'ko'
 * resolveLocale('en-GB'); // 'en'
 * resolveLocale(undefined); // 'ko'
 * ```
 */
export function resolveLocale(
  discordLocale: string | null | undefined,
  fallback: GuildkitLocale = 'ko',
): GuildkitLocale {
  if (discordLocale === null || discordLocale === undefined || discordLocale === '') return fallback;
  return discordLocale.toLowerCase().split('-')[0] === 'ko' ? 'ko' : 'en';
}
