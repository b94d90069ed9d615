import { ValidationError } from '../errors.ts';
import { isSnowflake } from '../validation.ts';

/**
 * A rule that gives a role by activity, and takes it from those who no longer qualify. Windows are
 * rolling: the last `days` days, today included, in the guild's time zone.
 *
 * - `minimum`: at least `hours` of voice time, or at least `messages` messages (either is enough
 *   when both are given), in the window.
 * - `top`: the `count` most active members of the window, by voice time (or by messages).
 * - `inactive`: no voice time and no message in the window (an inactive role).
 *
 * @example Three rules of one guild
 * ```ts
 * const rules: ActivityRoleRule[] = [
 *   { kind: 'minimum', roleId: regulars, days: 30, hours: 10 },
 *   { kind: 'top', roleId: stars, days: 7, count: 5 },
 *   { kind: 'inactive', roleId: sleepers, days: 60 },
 * ];
 * ```
 */
export type ActivityRoleRule =
  | {
      readonly kind: 'minimum';
      readonly roleId: string;
      readonly days: number;
      readonly hours?: number;
      readonly messages?: number;
    }
  | {
      readonly kind: 'top';
      readonly roleId: string;
      readonly days: number;
      readonly count: number;
      readonly rankBy?: 'voice' | 'messages';
    }
  | { readonly kind: 'inactive'; readonly roleId: string; readonly days: number };

/** At most this many rules a guild. */
export const MAX_ROLE_RULES = 10;

/**
 * Checks a guild's rules: each well formed, each role in one rule only, ten rules at most.
 *
 * @param rules - the rules as given
 * @param field - where they came from, for the error
 * @throws {@link ValidationError} naming the first problem
 *
 * @example
 * ```ts
 * import { assertRoleRules } from '@guildkit/core';
 *
 * assertRoleRules([{ kind: 'top', roleId, days: 7, count: 5 }], 'rules');
 * ```
 */
export function assertRoleRules(rules: unknown, field: string): asserts rules is readonly ActivityRoleRule[] {
  if (!Array.isArray(rules) || rules.length > MAX_ROLE_RULES) {
    throw new ValidationError(field, rules, `a list of at most ${MAX_ROLE_RULES} activity role rules`);
  }
  const roles = new Set<string>();
  rules.forEach((rule: unknown, index) => {
    const at = `${field}[${index}]`;
    if (rule === null || typeof rule !== 'object') throw new ValidationError(at, rule, 'a rule object');
    const { kind, roleId, days } = rule as Record<string, unknown>;
    if (!isSnowflake(roleId)) throw new ValidationError(`${at}.roleId`, roleId, 'a role id (a string of digits)');
    if (roles.has(roleId)) throw new ValidationError(`${at}.roleId`, roleId, 'a role no other rule gives');
    roles.add(roleId);
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 365) {
      throw new ValidationError(`${at}.days`, days, 'a number of days from 1 to 365');
    }
    const allowed = { minimum: ['hours', 'messages'], top: ['count', 'rankBy'], inactive: [] }[kind as string];
    if (allowed === undefined) throw new ValidationError(`${at}.kind`, kind, "'minimum', 'top' or 'inactive'");
    for (const key of Object.keys(rule)) {
      if (!['kind', 'roleId', 'days', ...allowed].includes(key)) {
        throw new ValidationError(
          `${at}.${key}`,
          (rule as Record<string, unknown>)[key],
          `no such field in a ${kind} rule`,
        );
      }
    }
    const { hours, messages, count, rankBy } = rule as Record<string, unknown>;
    if (kind === 'minimum') {
      if (hours === undefined && messages === undefined) {
        throw new ValidationError(`${at}.hours`, hours, 'hours, messages or both: what the role needs');
      }
      if (hours !== undefined && (typeof hours !== 'number' || !(hours > 0) || hours > 8_760)) {
        throw new ValidationError(`${at}.hours`, hours, 'a number of hours above 0');
      }
      if (messages !== undefined && (!Number.isInteger(messages) || (messages as number) < 1)) {
        throw new ValidationError(`${at}.messages`, messages, 'a whole number of messages, at least 1');
      }
    }
    if (kind === 'top') {
      if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1_000) {
        throw new ValidationError(`${at}.count`, count, 'how many members, 1 to 1,000');
      }
      if (rankBy !== undefined && rankBy !== 'voice' && rankBy !== 'messages') {
        throw new ValidationError(`${at}.rankBy`, rankBy, "'voice' or 'messages'");
      }
    }
  });
}

/**
 * One change a role run makes: a role given to a member, or taken away.
 *
 * @example
 * ```ts
 * const change: RoleChange = { userId, roleId, action: 'add' };
 * ```
 */
export interface RoleChange {
  readonly userId: string;
  readonly roleId: string;
  readonly action: 'add' | 'remove';
}

/**
 * A member as a role run sees them: their roles now, and whether they are a bot (never changed).
 *
 * @example
 * ```ts
 * const member: RoleMember = { id: userId, roleIds: [regulars], bot: false };
 * ```
 */
export interface RoleMember {
  readonly id: string;
  readonly roleIds: readonly string[];
  readonly bot: boolean;
}

/** @internal A member's voice time and messages in one rule's window. */
export type WindowTotals = ReadonlyMap<string, { readonly ms: number; readonly messages: number }>;

/**
 * @internal The changes the rules ask for: who qualifies for each rule's role gets it, who has it
 * and no longer qualifies loses it. Members are visited in id order, rules in their order, so the
 * same inputs make the same plan.
 */
export function planRoleChanges(
  rules: readonly ActivityRoleRule[],
  members: readonly RoleMember[],
  totalsOf: (rule: ActivityRoleRule) => WindowTotals,
): RoleChange[] {
  const people = members.filter((member) => !member.bot).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const changes: RoleChange[] = [];
  for (const rule of rules) {
    const totals = totalsOf(rule);
    const qualifies = qualifying(rule, people, totals);
    for (const member of people) {
      const has = member.roleIds.includes(rule.roleId);
      const should = qualifies.has(member.id);
      if (should && !has) changes.push({ userId: member.id, roleId: rule.roleId, action: 'add' });
      if (!should && has) changes.push({ userId: member.id, roleId: rule.roleId, action: 'remove' });
    }
  }
  return changes;
}

function qualifying(rule: ActivityRoleRule, people: readonly RoleMember[], totals: WindowTotals): Set<string> {
  const of = (id: string) => totals.get(id) ?? { ms: 0, messages: 0 };
  if (rule.kind === 'inactive') {
    return new Set(people.filter((member) => of(member.id).ms === 0 && of(member.id).messages === 0).map((m) => m.id));
  }
  if (rule.kind === 'minimum') {
    const ms = rule.hours === undefined ? Number.POSITIVE_INFINITY : rule.hours * 3_600_000;
    const messages = rule.messages ?? Number.POSITIVE_INFINITY;
    return new Set(
      people.filter((member) => of(member.id).ms >= ms || of(member.id).messages >= messages).map((m) => m.id),
    );
  }
  const byMessages = rule.rankBy === 'messages';
  const ranked = people
    .map((member) => ({ id: member.id, ...of(member.id) }))
    .filter((entry) => (byMessages ? entry.messages : entry.ms) > 0)
    .sort((a, b) => {
      const first = byMessages ? b.messages - a.messages : b.ms - a.ms;
      const second = byMessages ? b.ms - a.ms : b.messages - a.messages;
      return first || second || (a.id < b.id ? -1 : 1);
    });
  return new Set(ranked.slice(0, rule.count).map((entry) => entry.id));
}
