import type { LogLevel, LogRecord } from '../storage/log-store.ts';

/** @internal The levels in order, lowest first: a lane each. */
export const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
/** A level's lane: its place in {@link LEVELS}. */
const LANE = Object.fromEntries(LEVELS.map((level, index) => [level, index])) as Readonly<Record<LogLevel, number>>;

/** One level's records, oldest first, with the order they were logged in. */
class Lane {
  records: LogRecord[] = [];
  order: number[] = [];
  head = 0;

  get size(): number {
    return this.records.length - this.head;
  }

  shift(): LogRecord {
    const record = this.records[this.head] as LogRecord;
    this.records[this.head] = undefined as unknown as LogRecord;
    this.head += 1;
    if (this.head === this.records.length) {
      this.records = [];
      this.order = [];
      this.head = 0;
    } else if (this.head >= 1_024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head);
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return record;
  }
}

/**
 * @internal A sink's waiting records, one lane per level, so that the oldest record of the lowest
 * level is dropped first in O(1) when the buffer is full, and batches still come out in the order
 * the records were logged.
 */
export class LevelLanes {
  readonly #lanes = LEVELS.map(() => new Lane());
  #size = 0;
  #next = 0;

  get size(): number {
    return this.#size;
  }

  push(record: LogRecord): void {
    const lane = this.#lanes[LANE[record.level]] as Lane;
    lane.records.push(record);
    lane.order.push(this.#next++);
    this.#size += 1;
  }

  /** Drops the oldest record of the lowest level there is, and returns it. */
  dropLowest(): LogRecord | undefined {
    for (const lane of this.#lanes) {
      if (lane.size === 0) continue;
      this.#size -= 1;
      return lane.shift();
    }
    return undefined;
  }

  /** Takes up to `count` records, oldest first across the levels. */
  take(count: number): LogRecord[] {
    const taken: LogRecord[] = [];
    while (taken.length < count && this.#size > 0) {
      let oldest: Lane | undefined;
      for (const lane of this.#lanes) {
        if (
          lane.size > 0 &&
          (oldest === undefined || (lane.order[lane.head] as number) < (oldest.order[oldest.head] as number))
        )
          oldest = lane;
      }
      taken.push((oldest as Lane).shift());
      this.#size -= 1;
    }
    return taken;
  }
}
