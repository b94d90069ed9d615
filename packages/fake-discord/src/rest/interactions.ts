import type { MessageRecord } from '../state/fake-state.ts';

/**
 * The bot's first answer to an interaction a driver sent: the callback's type and data, and the
 * message it made, if any.
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
  /** The message the callback created or updated, if any. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
}

/** @internal An interaction the fake sent, waiting for or holding the bot's answers. */
export interface PendingInteraction {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  /** The message a component was on, for type 7 updates. */
  readonly sourceMessageId: string | null;
  response: InteractionResponse | undefined;
  original: MessageRecord | undefined;
  readonly followUps: MessageRecord[];
  readonly resolve: (response: InteractionResponse) => void;
}

/** @internal Interactions by id and by token. */
export class InteractionBook {
  readonly byId = new Map<string, PendingInteraction>();
  readonly byToken = new Map<string, PendingInteraction>();

  add(interaction: PendingInteraction): void {
    this.byId.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
  }
}
