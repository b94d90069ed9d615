import type { VoiceChannelRef } from '@guildkit/core';

/** Changes a chunk holds: one slice of the activity log's work (a few milliseconds to log). */
export const CHUNK = 2_000;

/**
 * @internal One chunk of voice changes, column by column, with room for {@link CHUNK}: made once,
 * filled in place (no object per change, no array grown and copied as a burst goes on), and
 * dropped whole once logged.
 */
export class VoiceChangeChunk {
  readonly at = new Float64Array(CHUNK);
  readonly guildId = new Array<string>(CHUNK);
  readonly userId = new Array<string>(CHUNK);
  /** The channel before; `undefined` for a join. */
  readonly before = new Array<VoiceChannelRef | undefined>(CHUNK);
  /** The channel after; `null` for a leave. */
  readonly after = new Array<VoiceChannelRef | null>(CHUNK);
  length = 0;
}

/**
 * @internal The voice changes noted and not yet logged, oldest first: a queue of chunks. Noting a
 * change costs a few stores into arrays made beforehand.
 */
export class VoiceChanges {
  readonly #chunks: VoiceChangeChunk[] = [];
  #waiting = 0;

  /** Changes waiting. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Notes a change. */
  add(
    at: number,
    guildId: string,
    userId: string,
    before: VoiceChannelRef | undefined,
    after: VoiceChannelRef | null,
  ): void {
    let chunk = this.#chunks.at(-1);
    if (chunk === undefined || chunk.length === CHUNK) {
      chunk = new VoiceChangeChunk();
      this.#chunks.push(chunk);
    }
    const index = chunk.length;
    chunk.at[index] = at;
    chunk.guildId[index] = guildId;
    chunk.userId[index] = userId;
    chunk.before[index] = before;
    chunk.after[index] = after;
    chunk.length = index + 1;
    this.#waiting += 1;
  }

  /** The oldest chunk, taken off the queue; `undefined` when nothing waits. */
  take(): VoiceChangeChunk | undefined {
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) this.#waiting -= chunk.length;
    return chunk;
  }
}
