import type { ActivityBatch, ActivityIncrement, ActivitySlice } from '@guildkit/core';
import { DayCalendar } from '@guildkit/core';

// Raw activity (voice sessions and messages) turned into a store batch the way a tracker does,
// and a reference model computed from the same raw activity minute by minute with Intl alone, so
// that the stores' sums, heatmaps and deletions can be checked against something independent.

/** @internal A voice session of whole minutes. */
export interface RawSession {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly start: number;
  readonly minutes: number;
}

/** @internal A message. */
export interface RawMessage {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly at: number;
}

const MINUTE = 60_000;

/** @internal The batch a tracker writes for the raw activity: daily increments and slices. */
export function batchOf(
  sessions: readonly RawSession[],
  messages: readonly RawMessage[],
  timeZone: string,
): ActivityBatch {
  const calendar = new DayCalendar(timeZone);
  const increments: ActivityIncrement[] = [];
  const slices: ActivitySlice[] = [];
  for (const { guildId, userId, channelId, start, minutes } of sessions) {
    for (const { day, hour, ms } of calendar.splitHours(start, start + minutes * MINUTE)) {
      increments.push({ guildId, userId, day, ms });
      slices.push({ guildId, userId, channelId, day, hour, ms, messages: 0 });
    }
  }
  for (const { guildId, userId, channelId, at } of messages) {
    const { day, hour } = calendar.splitHours(at, at + 1)[0] as { day: string; hour: number };
    increments.push({ guildId, userId, day, ms: 0, messages: 1 });
    slices.push({ guildId, userId, channelId, day, hour, ms: 0, messages: 1 });
  }
  return { increments, slices };
}

/** @internal One minute (or message) of reference activity, placed on the wall clock by Intl. */
export interface ReferenceUnit {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly day: string;
  readonly hour: number;
  readonly ms: number;
  readonly messages: number;
}

/** @internal The raw activity minute by minute, each placed by Intl on the zone's wall clock. */
export function referenceUnits(
  sessions: readonly RawSession[],
  messages: readonly RawMessage[],
  timeZone: string,
): ReferenceUnit[] {
  const clock = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
  });
  const place = (at: number) => {
    const parts = Object.fromEntries(clock.formatToParts(at).map((part) => [part.type, part.value]));
    return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
  };
  const units: ReferenceUnit[] = [];
  for (const { guildId, userId, channelId, start, minutes } of sessions) {
    for (let minute = 0; minute < minutes; minute += 1) {
      units.push({ guildId, userId, channelId, ...place(start + minute * MINUTE), ms: MINUTE, messages: 0 });
    }
  }
  for (const { guildId, userId, channelId, at } of messages) {
    units.push({ guildId, userId, channelId, ...place(at), ms: 0, messages: 1 });
  }
  return units;
}

/** @internal Sums units by a key, dropping sums of nothing. */
export function sumBy<K extends string>(
  units: readonly ReferenceUnit[],
  keyOf: (unit: ReferenceUnit) => K | undefined,
): Map<K, { ms: number; messages: number }> {
  const sums = new Map<K, { ms: number; messages: number }>();
  for (const unit of units) {
    const key = keyOf(unit);
    if (key === undefined) continue;
    const sum = sums.get(key) ?? { ms: 0, messages: 0 };
    sum.ms += unit.ms;
    sum.messages += unit.messages;
    sums.set(key, sum);
  }
  return sums;
}
