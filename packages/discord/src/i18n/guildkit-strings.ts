import type {
  ActivityRoleRule,
  CoreStrings,
  ForgottenMemberData,
  GuildSettingPath,
  JobCloseReason,
  RoleProblem,
} from '@guildkit/core';

/**
 * A slash command's or option's name and description, as one language shows them.
 *
 * @example
 * ```ts
 * const text: CommandText = { name: 'activity', description: "A member's voice time" };
 * ```
 */
export interface CommandText {
  /** Lower case, no spaces, at most 32 characters (Discord's rule for names). */
  readonly name: string;
  /** At most 100 characters. */
  readonly description: string;
}

/**
 * Every string guildkit shows on Discord, in one language: core's durations and report text, the
 * commands' names and descriptions, the answers to members, the job posts, the report embeds and
 * the activity log's lines. English (`en`) and Korean (`ko`) are built in; a bot adds a language,
 * or changes any string of a built-in one, with {@link Translations} (or `createGuildkit`'s
 * `locales` option), giving only the strings it wants: the rest come from English.
 *
 * @example Changing one answer, and adding Japanese command names
 * ```ts
 * import { Translations } from '@guildkit/discord';
 *
 * const translations = new Translations({
 *   locales: {
 *     en: { replies: { cooldown: (seconds) => `Easy there! Try again in ${seconds} s.` } },
 *     ja: { commands: { activity: { name: 'アクティビティ', description: 'ボイスの活動時間' } } },
 *   },
 * });
 * ```
 */
/**
 * What `/activity show` tells about a member: voice time (formatted) and messages, for today, this
 * week, this month, and the last 7 and 30 days.
 *
 * @example
 * ```ts
 * const view: ActivityView = { name: 'Minji', voice: { today: '1h', week: '5h', month: '20h', last7: '6h', last30: '22h' }, messages: { today: 3, week: 40, month: 120, last7: 45, last30: 130 } };
 * ```
 */
export interface ActivityView {
  readonly name: string;
  /** Voice time, formatted. */
  readonly voice: ActivityWindows<string>;
  readonly messages: ActivityWindows<number>;
}

/**
 * One figure for each window `/activity show` reports.
 *
 * @example
 * ```ts
 * const messages: ActivityWindows<number> = { today: 3, week: 40, month: 120, last7: 45, last30: 130 };
 * ```
 */
export interface ActivityWindows<T> {
  /** Today, in the guild's time zone. */
  readonly today: T;
  /** This week (from the guild's first day of the week). */
  readonly week: T;
  /** This calendar month. */
  readonly month: T;
  /** The last 7 days, today included. */
  readonly last7: T;
  /** The last 30 days, today included. */
  readonly last30: T;
}

/**
 * The windows `/activity show` reports: calendar periods, and rolling ones ending today.
 *
 * @example
 * ```ts
 * const window: ActivityWindow = 'last30';
 * ```
 */
export type ActivityWindow = keyof ActivityWindows<unknown>;

export interface GuildkitStrings extends CoreStrings {
  readonly commands: {
    readonly activity: CommandText & {
      readonly member: CommandText;
      readonly show: CommandText;
      readonly data: CommandText;
      readonly forget: CommandText;
    };
    readonly job: CommandText & {
      readonly open: CommandText & { readonly title: CommandText; readonly details: CommandText };
      readonly close: CommandText;
      readonly list: CommandText;
    };
    readonly report: CommandText & {
      readonly period: CommandText & {
        readonly choices: {
          readonly daily: string;
          readonly weekly: string;
          readonly monthly: string;
          readonly last7: string;
          readonly last30: string;
        };
      };
      readonly role: CommandText;
    };
    readonly roles: CommandText & {
      readonly list: CommandText;
      readonly add: CommandText & {
        readonly kind: CommandText & {
          readonly choices: { readonly minimum: string; readonly top: string; readonly inactive: string };
        };
        readonly role: CommandText;
        readonly days: CommandText;
        readonly hours: CommandText;
        readonly messages: CommandText;
        readonly count: CommandText;
      };
      readonly remove: CommandText & { readonly role: CommandText };
      readonly preview: CommandText;
      readonly run: CommandText;
    };
    readonly settings: CommandText & {
      readonly show: CommandText;
      readonly channel: CommandText & { readonly setting: CommandText; readonly channel: CommandText };
      readonly role: CommandText & { readonly role: CommandText };
      readonly feature: CommandText & { readonly feature: CommandText; readonly enabled: CommandText };
      readonly timeZone: CommandText & { readonly zone: CommandText };
      readonly language: CommandText & { readonly language: CommandText };
      readonly weekStart: CommandText & { readonly day: CommandText };
      readonly schedule: CommandText & { readonly report: CommandText; readonly pattern: CommandText };
      readonly reset: CommandText & { readonly setting: CommandText };
      readonly retention: CommandText & { readonly days: CommandText };
    };
  };
  /** `/settings`: each setting's name and the answers, in the member's language. */
  readonly settings: {
    /** Each setting's name, by its path; also the choices of `/settings reset`. */
    readonly names: Readonly<Record<GuildSettingPath, string>>;
    readonly title: string;
    /** After a value that is the bot's default, not the server's own. */
    readonly byDefault: string;
    readonly none: string;
    readonly on: string;
    readonly off: string;
    readonly never: string;
    /** Activity history kept without end. */
    readonly keepAll: string;
    /** Who sees the dashboard's leaderboard: every member, or moderators only. */
    readonly leaderboardFor: Readonly<Record<'members' | 'moderators', string>>;
    readonly days: (count: number) => string;
    /** How many activity-role rules the server has. */
    readonly rules: (count: number) => string;
    /** The language setting left to the server's own language. */
    readonly serverLanguage: string;
    readonly saved: (name: string, value: string) => string;
    readonly reset: (name: string) => string;
    /** `problems` are the lines below, one per problem. */
    readonly refused: (problems: string) => string;
    readonly notFound: (name: string) => string;
    readonly wrongType: (name: string, expected: 'text' | 'forum' | 'category' | 'role') => string;
    readonly missingPermissions: (name: string, permissions: string) => string;
    readonly invalid: (name: string, detail: string) => string;
    readonly featureOff: (name: string) => string;
    readonly badTimeZone: string;
    readonly badSchedule: string;
    readonly notHere: string;
  };
  /** Answers to members, in their own language. */
  readonly replies: {
    /** `/activity show`: a member's figures, durations already formatted. */
    readonly activity: (view: ActivityView) => string;
    /** `/activity data`: the files attached. */
    readonly activityData: (files: number) => string;
    readonly activityDataEmpty: string;
    /** `/activity forget`: the question, with the two buttons. */
    readonly forgetAsk: (name: string, self: boolean) => string;
    readonly forgetYes: string;
    readonly forgetNo: string;
    readonly forgetDone: (name: string, forgotten: ForgottenMemberData) => string;
    readonly forgetCancelled: string;
    /** Someone else pressed the buttons of the question. */
    readonly forgetNotYours: string;
    readonly cooldown: (seconds: number) => string;
    /** `permission` is one of `permissionNames`. */
    readonly needsPermission: (permission: string) => string;
    readonly permissionNames: Readonly<Record<string, string>>;
    /** Something failed that the member cannot fix. */
    readonly failed: string;
    /** A button this bot does not know (an old message, another version). */
    readonly unknownButton: string;
    readonly jobOpened: (postId: string, roomId: string) => string;
    readonly jobExisting: (postId: string) => string;
    readonly jobClosed: (postId: string) => string;
    readonly jobAlreadyClosed: string;
    readonly jobNotAllowed: string;
    readonly jobNoneOpen: string;
    readonly jobListEmpty: string;
    readonly jobListItem: (postId: string, title: string, count: number, limit: string) => string;
    readonly jobNotConfigured: string;
    /** The member's input was refused: `problem` says what was wrong and the limits. */
    readonly jobInvalid: (problem: string) => string;
    readonly jobTitleBlank: string;
    readonly jobTooLong: (field: string, max: number) => string;
    /** A title with control characters (a line break, say), or a description with any but line breaks and tabs. */
    readonly jobControlCharacters: (field: string) => string;
    readonly jobFailed: (step: string, undone: boolean) => string;
    readonly jobSteps: { readonly room: string; readonly post: string; readonly store: string };
    readonly reportNotConfigured: string;
    readonly activityNotConfigured: string;
  };
  /** `/roles`, in the member's language. */
  readonly roles: {
    readonly notConfigured: string;
    readonly none: string;
    /** One rule, as `/roles list` and the preview show it; `role` is a mention, which never pings. */
    readonly rule: (rule: ActivityRoleRule, role: string) => string;
    readonly list: (lines: string) => string;
    readonly added: (line: string) => string;
    readonly removed: (role: string) => string;
    readonly notARule: (role: string) => string;
    readonly invalid: (detail: string) => string;
    /** Why the bot cannot give or take a role. */
    readonly problem: (role: string, reason: RoleProblem['reason']) => string;
    readonly problems: (lines: string) => string;
    /** The dry run: who would gain and lose, `lines` a sample of them. */
    readonly preview: (members: number, gain: number, lose: number, lines: string, more: number) => string;
    readonly change: (who: string, role: string, action: 'add' | 'remove') => string;
    readonly running: (done: number, total: number) => string;
    readonly done: (applied: number, skipped: number, failed: number) => string;
  };
  /** Job posts and rooms, in the guild's language. */
  readonly jobPost: {
    readonly roomName: (owner: string) => string;
    readonly postTitle: (owner: string) => string;
    readonly owner: string;
    readonly room: string;
    readonly participants: string;
    readonly tags: string;
    readonly created: string;
    readonly join: string;
    readonly close: string;
    readonly closedTitle: string;
    readonly closedStatus: string;
    readonly reasons: Readonly<Record<JobCloseReason, string>>;
    readonly peak: string;
    readonly totalTime: string;
    readonly openFor: string;
    readonly people: (count: number) => string;
  };
  /** Report embeds, in the guild's language (the summary lines are `reportText`'s). */
  readonly reportEmbed: {
    readonly top: string;
    readonly least: string;
    readonly inactive: string;
    readonly none: string;
    /** The busiest channels of the period. */
    readonly channels: string;
    readonly messages: string;
    /** The heatmap's title. */
    readonly heatmap: string;
    /** Short day names, Sunday first: the heatmap's rows. */
    readonly weekdays: readonly [string, string, string, string, string, string, string];
  };
  /** The activity log's lines, in the guild's language; `who` is a mention, which never pings there. */
  readonly activityLog: {
    readonly joined: (who: string, channel: string) => string;
    readonly left: (who: string, channel: string) => string;
    readonly moved: (who: string, from: string, to: string) => string;
    readonly listingOpened: (owner: string, title: string) => string;
    readonly listingClosed: (owner: string, reason: string, title: string) => string;
    readonly spam: (who: string, deleted: boolean, limit: string) => string;
    readonly spamMentions: (count: number, max: number) => string;
    readonly spamMessages: (count: number, seconds: number, max: number) => string;
    readonly timedOut: (who: string, minutes: number, offences: number, windowMinutes: number) => string;
    readonly actionFailed: (action: string, reason: string) => string;
    /** A role given or taken by an activity-role run. */
    readonly roleChanged: (who: string, role: string, action: 'add' | 'remove') => string;
    /** The last line of a full batch in the log channel. */
    readonly more: (count: number) => string;
  };
}
