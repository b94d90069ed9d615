/**
 * A language, as a BCP 47 tag such as `'en'`, `'ko'`, `'pt-BR'` or `'ja'`: Discord's locales are
 * such tags. English and Korean are built in; any other language is added by giving its strings.
 *
 * @example
 * ```ts
 * const locale: GuildkitLocale = 'en-GB';
 * ```
 */
export type GuildkitLocale = string;

/**
 * Every string core's renderings use: durations and the plain-text report. Part of the catalogue
 * a bot's integration extends (`@guildkit/discord`'s `GuildkitStrings`).
 *
 * @example Durations in German
 * ```ts
 * const de: CoreStrings = { ...coreStrings.en, duration: (hours, minutes) => (hours > 0 ? `${hours} Std. ${minutes} Min.` : `${minutes} Min.`) };
 * formatDuration(12_300_000, de); // '3 Std. 25 Min.'
 * ```
 */
export interface CoreStrings {
  /** Whole hours and minutes; `hours` is 0 under an hour. */
  readonly duration: (hours: number, minutes: number) => string;
  readonly reportText: {
    readonly title: {
      readonly daily: string;
      readonly weekly: string;
      readonly monthly: string;
      readonly last7: string;
      readonly last30: string;
      readonly custom: string;
    };
    /** Messages counted in the period. */
    readonly messages: (count: number) => string;
    /** The channels with the most voice time. */
    readonly channels: string;
    /** The period's first and last day (`YYYY-MM-DD`), the same for one day. */
    readonly period: (start: string, last: string) => string;
    readonly members: (active: number, counted: number, share: string) => string;
    readonly total: (total: string, average: string) => string;
    readonly change: (total: string, active: string) => string;
    readonly top: string;
    readonly least: string;
    readonly inactive: (count: number) => string;
    readonly none: string;
    /** A change against a period with nothing in it. */
    readonly fresh: string;
  };
}

const en: CoreStrings = {
  duration: (hours, minutes) => (hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`),
  reportText: {
    title: {
      daily: 'Daily activity report',
      weekly: 'Weekly activity report',
      monthly: 'Monthly activity report',
      last7: 'Activity of the last 7 days',
      last30: 'Activity of the last 30 days',
      custom: 'Activity report',
    },
    messages: (count) => `Messages: ${count}`,
    channels: 'Busiest channels',
    period: (start, last) => (start === last ? start : `${start} to ${last}`),
    members: (active, counted, share) => `Active members: ${active} of ${counted} (${share})`,
    total: (total, average) => `Total time: ${total} · average per active member: ${average}`,
    change: (total, active) => `Against the period before: total time ${total}, active members ${active}`,
    top: 'Most active',
    least: 'Least active',
    inactive: (count) => `No activity: ${count}`,
    none: 'none',
    fresh: 'new',
  },
};

const ko: CoreStrings = {
  duration: (hours, minutes) => (hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`),
  reportText: {
    title: {
      daily: '일간 활동 보고서',
      weekly: '주간 활동 보고서',
      monthly: '월간 활동 보고서',
      last7: '최근 7일 활동',
      last30: '최근 30일 활동',
      custom: '활동 보고서',
    },
    messages: (count) => `메시지: ${count}개`,
    channels: '가장 붐빈 채널',
    period: (start, last) => (start === last ? start : `${start} ~ ${last}`),
    members: (active, counted, share) => `활동 멤버: ${active}/${counted}명 (${share})`,
    total: (total, average) => `총 활동 시간: ${total} · 활동 멤버 평균: ${average}`,
    change: (total, active) => `지난 기간 대비: 총 시간 ${total}, 활동 멤버 ${active}`,
    top: '가장 활발한 멤버',
    least: '활동이 적은 멤버',
    inactive: (count) => `활동 없음: ${count}명`,
    none: '없음',
    fresh: '새 기록',
  },
};

/**
 * Core's built-in strings: English and Korean.
 *
 * @example Starting a language of your own from the English strings
 * ```ts
 * import { type CoreStrings, coreStrings } from '@guildkit/core';
 *
 * const fr: CoreStrings = { ...coreStrings.en, duration: (h, m) => (h > 0 ? `${h} h ${m} min` : `${m} min`) };
 * ```
 */
export const coreStrings: { readonly en: CoreStrings; readonly ko: CoreStrings } = Object.freeze({ en, ko });

/**
 * The language part of a locale, lower-case: `'pt'` for `'pt-BR'`, `'ko'` for `'ko'`.
 *
 * @example
 * ```ts
 * baseLanguage('en-GB'); // 'en'
 * ```
 */
export function baseLanguage(locale: GuildkitLocale): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Picks the best of the locales on offer for a wanted one: the same tag (`pt-BR`), else the same
 * language (`pt`), else a tag of the same language (`en-US` for `en-GB`), else `undefined`. Case and
 * `_` against `-` do not matter.
 *
 * @param wanted - a locale such as Discord's `interaction.locale`; nothing matches an empty one
 * @param available - the locales there are strings for
 *
 * @example
 * ```ts
 * import { matchLocale } from '@guildkit/core';
 *
 * matchLocale('en-GB', ['en', 'ko']); // 'en'
 * matchLocale('ja', ['en', 'ko']); // undefined
 * ```
 */
export function matchLocale(
  wanted: string | null | undefined,
  available: Iterable<GuildkitLocale>,
): GuildkitLocale | undefined {
  if (typeof wanted !== 'string' || wanted === '') return undefined;
  const normal = (tag: string) => tag.toLowerCase().replaceAll('_', '-');
  const want = normal(wanted);
  const language = baseLanguage(want);
  let sameLanguage: GuildkitLocale | undefined;
  let base: GuildkitLocale | undefined;
  for (const locale of available) {
    const tag = normal(locale);
    if (tag === want) return locale;
    if (tag === language) base ??= locale;
    else if (baseLanguage(tag) === language) sameLanguage ??= locale;
  }
  return base ?? sameLanguage;
}

/**
 * @internal Core's strings for a locale or a catalogue: a catalogue as it is, a built-in language
 * by its tag, anything else in English.
 */
export function coreStringsFor(locale: GuildkitLocale | CoreStrings | undefined): CoreStrings {
  if (locale !== null && typeof locale === 'object') return locale;
  const match = matchLocale(locale, ['en', 'ko']);
  return match === 'ko' ? ko : en;
}
