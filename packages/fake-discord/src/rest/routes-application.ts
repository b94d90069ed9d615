import type { APIUser } from 'discord-api-types/v10';
import { discordError, notFound, type Router } from './router.ts';
import type { RouteDeps } from './routes.ts';

/** @internal Gateway discovery, the bot user, the application and its commands. */
export function addApplicationRoutes(
  router: Router,
  { state, gatewayUrl, recommendedShards, maxConcurrency }: RouteDeps,
): void {
  const gatewayInfo = () => ({
    url: gatewayUrl(),
    shards: recommendedShards,
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: maxConcurrency },
  });
  // The person who made the application in the developer portal: made when first asked for.
  let developer: APIUser | undefined;
  router
    .add('GET', '/gateway/bot', () => ({ status: 200, body: gatewayInfo() }))
    .add('GET', '/gateway', () => ({ status: 200, body: { url: gatewayUrl() } }))
    // The bot's own user, or the user whose OAuth2 token asks, with the fields only they see.
    .add('GET', '/users/@me', ({ caller }) => ({
      status: 200,
      body: {
        ...(caller === undefined ? state.bot : state.users.get(caller.userId)),
        mfa_enabled: false,
        locale: 'en-US',
        verified: true,
        email: null,
      },
    }))
    .add('GET', '/users/:user', ({ params }) => {
      const user = state.users.get(params.user ?? '');
      return user === undefined ? notFound('User', 10013) : { status: 200, body: user };
    })
    .add('GET', '/applications/@me', () => {
      developer ??= state.addUser(`${state.bot.username}-developer`);
      return {
        status: 200,
        body: {
          id: state.bot.id,
          name: state.bot.username,
          icon: null,
          description: '',
          summary: '',
          type: null,
          bot_public: true,
          bot_require_code_grant: false,
          flags: 0,
          flags_new: '0',
          bot: state.bot,
          owner: developer,
          team: null,
          verify_key: '0'.repeat(64),
          redirect_uris: [],
          interactions_endpoint_url: null,
          role_connections_verification_url: null,
          approximate_guild_count: state.guilds.size,
          approximate_user_install_count: 0,
          approximate_user_authorization_count: 0,
          explicit_content_filter: 0,
          eligible_oauth2_scopes: ['applications.commands', 'bot'],
          hook: true,
          is_monetized: false,
          integration_types_config: { 0: {} },
        },
      };
    });

  const scopeOf = (params: Record<string, string>) => params.guild ?? 'global';
  const commandsOf = (scope: string) => {
    let commands = state.commands.get(scope);
    if (commands === undefined) {
      commands = new Map();
      state.commands.set(scope, commands);
    }
    return commands;
  };
  const toCommand = (scope: string, body: Record<string, unknown>, id = state.ids.next()) =>
    ({
      id,
      application_id: state.bot.id,
      version: state.ids.next(),
      type: 1,
      description: '',
      options: [],
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      name_localizations: null,
      description_localizations: null,
      ...body,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    }) as unknown as Record<string, unknown> & { id: string; name: string };
  const invalid = (body: Record<string, unknown>) =>
    typeof body.name !== 'string' ||
    !/^[-_\p{L}\p{N}]{1,32}$/u.test(body.name) ||
    body.name !== body.name.toLowerCase();

  for (const base of ['/applications/:application/commands', '/applications/:application/guilds/:guild/commands']) {
    router
      .add('GET', base, ({ params }) => ({ status: 200, body: [...commandsOf(scopeOf(params)).values()] }))
      .add('PUT', base, ({ params, body }) => {
        const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
        const bad = list.findIndex(invalid);
        if (bad !== -1)
          return discordError(400, 50035, 'Invalid Form Body', {
            [bad]: {
              name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] },
            },
          });
        const scope = scopeOf(params);
        const commands = commandsOf(scope);
        const existing = new Map([...commands.values()].map((command) => [command.name, command.id]));
        commands.clear();
        for (const entry of list) {
          const command = toCommand(scope, entry, existing.get(entry.name as string));
          commands.set(command.id, command);
        }
        return { status: 200, body: [...commands.values()] };
      })
      .add('POST', base, ({ params, body }) => {
        if (invalid(body)) return discordError(400, 50035, 'Invalid Form Body');
        const scope = scopeOf(params);
        const commands = commandsOf(scope);
        const same = [...commands.values()].find((command) => command.name === body.name);
        const command = toCommand(scope, body, same?.id);
        commands.set(command.id, command);
        return { status: same === undefined ? 201 : 200, body: command };
      })
      .add('DELETE', `${base}/:command`, ({ params }) =>
        commandsOf(scopeOf(params)).delete(params.command ?? '')
          ? { status: 204 }
          : notFound('application command', 10063),
      );
  }
}
