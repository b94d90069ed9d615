import type { VoiceStateEvent } from '@guildkit/core';

/** @internal A part's way of taking one voice event, such as the tracker's `apply`. */
export type VoiceTaker = (event: VoiceStateEvent) => void;

/**
 * @internal The adapter's voice events on their way to the tracker, the job board and the
 * activity log: taken as the adapter emits them and handed on together once per turn of the
 * event loop (on `setImmediate`, after the gateway's frames of that turn), or at once when
 * {@link VoiceDelivery.deliver} is called, as it is before any other event of the adapter and on
 * close. Every part sees every event, in gateway order, with the time it was stamped with; a
 * part's code runs over a turn's events in a row instead of turn by turn with the others'
 * between discord.js's own, which in a burst is what lets the gateway drain at discord.js's pace
 * (see bench/README). What a part throws is reported and the next event goes on.
 */
export class VoiceDelivery {
  readonly #parts: readonly VoiceTaker[];
  readonly #failed: (error: unknown) => void;
  #waiting: VoiceStateEvent[] = [];
  #scheduled = false;
  readonly #onTurn = () => {
    this.#scheduled = false;
    this.deliver();
  };

  constructor(parts: readonly VoiceTaker[], failed: (error: unknown) => void) {
    this.#parts = parts;
    this.#failed = failed;
  }

  /** Takes an event, to be handed on by the end of this turn of the event loop. */
  take(event: VoiceStateEvent): void {
    this.#waiting.push(event);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#onTurn);
  }

  /** Hands on every event waiting, now. */
  deliver(): void {
    const events = this.#waiting;
    if (events.length === 0) return;
    // Events that come while these are handed on wait for the next delivery.
    this.#waiting = [];
    for (const part of this.#parts) {
      for (let i = 0; i < events.length; i += 1) {
        try {
          part(events[i] as VoiceStateEvent);
        } catch (error) {
          this.#failed(error);
        }
      }
    }
  }
}
