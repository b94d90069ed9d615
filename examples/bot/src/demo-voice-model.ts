import type { VoiceChange } from '@guildkit/fake-discord';

/**
 * The demo's reference for voice time, kept from the events it sends: a member's time counts while
 * they are in a room that is not ignored (the waiting room, the spectators' room, the AFK room)
 * and not deafened, which are the tracker's default rules. The bot's totals must equal it.
 */
export class VoiceModel {
  readonly #ignored: ReadonlySet<string>;
  readonly #members = new Map<string, { channelId: string | null; deaf: boolean; since: number }>();
  readonly #totals = new Map<string, number>();

  constructor(ignoredChannelIds: ReadonlySet<string>) {
    this.#ignored = ignoredChannelIds;
  }

  channelOf(userId: string): string | undefined {
    return this.#members.get(userId)?.channelId ?? undefined;
  }

  apply(change: VoiceChange, at: number): void {
    this.#settle(change.userId, at);
    this.#members.set(change.userId, { channelId: change.channelId, deaf: change.selfDeaf === true, since: at });
  }

  /** Every member's counted time up to `at`, open sessions included. */
  totals(at: number): Map<string, number> {
    for (const userId of this.#members.keys()) this.#settle(userId, at);
    return new Map([...this.#totals].filter(([, ms]) => ms > 0));
  }

  #settle(userId: string, at: number): void {
    const member = this.#members.get(userId);
    if (member === undefined) return;
    if (member.channelId !== null && !member.deaf && !this.#ignored.has(member.channelId))
      this.#totals.set(userId, (this.#totals.get(userId) ?? 0) + at - member.since);
    member.since = at;
  }
}
