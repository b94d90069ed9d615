/**
 * The start of Discord's snowflake clock: 2015-01-01T00:00:00Z in epoch milliseconds.
 *
 * @example The epoch as a date
 * ```ts
 * import { DISCORD_EPOCH_MS } from '@guildkit/fake-discord';
 *
 * new Date(DISCORD_EPOCH_MS).toISOString(); // '2015-01-01T00:00:00.000Z'
 * ```
 */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

/**
 * Options of {@link SnowflakeGenerator}; all optional.
 *
 * @example A generator on a fixed clock
 * ```ts
 * const options: SnowflakeGeneratorOptions = { now: () => Date.parse('2026-11-25T12:00:00Z') };
 * ```
 */
export interface SnowflakeGeneratorOptions {
  /**
   * The clock, in epoch milliseconds.
   * @defaultValue Date.now
   */
  readonly now?: () => number;
  /**
   * The 5-bit worker id embedded in every id, 0 to 31.
   * @defaultValue 1
   */
  readonly workerId?: number;
}

/**
 * Mints Discord snowflakes as Discord does: milliseconds since {@link DISCORD_EPOCH_MS}, a worker
 * id and a per-millisecond counter. Ids from one generator are unique and strictly increasing,
 * even past 4,096 ids in one millisecond or when the clock steps back.
 *
 * @example Minting ids and reading their time
 * ```ts
 * import { SnowflakeGenerator } from '@guildkit/fake-discord';
 *
 * const ids = new SnowflakeGenerator();
 * const guildId = ids.next(); // '1311043521418186752', say
 * SnowflakeGenerator.timestampOf(guildId); // when it was made, epoch ms
 * ```
 */
export class SnowflakeGenerator {
  readonly #now: () => number;
  readonly #workerBits: bigint;
  #lastMs = -1;
  #increment = 0;

  public constructor(options: SnowflakeGeneratorOptions = {}) {
    const workerId = options.workerId ?? 1;
    if (!Number.isInteger(workerId) || workerId < 0 || workerId > 31) {
      throw new TypeError(
        `SnowflakeGeneratorOptions.workerId must be a whole number from 0 to 31; received ${workerId}`,
      );
    }
    this.#now = options.now ?? Date.now;
    this.#workerBits = BigInt(workerId) << 17n;
  }

  /** The next id, as the decimal string Discord sends. */
  public next(): string {
    const now = Math.max(this.#now(), DISCORD_EPOCH_MS);
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#increment = 0;
    } else if (this.#increment === 0xfff) {
      // 4,096 ids in one millisecond (or a clock that went back): borrow the next millisecond.
      this.#lastMs += 1;
      this.#increment = 0;
    } else {
      this.#increment += 1;
    }
    return ((BigInt(this.#lastMs - DISCORD_EPOCH_MS) << 22n) | this.#workerBits | BigInt(this.#increment)).toString();
  }

  /**
   * When a snowflake was made, in epoch milliseconds.
   *
   * @param snowflake - any Discord id
   */
  public static timestampOf(snowflake: string): number {
    return Number(BigInt(snowflake) >> 22n) + DISCORD_EPOCH_MS;
  }
}
