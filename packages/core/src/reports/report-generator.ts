import { DayCalendar } from '../activity/day-calendar.ts';
import { ValidationError } from '../errors.ts';
import type {
  ActivityBreakdownQuery,
  ActivityTotalsQuery,
  ChannelActivityTotal,
  HourActivityTotal,
  MemberActivityTotal,
} from '../storage/activity-store.ts';
import { compareMemberTotals } from '../storage/prepare-activity.ts';
import { assertSnowflake, compareText } from '../validation.ts';
import { type ActivityHeatmap, activityHeatmap } from './activity-heatmap.ts';
import { previousRange, type ReportPeriod, type ReportRange, reportRange } from './report-periods.ts';

/**
 * A guild member as a report needs it; the caller gives the guild's member list.
 *
 * @example
 * ```ts
 * const member: ReportMember = { id: '1200000000000000001', displayName: '민지', roleIds: [], bot: false };
 * ```
 */
export interface ReportMember {
  readonly id: string;
  readonly displayName: string;
  readonly roleIds: readonly string[];
  /** Bots are never counted. */
  readonly bot: boolean;
}

/**
 * One member's line in a report.
 *
 * @example
 * ```ts
 * const entry: ReportEntry = { userId: '1200000000000000001', displayName: '민지', ms: 12_300_000, messages: 42 };
 * ```
 */
export interface ReportEntry {
  readonly userId: string;
  readonly displayName: string;
  /** Voice time in the period, milliseconds. */
  readonly ms: number;
  /** Messages in the period. */
  readonly messages: number;
}

/**
 * The figures of one period: how many were active and for how long.
 *
 * @example
 * ```ts
 * const figures: ReportFigures = { activeMembers: 12, totalMs: 86_400_000, averageMs: 7_200_000, totalMessages: 340 };
 * ```
 */
export interface ReportFigures {
  /** Members with voice time or messages in the period. */
  readonly activeMembers: number;
  readonly totalMs: number;
  /** Messages of the counted members. */
  readonly totalMessages: number;
  /** Per active member; 0 when nobody was active. */
  readonly averageMs: number;
}

/**
 * An activity report: what {@link ReportGenerator.generate} computes, ready for any rendering.
 *
 * @example Reading one
 * ```ts
 * const report: ActivityReport = await reports.generate({ guildId, period: 'weekly', members });
 * console.log(`${report.activeMembers}/${report.membersCounted} active`, report.top[0]?.displayName);
 * ```
 */
export interface ActivityReport extends ReportFigures {
  readonly guildId: string;
  readonly range: ReportRange;
  /** The period before, of the same kind (the same length, for a custom range). */
  readonly previousRange: ReportRange;
  /** The role the report is limited to, or `null` for everyone. */
  readonly roleId: string | null;
  /** Members counted: not bots, and with the role when there is one. */
  readonly membersCounted: number;
  /** Active members over members counted, 0 to 1; 0 when nobody is counted. */
  readonly activeShare: number;
  /** The ten most active, most time first; ties by member id. */
  readonly top: readonly ReportEntry[];
  /** The five least active of the active ones, least time first; ties by member id. */
  readonly leastActive: readonly ReportEntry[];
  /** Counted members with no time, by name, then id. */
  readonly inactive: readonly ReportEntry[];
  /** Every active member, most time first: for a full listing such as the CSV. */
  readonly active: readonly ReportEntry[];
  readonly previous: ReportFigures;
  /** The guild's busiest channels of the period, most voice time first (with `readChannels`). */
  readonly channels?: readonly ChannelActivityTotal[];
  /** The guild's hour-of-week heatmap of the period (with `readHours`). */
  readonly heatmap?: ActivityHeatmap;
}

/**
 * Options of {@link ReportGenerator}. `read` is required.
 *
 * @example Reports from the tracker, so that time not yet written counts too
 * ```ts
 * const options: ReportGeneratorOptions = { read: (query) => tracker.readTotals({ ...query, includeLive: true }) };
 * ```
 */
export interface ReportGeneratorOptions {
  /** Totals per member over a range, from one query: a store's `readActivityTotals`, or the tracker's `readTotals`. */
  readonly read: (query: ActivityTotalsQuery) => Promise<MemberActivityTotal[]>;
  /** The time zone of guilds without one of their own, IANA, such as `'Europe/Berlin'`. @defaultValue 'UTC' */
  readonly timeZone?: string;
  /** A guild's own time zone, if it has one. */
  readonly guildTimeZone?: (guildId: string) => string | undefined;
  /** The day weeks start on, 0 (Sunday) to 6. @defaultValue 1 (Monday) */
  readonly weekStartsOn?: number;
  /** The day weeks start on in a guild, if it chose its own. */
  readonly guildWeekStartsOn?: (guildId: string) => number | undefined;
  /** The clock, epoch milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
  /** The guild's channel totals over a range (a store's `readChannelTotals`): reports list the top five. */
  readonly readChannels?: (
    query: ActivityBreakdownQuery & { readonly limit?: number },
  ) => Promise<ChannelActivityTotal[]>;
  /** The guild's hour totals over a range (a store's `readHourTotals`): reports carry the heatmap. */
  readonly readHours?: (query: ActivityBreakdownQuery) => Promise<HourActivityTotal[]>;
}

/**
 * What {@link ReportGenerator.generate} needs.
 *
 * @example Last week's report for one role, as the scheduler asks for it
 * ```ts
 * const request: ReportRequest = { guildId, period: 'weekly', which: 'last-complete', members, roleId };
 * ```
 */
export interface ReportRequest {
  readonly guildId: string;
  readonly period: ReportPeriod;
  /** Picks the period. @defaultValue now */
  readonly at?: number;
  /** The period `at` is in, or the last one that has ended. @defaultValue 'current' */
  readonly which?: 'current' | 'last-complete';
  /** The guild's members. */
  readonly members: readonly ReportMember[];
  /** Only members with this role. */
  readonly roleId?: string | null;
}

/**
 * Daily, weekly, monthly and custom activity reports. The time per member comes from one query
 * over the daily totals for the counted members (the store does the summing); nothing else is
 * read. Periods are calendar periods in the guild's time zone.
 *
 * @example The current week, as a report command shows it
 * ```ts
 * import { ReportGenerator } from '@guildkit/core';
 *
 * const reports = new ReportGenerator({ read: (query) => store.readActivityTotals(query), timeZone: 'Europe/Berlin' });
 * const report = await reports.generate({ guildId, period: 'weekly', members });
 * ```
 */
export class ReportGenerator {
  readonly #read: ReportGeneratorOptions['read'];
  readonly #timeZone: string;
  readonly #guildTimeZone: ((guildId: string) => string | undefined) | undefined;
  readonly #weekStartsOn: number;
  readonly #guildWeekStartsOn: ((guildId: string) => number | undefined) | undefined;
  readonly #now: () => number;
  readonly #readChannels: ReportGeneratorOptions['readChannels'];
  readonly #readHours: ReportGeneratorOptions['readHours'];
  readonly #calendars = new Map<string, DayCalendar>();

  public constructor(options: ReportGeneratorOptions) {
    if (typeof options?.read !== 'function') {
      throw new TypeError(
        'ReportGeneratorOptions.read must be a function, such as (query) => store.readActivityTotals(query)',
      );
    }
    const weekStartsOn = options.weekStartsOn ?? 1;
    if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
      throw new TypeError(
        `ReportGeneratorOptions.weekStartsOn must be 0 (Sunday) to 6; received ${String(weekStartsOn)}`,
      );
    }
    this.#read = options.read;
    this.#timeZone = options.timeZone ?? 'UTC';
    new DayCalendar(this.#timeZone); // refuse a bad default time zone now
    this.#guildTimeZone = options.guildTimeZone;
    this.#weekStartsOn = weekStartsOn;
    this.#guildWeekStartsOn = options.guildWeekStartsOn;
    this.#now = options.now ?? (() => Date.now());
    this.#readChannels = options.readChannels;
    this.#readHours = options.readHours;
  }

  /** The range a request covers, without computing the report. */
  public rangeOf(request: Pick<ReportRequest, 'guildId' | 'period' | 'at' | 'which'>): ReportRange {
    const today = this.#calendar(request.guildId).dayOf(request.at ?? this.#now());
    const weekStartsOn = this.#guildWeekStartsOn?.(request.guildId) ?? this.#weekStartsOn;
    return reportRange(request.period, today, request.which ?? 'current', weekStartsOn);
  }

  /** Computes a report: two queries (this period and the one before), for the counted members only. */
  public async generate(request: ReportRequest): Promise<ActivityReport> {
    assertSnowflake(request?.guildId, 'guildId');
    const roleId = request.roleId ?? null;
    if (roleId !== null) assertSnowflake(roleId, 'roleId');
    const range = this.rangeOf(request);
    const previous = previousRange(range);
    const { members } = request;
    if (!Array.isArray(members)) throw new ValidationError('members', members, "an array of the guild's members");
    const read = (userIds?: readonly string[]) =>
      Promise.all(
        [range, previous].map((days) =>
          this.#read({
            guildId: request.guildId,
            startDay: days.startDay,
            endDay: days.endDay,
            ...(userIds && { userIds }),
          }),
        ),
      );
    // For everyone, the store reads the guild's totals (members who left drop out below), which
    // spares it a list of every member, and the members are sorted out while it reads. For a role,
    // it reads only the role's members.
    const everyone = roleId === null && members.length > 0 ? read() : undefined;
    // The guild's channels and hours (the whole guild's, whatever the role): read beside the totals.
    const span = { guildId: request.guildId, startDay: range.startDay, endDay: range.endDay };
    const details = Promise.all([this.#readChannels?.({ ...span, limit: 5 }), this.#readHours?.(span)]);
    details.catch(() => {}); // awaited below, after the totals
    let counted: Map<string, number>;
    try {
      counted = countedMembers(members, roleId);
    } catch (error) {
      everyone?.catch(() => {}); // the report fails with the members' error, not the read's
      throw error;
    }
    const [now, before] = await (everyone ?? (counted.size === 0 ? [[], []] : read([...counted.keys()])));
    // Stores return totals most time first; one pass keeps the counted ones (and checks the order).
    // Members are marked active by their index, so the inactive ones come from one more pass.
    const active: ReportEntry[] = [];
    const isActive = new Uint8Array(members.length);
    let sorted = true;
    for (const { userId, ms, messages } of now) {
      const index = counted.get(userId);
      if ((ms <= 0 && messages <= 0) || index === undefined || isActive[index] === 1) continue;
      isActive[index] = 1;
      const entry = { userId, displayName: (members[index] as ReportMember).displayName, ms, messages };
      const last = active.at(-1);
      if (last !== undefined && compareMemberTotals(last, entry) > 0) sorted = false;
      active.push(entry);
    }
    if (!sorted) active.sort((a, b) => compareMemberTotals(a, b));
    const inactive: ReportEntry[] = [];
    for (const index of counted.values()) {
      const { id, displayName } = members[index] as ReportMember;
      if (isActive[index] === 0) inactive.push({ userId: id, displayName, ms: 0, messages: 0 });
    }
    inactive.sort((a, b) => compareText(a.displayName, b.displayName) || compareText(a.userId, b.userId));
    const [channels, hours] = await details;
    const weekStartsOn = this.#guildWeekStartsOn?.(request.guildId) ?? this.#weekStartsOn;
    return {
      guildId: request.guildId,
      range,
      previousRange: previous,
      roleId,
      membersCounted: counted.size,
      ...figures(active),
      activeShare: counted.size === 0 ? 0 : active.length / counted.size,
      top: active.slice(0, 10),
      leastActive: active.slice(-5).reverse(),
      inactive,
      active,
      previous: figures(before, counted),
      ...(channels === undefined ? {} : { channels }),
      ...(hours === undefined ? {} : { heatmap: activityHeatmap(hours, { weekStartsOn }) }),
    };
  }

  #calendar(guildId: string): DayCalendar {
    // Asked each time: a guild whose time zone changed has its periods in the new one from then on.
    const timeZone = this.#guildTimeZone?.(guildId) ?? this.#timeZone;
    let calendar = this.#calendars.get(guildId);
    if (calendar?.timeZone !== timeZone) {
      calendar = new DayCalendar(timeZone);
      this.#calendars.set(guildId, calendar);
    }
    return calendar;
  }
}

/** The figures of totals, counting only positive ones of the counted members when given. */
function figures(
  totals: readonly { userId: string; ms: number; messages: number }[],
  counted?: ReadonlyMap<string, number>,
): ReportFigures {
  let activeMembers = 0;
  let totalMs = 0;
  let totalMessages = 0;
  for (const { userId, ms, messages } of totals) {
    if ((ms <= 0 && messages <= 0) || (counted !== undefined && !counted.has(userId))) continue;
    activeMembers += 1;
    totalMs += ms;
    totalMessages += messages;
  }
  return { activeMembers, totalMs, totalMessages, averageMs: activeMembers === 0 ? 0 : totalMs / activeMembers };
}

/** Counted members' indexes in the list, by id: not bots, with the role if there is one. */
function countedMembers(members: readonly ReportMember[], roleId: string | null): Map<string, number> {
  const counted = new Map<string, number>();
  for (let index = 0; index < members.length; index += 1) {
    const member = members[index] as ReportMember;
    const valid =
      member !== null &&
      typeof member === 'object' &&
      typeof member.displayName === 'string' &&
      Array.isArray(member.roleIds) &&
      typeof member.bot === 'boolean';
    if (!valid) throw new ValidationError(`members[${index}]`, member, '{ id, displayName, roleIds, bot }');
    assertSnowflake(member.id, `members[${index}].id`);
    if (!member.bot && (roleId === null || member.roleIds.includes(roleId))) counted.set(member.id, index);
  }
  return counted;
}
