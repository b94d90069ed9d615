import { type GuildkitLocale, matchLocale } from '@guildkit/core';
import { en } from './en.ts';
import type { GuildkitStrings } from './guildkit-strings.ts';
import { ko } from './ko.ts';

/**
 * Some of a catalogue's strings, at any depth: what is left out comes from the language's
 * built-in strings, or from English.
 *
 * @example
 * ```ts
 * const partial: PartialStrings = { replies: { jobListEmpty: 'Nothing open right now.' } };
 * ```
 */
export type PartialStrings = DeepPartial<GuildkitStrings>;

/** @internal */
type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends (...args: never[]) => unknown
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/**
 * Options of {@link Translations}; all optional.
 *
 * @example Korean first, and German added
 * ```ts
 * const options: TranslationsOptions = { defaultLocale: 'ko', locales: { de: { replies: { jobListEmpty: 'Keine offenen Gesuche.' } } } };
 * ```
 */
export interface TranslationsOptions {
  /**
   * Languages to add, and strings to change in the built-in ones, by locale (`'ja'`, `'pt-BR'`,
   * `'en'`). A language's strings start from its built-in ones, else from English.
   */
  readonly locales?: Readonly<Record<GuildkitLocale, PartialStrings>>;
  /** The language when none of the member's or guild's matches. @defaultValue 'en' */
  readonly defaultLocale?: GuildkitLocale;
}

const BUILT_IN: Readonly<Record<string, GuildkitStrings>> = { en, ko };

/**
 * guildkit's strings in every language a bot offers: English and Korean built in, more added, any
 * string changed. {@link Translations.strings} picks the best language for a Discord locale: the
 * same tag, else the same language, else the default. Members are answered in their own locale;
 * guild posts use the guild's preferred locale.
 *
 * @example Answering in the member's language
 * ```ts
 * import { Translations } from '@guildkit/discord';
 *
 * const translations = new Translations({ locales: { ja: { replies: { jobListEmpty: '募集はありません。' } } } });
 * translations.strings('ja').replies.jobListEmpty; // '募集はありません。'
 * translations.strings('ko').replies.jobListEmpty; // '열린 구인 글이 없어요.'
 * translations.strings('fr').replies.jobListEmpty; // 'No open listings.' (the default, English)
 * ```
 */
export class Translations {
  /** The language used when no other matches. */
  public readonly defaultLocale: GuildkitLocale;
  readonly #catalogues = new Map<GuildkitLocale, GuildkitStrings>();
  readonly #matches = new Map<string, GuildkitStrings>();

  public constructor(options: TranslationsOptions = {}) {
    const locales = options.locales ?? {};
    if (locales === null || typeof locales !== 'object') {
      throw new TypeError(
        'TranslationsOptions.locales must be an object of strings by locale, such as { ja: { ... } }',
      );
    }
    for (const [locale, catalogue] of Object.entries(BUILT_IN)) this.#catalogues.set(locale, catalogue);
    for (const [locale, partial] of Object.entries(locales)) {
      if (!/^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/i.test(locale)) {
        throw new TypeError(
          `TranslationsOptions.locales has the key "${locale}", which is not a locale such as 'ja' or 'pt-BR'`,
        );
      }
      const base = BUILT_IN[locale] ?? BUILT_IN[matchLocale(locale, Object.keys(BUILT_IN)) ?? ''] ?? BUILT_IN.en ?? en;
      const catalogue = merged(base, partial, `locales.${locale}`);
      checkCommandTexts(catalogue.commands, `locales.${locale}.commands`);
      this.#catalogues.set(locale, catalogue);
    }
    const defaultLocale = options.defaultLocale ?? 'en';
    const match = matchLocale(defaultLocale, this.#catalogues.keys());
    if (match === undefined) {
      throw new TypeError(
        `TranslationsOptions.defaultLocale is "${String(defaultLocale)}", which has no strings; use one of ${[...this.#catalogues.keys()].join(', ')} or add it in locales`,
      );
    }
    this.defaultLocale = match;
  }

  /** The locales there are strings for, built-in and added. */
  public get locales(): readonly GuildkitLocale[] {
    return [...this.#catalogues.keys()];
  }

  /** The locale {@link Translations.strings} uses for a wanted one: the best match, else the default. */
  public resolve(locale: string | null | undefined): GuildkitLocale {
    return matchLocale(locale, this.#catalogues.keys()) ?? this.defaultLocale;
  }

  /** The strings for a locale (a Discord locale such as `'en-US'` or `'ko'`): the best match, else the default's. */
  public strings(locale: string | null | undefined): GuildkitStrings {
    const key = locale ?? '';
    let strings = this.#matches.get(key);
    if (strings === undefined) {
      strings = this.#catalogues.get(this.resolve(locale)) as GuildkitStrings;
      this.#matches.set(key, strings);
    }
    return strings;
  }

  /**
   * For each Discord locale whose strings are not English (the base of command names), those
   * strings: what command localizations are made of. A locale with no language of its own gets the
   * default's, so that a bot whose default is Korean shows Korean names to everyone else too.
   */
  public localizations(discordLocales: readonly string[]): Map<string, GuildkitStrings> {
    const english = this.strings('en');
    const result = new Map<string, GuildkitStrings>();
    for (const discordLocale of discordLocales) {
      const strings = this.strings(discordLocale);
      if (strings !== english) result.set(discordLocale, strings);
    }
    return result;
  }
}

/** Discord's rule for command and option names: lower case letters, digits, `-` and `_`, 1 to 32. */
const COMMAND_NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Refuses a command or option name or description Discord would refuse, at once rather than at registration. */
function checkCommandTexts(texts: object, path: string): void {
  for (const [key, value] of Object.entries(texts)) {
    const where = `${path}.${key}`;
    if (key === 'choices' || value === null || typeof value !== 'object') continue;
    const { name, description } = value as { name?: unknown; description?: unknown };
    if (typeof name === 'string' && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
      throw new TypeError(
        `TranslationsOptions.${where}.name is "${name}": Discord takes command names of 1 to 32 lower-case letters, digits, - and _, without spaces`,
      );
    }
    if (typeof description === 'string' && (description.length < 1 || description.length > 100)) {
      throw new TypeError(`TranslationsOptions.${where}.description must be 1 to 100 characters long`);
    }
    checkCommandTexts(value, where);
  }
}

/** `base` with `partial`'s strings over it; a string where a function belongs, or an unknown key, is refused. */
function merged<T>(base: T, partial: unknown, path: string): T {
  if (partial === undefined) return base;
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new TypeError(`TranslationsOptions.${path} must be an object of strings; received ${typeof partial}`);
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(partial)) {
    const where = `${path}.${key}`;
    // Permission names are open: a bot may name any permission its commands need.
    if (!(key in result) && !path.endsWith('.permissionNames'))
      throw new TypeError(`TranslationsOptions.${where} is not a string guildkit has`);
    const current = result[key];
    if (value === undefined) continue;
    if (typeof current === 'function' && typeof value !== 'function') {
      throw new TypeError(`TranslationsOptions.${where} must be a function, as in the English strings`);
    }
    if (typeof current === 'string' && typeof value !== 'string') {
      throw new TypeError(`TranslationsOptions.${where} must be a string`);
    }
    result[key] = current !== null && typeof current === 'object' ? merged(current, value, where) : value;
  }
  return result as T;
}

/**
 * @internal Strings for a locale or a catalogue: a catalogue as it is, a built-in language by its
 * tag, anything else in English.
 */
export function stringsFor(locale: GuildkitLocale | GuildkitStrings | undefined): GuildkitStrings {
  if (locale !== null && typeof locale === 'object') return locale;
  return matchLocale(locale, ['en', 'ko']) === 'ko' ? ko : en;
}

/**
 * The built-in strings: English and Korean, to start a language of your own from.
 *
 * @example
 * ```ts
 * import { builtInStrings } from '@guildkit/discord';
 *
 * console.log(builtInStrings.en.replies.jobListEmpty);
 * ```
 */
export const builtInStrings: { readonly en: GuildkitStrings; readonly ko: GuildkitStrings } = Object.freeze({ en, ko });
