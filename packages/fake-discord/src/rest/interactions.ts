import type { MessageRecord } from '../state/fake-state.ts';

/**
 * The bot's answer to an interaction a driver sent: the first callback's type and data, and the
 * message it made. A deferred answer (type 5 or 6) is final once the bot edits its reply or sends a
 * follow-up: `message` is then that final message.
 *
 * @example Checking an ephemeral reply
 * ```ts
 * const response: InteractionResponse = await fake.useSlashCommand({ guildId, channelId, userId, name: 'ping' });
 * response.type; // 4: a message
 * ((response.data?.flags as number) & 64) !== 0; // ephemeral
 * ```
 */
export interface InteractionResponse {
  /** The callback type: 4 a message, 5 deferred, 6 deferred update, 7 update, 9 modal. */
  readonly type: number;
  /** The callback's data as the bot sent it. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
  /** The message the answer created or updated, as it is once final, if any. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
}

/** @internal An interaction the fake sent, waiting for or holding the bot's answers. */
export interface PendingInteraction {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  /** The member who used the command or pressed the button. */
  readonly userId: string;
  /** 2 for a slash command, 3 for a component. */
  readonly kind: 2 | 3;
  /** The message a component was on, for type 6 and 7 answers. */
  readonly sourceMessageId: string | null;
  /** When it was sent, by the real clock (`performance.now()`), for Discord's deadlines. */
  readonly sentAt: number;
  /** How long the first answer may take, in milliseconds (Discord: 3,000). */
  readonly firstAnswerMs: number;
  response: InteractionResponse | undefined;
  /** The message the first answer created or updated; ephemeral ones live only here. */
  original: MessageRecord | undefined;
  readonly followUps: MessageRecord[];
  /** Whether the driver's promise has its final answer (or was rejected). */
  settled: boolean;
  readonly resolve: (response: InteractionResponse) => void;
  readonly reject: (error: Error) => void;
}

/** @internal Discord's deadlines: 3 s for the first answer, 15 min for follow-ups and edits. */
export const INTERACTION_DEADLINES = { firstAnswerMs: 3_000, tokenMs: 15 * 60_000 } as const;

/** @internal Interactions by id and by token. */
export class InteractionBook {
  readonly byId = new Map<string, PendingInteraction>();
  readonly byToken = new Map<string, PendingInteraction>();

  add(interaction: PendingInteraction): void {
    const { firstAnswerMs } = interaction;
    this.byId.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
    // As Discord: no first answer in time and the member sees "The application did not respond".
    const timer = setTimeout(() => {
      if (interaction.response === undefined) {
        interaction.settled = true;
        interaction.reject(
          new Error(`the bot did not answer interaction ${interaction.id} within ${firstAnswerMs} ms`),
        );
      }
    }, firstAnswerMs);
    timer.unref();
  }

  /**
   * A message an interaction's answer made, by id: ephemeral ones are in no channel's messages,
   * yet members press their buttons all the same.
   */
  message(channelId: string, messageId: string): MessageRecord | undefined {
    for (const interaction of this.byId.values()) {
      if (interaction.channelId !== channelId) continue;
      for (const message of [interaction.original, ...interaction.followUps])
        if (message?.id === messageId) return message;
    }
    return undefined;
  }

  /** Rejects every interaction still waiting for its (final) answer: the fake is closing. */
  rejectPending(): void {
    for (const interaction of this.byId.values()) {
      if (interaction.settled) continue;
      interaction.settled = true;
      interaction.reject(new Error('the fake Discord closed before the bot answered'));
    }
  }

  /** Gives the driver's promise its final answer, once. */
  settle(interaction: PendingInteraction, message: MessageRecord | undefined): void {
    if (interaction.settled || interaction.response === undefined) return;
    interaction.settled = true;
    interaction.resolve({ ...interaction.response, message });
  }
}
