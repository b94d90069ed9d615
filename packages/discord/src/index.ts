export { type GuildkitLocale, resolveLocale } from './locale.ts';
