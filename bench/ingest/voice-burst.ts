// The voice updates of a burst: members joining, moving and leaving rooms, with now and then a
// mute, as a busy evening looks. Reproducible: the same seed gives the same burst.
import type { VoiceChange } from '@guildkit/fake-discord';
// The demo's seeded generator: the benchmark runs the same bot, and needs no copy of its own.
import { mulberry32 } from '../../examples/bot/src/demo-community.ts';
import type { CommunityIds } from './community.ts';

/** How a burst's updates divide between kinds (for the README and the report). */
export interface BurstMix {
  joins: number;
  moves: number;
  leaves: number;
  mutes: number;
}

/** The chance that a member picked outside voice joins: 0.4 × 0.3 / 0.7, for 30 % in voice. */
export const JOIN_CHANCE = 0.17;

/**
 * Makes voice updates for one guild, keeping who is in which room so that every update is one a
 * member could make. A member is picked at random: one in voice leaves (40 %), moves to another
 * room (45 %) or toggles self-mute (15 %); one outside voice joins (nine times in ten a counted
 * room, else an ignored one) with a chance of {@link JOIN_CHANCE}, else another member is picked.
 * Joins then balance leaves with about 30 % of the guild in voice, and the updates settle at about
 * 29 % joins, 32 % moves, 29 % leaves and 11 % mutes.
 */
export class VoiceBurst {
  readonly #ids: CommunityIds;
  readonly #random: () => number;
  /** The room index each member is in, `-1` outside voice. */
  readonly #roomOf: Int16Array;
  readonly #muted: Uint8Array;
  readonly mix: BurstMix = { joins: 0, moves: 0, leaves: 0, mutes: 0 };

  /**
   * @param ids - the guild, members and rooms
   * @param seed - the PRNG's seed
   */
  constructor(ids: CommunityIds, seed = 17) {
    this.#ids = ids;
    this.#random = mulberry32(seed);
    this.#roomOf = new Int16Array(ids.memberIds.length).fill(-1);
    this.#muted = new Uint8Array(ids.memberIds.length);
  }

  /** The next update. */
  next(): VoiceChange {
    const { memberIds, roomIds, countedRoomCount, guildId } = this.#ids;
    let member = Math.floor(this.#random() * memberIds.length);
    while (this.#roomOf[member] === -1 && this.#random() >= JOIN_CHANCE)
      member = Math.floor(this.#random() * memberIds.length);
    const userId = memberIds[member] as string;
    const room = this.#roomOf[member] as number;
    const roll = this.#random();
    const anyRoom = () =>
      this.#random() < 0.9
        ? Math.floor(this.#random() * countedRoomCount)
        : countedRoomCount + Math.floor(this.#random() * (roomIds.length - countedRoomCount));
    let next = room;
    if (room === -1) {
      next = anyRoom();
      this.mix.joins += 1;
    } else if (roll < 0.4) {
      next = -1;
      this.mix.leaves += 1;
    } else if (roll < 0.85) {
      while (next === room) next = anyRoom();
      this.mix.moves += 1;
    } else {
      this.#muted[member] = this.#muted[member] === 1 ? 0 : 1;
      this.mix.mutes += 1;
    }
    this.#roomOf[member] = next;
    if (next === -1) this.#muted[member] = 0;
    return {
      guildId,
      userId,
      channelId: next === -1 ? null : (roomIds[next] as string),
      selfMute: this.#muted[member] === 1,
    };
  }
}
