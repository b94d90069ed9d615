import type { MessageRecord } from '../state/fake-state.ts';
import { createMessage, editMessage } from '../state/messages.ts';
import { INTERACTION_DEADLINES, type PendingInteraction } from './interactions.ts';
import { attachmentsOf, checkMessageBody } from './message-rules.ts';
import { discordError, notFound, type RouteResult, type Router } from './router.ts';
import type { RouteDeps } from './routes.ts';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
// Which callback types Discord accepts for each kind of interaction.
const ALLOWED_TYPES: Readonly<Record<2 | 3, readonly number[]>> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9] };

/** @internal Interaction callbacks, follow-ups and edits of the original response. */
export function addInteractionRoutes(router: Router, deps: RouteDeps): void {
  const { state, dispatch, interactions } = deps;
  const send = (
    interaction: PendingInteraction,
    body: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => {
    const ephemeral = ((body.flags as number | undefined) ?? 0) & EPHEMERAL;
    const message = createMessage(
      state,
      interaction.channelId,
      body,
      state.bot,
      {
        interaction_metadata: {
          id: interaction.id,
          type: interaction.kind,
          user: state.users.get(interaction.userId),
          // Installed to the guild: the guild's id under GUILD_INSTALL (0), as in the interaction.
          authorizing_integration_owners: { 0: interaction.guildId },
          ...(interaction.sourceMessageId === null ? {} : { interacted_message_id: interaction.sourceMessageId }),
        },
        webhook_id: state.bot.id,
        application_id: state.bot.id,
        ...extra,
      },
      ephemeral === 0,
    );
    // Ephemeral messages are seen by the one user only: bots get no MESSAGE_CREATE for them.
    if (ephemeral === 0) dispatch('MESSAGE_CREATE', message, interaction.guildId);
    return message;
  };
  const live = (token: string | undefined): PendingInteraction | RouteResult => {
    const interaction = interactions.byToken.get(token ?? '');
    if (interaction === undefined || performance.now() - interaction.sentAt > INTERACTION_DEADLINES.tokenMs)
      return notFound('Webhook', 10015);
    return interaction;
  };
  const isResult = (value: PendingInteraction | RouteResult): value is RouteResult => 'status' in value;

  router
    .add('POST', '/interactions/:interaction/:token/callback', ({ params, body, query, files }) => {
      const interaction = interactions.byId.get(params.interaction ?? '');
      if (interaction === undefined || interaction.token !== params.token) return notFound('interaction', 10062);
      if (performance.now() - interaction.sentAt > interaction.firstAnswerMs) return notFound('interaction', 10062);
      if (interaction.response !== undefined)
        return discordError(400, 40060, 'Interaction has already been acknowledged.');
      const type = body.type as number;
      if (!ALLOWED_TYPES[interaction.kind].includes(type)) {
        return discordError(400, 50035, 'Invalid Form Body', {
          type: {
            _errors: [
              { code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${String(type)} is not valid here` },
            ],
          },
        });
      }
      const data = body.data as Record<string, unknown> | undefined;
      if (type === 4 || type === 7) {
        const refused = checkMessageBody(data ?? {}, files, type === 7);
        if (refused !== undefined) return refused;
      }
      const source =
        interaction.sourceMessageId === null
          ? undefined
          : (state.messages.get(interaction.channelId)?.get(interaction.sourceMessageId) ??
            interactions.message(interaction.channelId, interaction.sourceMessageId));
      if (type === 4)
        interaction.original = send(interaction, data ?? {}, { attachments: attachmentsOf(state, files) });
      if (type === 5)
        interaction.original = send(interaction, {
          content: '',
          flags: ((data?.flags as number | undefined) ?? 0) | LOADING,
        });
      if (type === 6) interaction.original = source;
      if (type === 7 && source !== undefined) {
        interaction.original = editMessage(state, source, data ?? {});
        // Only the member sees an ephemeral message: the gateway says nothing of its edits.
        if ((((source.flags as number | undefined) ?? 0) & EPHEMERAL) === 0)
          dispatch('MESSAGE_UPDATE', source, interaction.guildId);
      }
      const message = interaction.original;
      interaction.response = { type, data, message };
      // A deferred answer is final once the reply is edited or a follow-up sent.
      if (type !== 5 && type !== 6) interactions.settle(interaction, message);
      if (query.get('with_response') !== 'true') return { status: 204 };
      return {
        status: 200,
        body: {
          interaction: {
            id: interaction.id,
            type: interaction.kind,
            response_message_id: message?.id ?? null,
            response_message_loading: type === 5,
            response_message_ephemeral: (((message?.flags as number | undefined) ?? 0) & EPHEMERAL) !== 0,
          },
          resource: { type, ...(message === undefined ? {} : { message }) },
        },
      };
    })
    .add('GET', '/webhooks/:application/:token/messages/:message', ({ params }) => {
      const interaction = live(params.token);
      if (isResult(interaction)) return interaction;
      const message = findMessage(interaction, params.message);
      return message === undefined ? notFound('Message', 10008) : { status: 200, body: message };
    })
    .add('PATCH', '/webhooks/:application/:token/messages/:message', ({ params, body, files }) => {
      const interaction = live(params.token);
      if (isResult(interaction)) return interaction;
      const message = findMessage(interaction, params.message);
      if (message === undefined) return notFound('Message', 10008);
      const refused = checkMessageBody(body, files, true);
      if (refused !== undefined) return refused;
      editMessage(state, message, body, attachmentsOf(state, files));
      // An edited deferred reply is no longer loading.
      if (((message.flags as number) & LOADING) !== 0) message.flags = (message.flags as number) & ~LOADING;
      if (((message.flags as number) & EPHEMERAL) === 0) dispatch('MESSAGE_UPDATE', message, interaction.guildId);
      interactions.settle(interaction, message);
      return { status: 200, body: message };
    })
    .add('POST', '/webhooks/:application/:token', ({ params, body, files }) => {
      const interaction = live(params.token);
      if (isResult(interaction)) return interaction;
      if (interaction.response === undefined) return notFound('Webhook', 10015);
      const refused = checkMessageBody(body, files, false);
      if (refused !== undefined) return refused;
      const message = send(interaction, body, { attachments: attachmentsOf(state, files) });
      interaction.followUps.push(message);
      interactions.settle(interaction, message);
      return { status: 200, body: message };
    });
}

function findMessage(interaction: PendingInteraction, id: string | undefined): MessageRecord | undefined {
  return id === '@original' ? interaction.original : interaction.followUps.find((followUp) => followUp.id === id);
}
