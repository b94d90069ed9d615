import { createMessage, editMessage } from '../state/messages.ts';
import type { PendingInteraction } from './interactions.ts';
import { discordError, notFound, type Router } from './router.ts';
import type { RouteDeps } from './routes.ts';

const EPHEMERAL = 1 << 6;

/** @internal Interaction callbacks, follow-ups and edits of the original response. */
export function addInteractionRoutes(router: Router, deps: RouteDeps): void {
  const { state, dispatch, interactions } = deps;
  const send = (interaction: PendingInteraction, body: Record<string, unknown>) => {
    const message = createMessage(state, interaction.channelId, body, state.bot, {
      interaction_metadata: { id: interaction.id, type: 2, user: state.bot, authorizing_integration_owners: {} },
      webhook_id: state.bot.id,
      application_id: state.bot.id,
    });
    // Ephemeral messages are seen by the one user only: bots get no MESSAGE_CREATE for them.
    if (((message.flags as number) & EPHEMERAL) === 0) dispatch('MESSAGE_CREATE', message, interaction.guildId);
    return message;
  };

  router
    .add('POST', '/interactions/:interaction/:token/callback', ({ params, body, query }) => {
      const interaction = interactions.byId.get(params.interaction ?? '');
      if (interaction === undefined || interaction.token !== params.token) return notFound('interaction', 10062);
      if (interaction.response !== undefined)
        return discordError(400, 40060, 'Interaction has already been acknowledged.');
      const type = body.type as number;
      const data = body.data as Record<string, unknown> | undefined;
      if (type === 4) interaction.original = send(interaction, data ?? {});
      if (type === 5)
        interaction.original = send(interaction, {
          content: '',
          flags: ((data?.flags as number | undefined) ?? 0) | (1 << 7),
        });
      if (type === 7 && interaction.sourceMessageId !== null) {
        const source = state.messages.get(interaction.channelId)?.get(interaction.sourceMessageId);
        if (source !== undefined) {
          interaction.original = editMessage(state, source, data ?? {});
          dispatch('MESSAGE_UPDATE', source, interaction.guildId);
        }
      }
      const message = interaction.original;
      interaction.response = { type, data, message };
      interaction.resolve(interaction.response);
      if (query.get('with_response') !== 'true') return { status: 204 };
      return {
        status: 200,
        body: {
          interaction: {
            id: interaction.id,
            type: 2,
            response_message_id: message?.id ?? null,
            response_message_loading: type === 5,
            response_message_ephemeral: (((message?.flags as number | undefined) ?? 0) & EPHEMERAL) !== 0,
          },
          resource: { type, ...(message === undefined ? {} : { message }) },
        },
      };
    })
    .add('GET', '/webhooks/:application/:token/messages/@original', ({ params }) => {
      const original = interactions.byToken.get(params.token ?? '')?.original;
      return original === undefined ? notFound('Message', 10008) : { status: 200, body: original };
    })
    .add('PATCH', '/webhooks/:application/:token/messages/:message', ({ params, body }) => {
      const interaction = interactions.byToken.get(params.token ?? '');
      if (interaction === undefined) return notFound('Webhook', 10015);
      const message =
        params.message === '@original'
          ? interaction.original
          : interaction.followUps.find((followUp) => followUp.id === params.message);
      if (message === undefined) return notFound('Message', 10008);
      editMessage(state, message, body);
      if (((message.flags as number) & EPHEMERAL) === 0) dispatch('MESSAGE_UPDATE', message, interaction.guildId);
      return { status: 200, body: message };
    })
    .add('POST', '/webhooks/:application/:token', ({ params, body }) => {
      const interaction = interactions.byToken.get(params.token ?? '');
      if (interaction === undefined) return notFound('Webhook', 10015);
      if (interaction.response === undefined) return notFound('Webhook', 10015);
      const message = send(interaction, body);
      interaction.followUps.push(message);
      return { status: 200, body: message };
    });
}
