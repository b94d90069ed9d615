import type { ActivityRoleRule, GuildSettings, GuildSettingsUpdate, SettingsStore } from '@guildkit/core';
import type { Client } from 'discord.js';
import { EventEmitter } from 'eventemitter3';
import type { ReportSchedule } from '../features/report-scheduler.ts';
import type { Translations } from '../i18n/translations.ts';
import { type SettingProblem, settingProblems } from './settings-checks.ts';

/**
 * A guild's settings in effect: its own where it set them, the bot's defaults (`createGuildkit`'s
 * options) elsewhere. A feature is `undefined` where it is off in the guild. A default channel or
 * role applies only to the guild it belongs to, so the options of a one-guild bot set up that guild
 * and leave every other guild to its admins.
 *
 * @example Where a guild's reports go
 * ```ts
 * const channelId = guildkit.settings.of(guildId).reports?.channelId; // undefined: /report only
 * ```
 */
export interface SettingsInEffect {
  readonly guildId: string;
  /** The language of the guild's posts; `undefined` follows the server's own (its preferred locale). */
  readonly locale: string | undefined;
  readonly timeZone: string;
  readonly weekStartsOn: number;
  readonly activity: boolean;
  readonly jobBoard:
    | { readonly forumChannelId: string; readonly categoryId: string | null; readonly tagIds: readonly string[] }
    | undefined;
  readonly reports:
    | { readonly channelId: string | undefined; readonly roleId: string | null; readonly schedule: ReportSchedule }
    | undefined;
  readonly activityLog: { readonly channelId: string | undefined } | undefined;
  readonly antiSpam: boolean;
  /** Days of activity history kept; `null` keeps everything. */
  readonly retentionDays: number | null;
  /** Activity roles: the guild's rules and when they run (`null`: on demand only); `undefined` when off. */
  readonly activityRoles: { readonly rules: readonly ActivityRoleRule[]; readonly schedule: string | null } | undefined;
  /** Who sees the dashboard's leaderboard and other members' pages: every member, or moderators only. */
  readonly leaderboard: 'members' | 'moderators';
  /**
   * Each feature's switch in the guild: `jobBoard` may be on while the guild has no forum yet (then
   * `jobBoard` above is `undefined`), and `reports` on without a report channel.
   */
  readonly switches: Readonly<
    Record<'activity' | 'jobBoard' | 'reports' | 'activityLog' | 'antiSpam' | 'activityRoles', boolean>
  >;
}

/**
 * A settings update that the guild refused, with every problem found.
 *
 * @example
 * ```ts
 * try {
 *   await guildkit.settings.update(guildId, { set: { reports: { channelId } } });
 * } catch (error) {
 *   if (error instanceof GuildSettingsError) console.log(error.problems);
 * }
 * ```
 */
export class GuildSettingsError extends Error {
  public readonly problems: readonly SettingProblem[];

  public constructor(guildId: string, problems: readonly SettingProblem[]) {
    const text = problems.map(
      (p) =>
        `${p.path}: ${p.reason}${p.expected ? ` (needs a ${p.expected === 'role' ? 'role' : `${p.expected} channel`})` : ''}${p.missing ? ` (the bot lacks ${p.missing.join(', ')})` : ''}${p.detail ? ` (${p.detail})` : ''}`,
    );
    super(`the settings of guild ${guildId} were not changed: ${text.join('; ')}`);
    this.name = 'GuildSettingsError';
    this.problems = problems;
  }
}

/** @internal The defaults, from `createGuildkit`'s options; a feature left out is off everywhere. */
export interface SettingsDefaults {
  readonly timeZone: string;
  readonly weekStartsOn: number;
  readonly activity: boolean;
  readonly jobBoard:
    | { readonly forumChannelId?: string; readonly categoryId: string | null; readonly tagIds: readonly string[] }
    | undefined;
  readonly reports:
    | { readonly channelId?: string; readonly roleId: string | null; readonly schedule: ReportSchedule }
    | undefined;
  readonly activityLog: { readonly channelId?: string } | undefined;
  readonly antiSpam: boolean;
  readonly retentionDays: number | null;
  readonly activityRoles: { readonly schedule: string | null } | undefined;
}

/** What each settings event carries. */
export interface GuildkitSettingsEvents {
  /** A guild's settings in effect changed: loaded, updated, or worked out again (a channel deleted). */
  changed: [before: SettingsInEffect, after: SettingsInEffect];
}

/**
 * Each guild's settings: kept in the store, set by the guild's admins (with `/settings`, or
 * {@link GuildkitSettings.update} from a dashboard), checked against the guild, and over the bot's
 * defaults. {@link GuildkitSettings.of} answers from memory for the guilds this process holds.
 *
 * @example Turning the activity log off in one guild
 * ```ts
 * await guildkit.settings.update(guildId, { set: { activityLog: { enabled: false } } });
 * ```
 */
export class GuildkitSettings extends EventEmitter<GuildkitSettingsEvents> {
  readonly #client: Client;
  readonly #store: SettingsStore;
  readonly #defaults: SettingsDefaults;
  readonly #translations: Translations;
  readonly #now: () => number;
  /** Each held guild's own settings, as stored. */
  readonly #own = new Map<string, GuildSettings>();
  readonly #effective = new Map<string, SettingsInEffect>();
  #closed = false;

  /** @internal */
  public constructor(options: {
    client: Client;
    store: SettingsStore;
    defaults: SettingsDefaults;
    translations: Translations;
    now: () => number;
  }) {
    super();
    this.#client = options.client;
    this.#store = options.store;
    this.#defaults = options.defaults;
    this.#translations = options.translations;
    this.#now = options.now;
  }

  /** A guild's settings in effect, from memory: the defaults until its own are loaded. */
  public of(guildId: string): SettingsInEffect {
    const cached = this.#effective.get(guildId);
    if (cached !== undefined) return cached;
    const effective = this.#resolve(guildId, this.#own.get(guildId) ?? {});
    // Only for a guild in the client's cache: before it, a default channel's guild is not known.
    if (this.#client.guilds.cache.has(guildId)) this.#effective.set(guildId, effective);
    return effective;
  }

  /** The language a guild's posts are in: its setting, else the server's own. */
  public localeOf(guildId: string): string | undefined {
    return this.of(guildId).locale ?? this.#client.guilds.cache.get(guildId)?.preferredLocale;
  }

  /** The settings a guild set itself, from the store. */
  public read(guildId: string): Promise<GuildSettings> {
    return this.#store.readGuildSettings(guildId);
  }

  /**
   * Reads a guild's own settings from the store into memory (when the bot gets the guild, at start
   * or when it joins); rejects if the store does.
   */
  public async load(guildId: string): Promise<SettingsInEffect> {
    if (this.#closed) return this.of(guildId);
    const own = await this.#store.readGuildSettings(guildId);
    return this.#take(guildId, own);
  }

  /**
   * Changes a guild's settings: checks every new value against the guild (a channel exists, is of
   * the right kind and the bot may do its work there; a role exists; a schedule is a cron pattern;
   * a language has strings), writes them to the store, and puts them in effect at once.
   *
   * @throws {@link GuildSettingsError} naming every problem, changing nothing
   * @throws `ValidationError` (from `@guildkit/core`) for a value of the wrong type, such as a number where a channel id goes, or an unknown setting
   * @throws `Error` for a guild this process does not hold (another shard's, or one the bot left)
   */
  public async update(guildId: string, update: GuildSettingsUpdate): Promise<SettingsInEffect> {
    const problems = this.check(guildId, update);
    if (problems.length > 0) throw new GuildSettingsError(guildId, problems);
    const own = await this.#store.updateGuildSettings(guildId, update, this.#now());
    return this.#take(guildId, own);
  }

  /** Every problem an update would meet in a guild, from discord.js's cache; empty when it is good. */
  public check(guildId: string, update: GuildSettingsUpdate): SettingProblem[] {
    const guild = this.#client.guilds.cache.get(guildId);
    if (guild === undefined) throw new Error(`guild ${guildId} is not one this process holds`);
    const context = { guild, defaults: this.#defaults, inEffect: this.of(guildId), translations: this.#translations };
    return settingProblems(context, update?.set ?? {});
  }

  /** @internal Whether `close()` was called: nothing more is loaded. */
  public get closed(): boolean {
    return this.#closed;
  }

  /** @internal Loads nothing more (guildkit is closing); what is in memory stays in effect. */
  public close(): void {
    this.#closed = true;
  }

  /**
   * Forgets a guild the bot left or whose shard moved away, and works out its settings again
   * (from the defaults) the next time they are asked for.
   */
  public release(guildId: string): void {
    this.#own.delete(guildId);
    this.#effective.delete(guildId);
  }

  /** Works a guild's settings out again: its channels or roles changed, or it came back. */
  public refresh(guildId: string): void {
    const before = this.#effective.get(guildId);
    this.#effective.delete(guildId);
    const after = this.of(guildId);
    if (before !== undefined && !sameSettings(before, after)) this.emit('changed', before, after);
  }

  #take(guildId: string, own: GuildSettings): SettingsInEffect {
    const before = this.of(guildId);
    this.#own.set(guildId, own);
    this.#effective.delete(guildId);
    const after = this.of(guildId);
    if (!sameSettings(before, after)) this.emit('changed', before, after);
    return after;
  }

  #resolve(guildId: string, own: GuildSettings): SettingsInEffect {
    const d = this.#defaults;
    const guild = this.#client.guilds.cache.get(guildId);
    // A default channel or role is the default only in its own guild.
    const here = (id: string | undefined) =>
      id !== undefined && (guild?.channels.cache.has(id) === true || guild?.roles.cache.has(id) === true)
        ? id
        : undefined;
    const pick = (mine: string | null | undefined, fallback: string | undefined) =>
      mine === null ? undefined : (mine ?? here(fallback));
    const on = (feature: unknown, mine: { readonly enabled?: boolean } | undefined) =>
      feature !== undefined && feature !== false && mine?.enabled !== false;

    let jobBoard: SettingsInEffect['jobBoard'];
    if (on(d.jobBoard, own.jobBoard) && d.jobBoard !== undefined) {
      const forumChannelId = pick(own.jobBoard?.forumChannelId, d.jobBoard.forumChannelId);
      const categoryId =
        own.jobBoard?.categoryId === undefined
          ? (here(d.jobBoard.categoryId ?? undefined) ?? null)
          : own.jobBoard.categoryId;
      const defaultForum = own.jobBoard?.forumChannelId === undefined;
      const tagIds = own.jobBoard?.tagIds ?? (defaultForum ? d.jobBoard.tagIds : []);
      jobBoard = forumChannelId === undefined ? undefined : { forumChannelId, categoryId, tagIds };
    }
    let reports: SettingsInEffect['reports'];
    if (on(d.reports, own.reports) && d.reports !== undefined) {
      const mine = own.reports?.schedule ?? {};
      const schedule = {
        daily: mine.daily === undefined ? (d.reports.schedule.daily ?? null) : mine.daily,
        weekly: mine.weekly === undefined ? (d.reports.schedule.weekly ?? null) : mine.weekly,
        monthly: mine.monthly === undefined ? (d.reports.schedule.monthly ?? null) : mine.monthly,
      };
      const roleId =
        own.reports?.roleId === undefined ? (here(d.reports.roleId ?? undefined) ?? null) : own.reports.roleId;
      reports = { channelId: pick(own.reports?.channelId, d.reports.channelId), roleId, schedule };
    }
    const switches = {
      activity: on(d.activity || undefined, own.activity),
      jobBoard: on(d.jobBoard, own.jobBoard),
      reports: on(d.reports, own.reports),
      activityLog: on(d.activityLog, own.activityLog),
      antiSpam: on(d.antiSpam || undefined, own.antiSpam),
      activityRoles: on(d.activityRoles, own.activityRoles),
    };
    const roles = own.activityRoles;
    return {
      guildId,
      switches,
      locale: own.locale,
      timeZone: own.timeZone ?? d.timeZone,
      weekStartsOn: own.weekStartsOn ?? d.weekStartsOn,
      activity: on(d.activity || undefined, own.activity),
      jobBoard,
      reports,
      activityLog: on(d.activityLog, own.activityLog)
        ? { channelId: pick(own.activityLog?.channelId, d.activityLog?.channelId) }
        : undefined,
      antiSpam: on(d.antiSpam || undefined, own.antiSpam),
      retentionDays: own.activity?.retentionDays === undefined ? d.retentionDays : own.activity.retentionDays,
      activityRoles:
        switches.activityRoles && d.activityRoles !== undefined
          ? {
              rules: roles?.rules ?? [],
              schedule: roles?.schedule === undefined ? d.activityRoles.schedule : roles.schedule,
            }
          : undefined,
      leaderboard: own.dashboard?.leaderboard ?? 'members',
    };
  }
}

function sameSettings(a: SettingsInEffect, b: SettingsInEffect): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
