import type { VoiceStateEvent } from '../events/voice-events.ts';

/**
 * @internal Restores of one guild, one at a time, and the voice events that arrive while one is
 * under way: they are newer than the snapshot being restored, so they are held and applied after.
 */
export class RestoreQueue {
  readonly #byGuild = new Map<string, { readonly run: Promise<void>; readonly held: VoiceStateEvent[] }>();

  /** Holds an event of a guild being restored; whether it did. */
  hold(event: VoiceStateEvent): boolean {
    const restoring = this.#byGuild.get(event.guildId);
    restoring?.held.push(event);
    return restoring !== undefined;
  }

  /** Runs `restore` after the guild's earlier ones, then hands the events held meanwhile to `replay`. */
  run(guildId: string, restore: () => Promise<void>, replay: (event: VoiceStateEvent) => void): Promise<void> {
    const previous = this.#byGuild.get(guildId)?.run ?? Promise.resolve();
    const run: Promise<void> = previous
      .catch(() => {})
      .then(restore)
      .finally(() => {
        const current = this.#byGuild.get(guildId);
        if (current?.run !== run) return; // a newer restore takes the held events
        this.#byGuild.delete(guildId);
        for (const event of current.held) replay(event);
      });
    // Events before this call are in the snapshot being restored: only later ones are held.
    this.#byGuild.set(guildId, { run, held: [] });
    return run;
  }
}
