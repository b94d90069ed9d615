import { en } from './strings/en.ts';
import { ko } from './strings/ko.ts';

/**
 * The periods a page may show (`?period=`): calendar ones in the guild's time zone, and rolling
 * windows ending today. Any run of days is `?from=2026-11-01&to=2026-11-15` (at most 366 days).
 *
 * @example A leaderboard link
 * ```ts
 * const period: DashboardPeriod = 'last7';
 * const link = `${url}/guilds/${guildId}/leaderboard?period=${period}&sort=messages`;
 * ```
 */
export type DashboardPeriod = 'today' | 'week' | 'month' | 'last7' | 'last30' | 'last90' | 'last365';

/**
 * Every string the dashboard shows, in one language. English and Korean are built in; pass more
 * languages, or change some strings, with `createDashboard`'s `strings` option.
 *
 * @example Renaming the leaderboard in English
 * ```ts
 * const strings: PartialDashboardStrings = { nav: { leaderboard: 'Hall of fame' } };
 * await createDashboard(guildkit, { ...options, strings: { en: strings } });
 * ```
 */
export interface DashboardStrings {
  /** The language's name in itself, for the language picker. */
  readonly languageName: string;
  readonly title: string;
  readonly language: string;
  readonly change: string;
  readonly signIn: string;
  readonly signOut: string;
  readonly signInIntro: string;
  readonly signedInAs: (name: string) => string;
  readonly yourGuilds: string;
  readonly noGuilds: string;
  readonly refreshGuilds: string;
  readonly nav: {
    readonly guilds: string;
    readonly overview: string;
    readonly leaderboard: string;
    readonly me: string;
    readonly jobs: string;
    readonly reports: string;
    readonly settings: string;
  };
  readonly period: string;
  readonly periods: Readonly<Record<DashboardPeriod, string>>;
  readonly from: string;
  readonly to: string;
  readonly show: string;
  readonly overview: {
    readonly activeMembers: string;
    readonly voiceTime: string;
    readonly messages: string;
    readonly activeOverTime: string;
    readonly chartLabel: (most: number) => string;
    readonly topChannels: string;
    readonly channel: string;
    readonly heatmap: string;
    readonly heatmapCell: (weekday: string, hour: number, time: string) => string;
    readonly weekdays: readonly string[];
    readonly nothingYet: string;
    readonly freshness: string;
  };
  readonly leaderboard: {
    readonly rank: string;
    readonly member: string;
    readonly sortBy: string;
    readonly csv: string;
    readonly previous: string;
    readonly next: string;
    readonly page: (page: number, pages: number) => string;
    readonly moderatorsOnly: string;
    readonly empty: string;
  };
  readonly member: {
    readonly title: (name: string) => string;
    readonly days: string;
    readonly day: string;
    readonly channels: string;
    readonly hours: string;
    readonly yourData: string;
    readonly forget: string;
    readonly forgetAsk: (name: string, self: boolean) => string;
    readonly forgetYes: string;
    readonly cancel: string;
    readonly forgotten: (name: string, days: number, details: number) => string;
  };
  readonly jobs: {
    readonly open: string;
    readonly closed: string;
    readonly owner: string;
    readonly post: string;
    readonly voiceRoom: string;
    readonly inVoice: (count: number) => string;
    readonly opened: string;
    readonly closedAt: string;
    readonly peak: string;
    readonly none: string;
    readonly boardOff: string;
  };
  readonly reports: {
    readonly archive: string;
    readonly kinds: Readonly<Record<'daily' | 'weekly' | 'monthly', string>>;
    readonly posted: string;
    readonly none: string;
    readonly activeMembers: string;
    readonly total: string;
    readonly back: string;
  };
  readonly settings: {
    readonly title: string;
    readonly save: string;
    readonly saved: string;
    readonly refused: string;
    readonly byDefault: (value: string) => string;
    readonly cronHint: string;
    readonly daysHint: string;
    readonly groups: Readonly<
      Record<'general' | 'activity' | 'reports' | 'jobBoard' | 'activityLog' | 'roles', string>
    >;
    readonly rules: string;
    readonly noRules: string;
    readonly addRule: string;
    readonly removeRule: string;
    readonly preview: string;
    readonly role: string;
    readonly kind: string;
    readonly kinds: Readonly<Record<'minimum' | 'top' | 'inactive', string>>;
    readonly days: string;
    readonly hours: string;
    readonly messages: string;
    readonly count: string;
    readonly rankBy: string;
    readonly voice: string;
  };
  readonly errors: {
    readonly notFound: string;
    readonly notFoundHint: string;
    readonly needsPermission: (permission: string) => string;
    readonly permissionNames: Readonly<Record<'ManageGuild' | 'moderator', string>>;
    readonly csrf: string;
    readonly badRequest: (detail: string) => string;
    readonly signInFailed: string;
    readonly discordDown: string;
    readonly failed: string;
    readonly back: string;
  };
  /** A duration, such as `3h 20m`. */
  readonly duration: (ms: number) => string;
  /** A number, such as `12,345`. */
  readonly number: (value: number) => string;
}

/**
 * Some strings of a language: what is left out comes from English.
 *
 * @example
 * ```ts
 * const de: PartialDashboardStrings = { languageName: 'Deutsch', signIn: 'Mit Discord anmelden' };
 * ```
 */
export type PartialDashboardStrings = {
  readonly [K in keyof DashboardStrings]?: DashboardStrings[K] extends (...args: never[]) => unknown
    ? DashboardStrings[K]
    : DashboardStrings[K] extends object
      ? Partial<DashboardStrings[K]>
      : DashboardStrings[K];
};

/** @internal Each language's strings: English in full, each other language over it, the user's over both. */
export function dashboardCatalogue(
  extra: Readonly<Record<string, PartialDashboardStrings>> = {},
): ReadonlyMap<string, DashboardStrings> {
  const english = over(en, extra.en ?? {});
  const catalogue = new Map<string, DashboardStrings>([['en', english]]);
  const builtIn: Readonly<Record<string, PartialDashboardStrings>> = { ko };
  for (const locale of new Set([...Object.keys(builtIn), ...Object.keys(extra)])) {
    if (locale === 'en') continue;
    catalogue.set(locale, over(over(english, builtIn[locale] ?? {}), extra[locale] ?? {}));
  }
  return catalogue;
}

/** A language's strings over English's, group by group. */
function over(base: DashboardStrings, strings: PartialDashboardStrings): DashboardStrings {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(strings)) {
    if (value === undefined) continue;
    const before = result[key];
    result[key] =
      typeof value === 'object' && !Array.isArray(value) && typeof before === 'object'
        ? { ...before, ...value }
        : value;
  }
  return result as unknown as DashboardStrings;
}

/** The language the person reads: theirs if on offer, else its base (`ko-KR` → `ko`), else English. */
export function pickLanguage(catalogue: ReadonlyMap<string, DashboardStrings>, wanted: readonly string[]): string {
  for (const locale of wanted) {
    if (catalogue.has(locale)) return locale;
    const base = locale.split('-')[0] ?? '';
    if (catalogue.has(base)) return base;
  }
  return 'en';
}
