import type {
  ApplicationCommandData,
  ApplicationCommandDataResolvable,
  Client,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { guildkitCommandData } from './command-data.ts';
import type { GuildkitCommand } from './guildkit-command.ts';

/**
 * Options of {@link registerCommands}.
 *
 * @example Two commands, on one guild
 * ```ts
 * const options: RegisterCommandsOptions = { guildId: '1100000000000000001', commands: guildkit.commands.filter((c) => c.name !== 'job') };
 * ```
 */
export interface RegisterCommandsOptions {
  /** The guild to register on (the commands appear at once there); left out, they are registered globally. */
  readonly guildId?: string;
  /** The commands, as `guildkit.commands` or bodies. @defaultValue all of guildkit's, with the built-in languages */
  readonly commands?: readonly (GuildkitCommand | RESTPostAPIChatInputApplicationCommandsJSONBody)[];
}

/**
 * What {@link registerCommands} did, by command name.
 *
 * @example
 * ```ts
 * const { created, updated, unchanged }: RegisteredCommands = await registerCommands(client);
 * ```
 */
export interface RegisteredCommands {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Registers guildkit's commands beside the application's others, never deleting or changing a
 * command that is not one of them: it reads what is registered in that scope, and creates or
 * updates only the given commands that are missing or differ (Discord counts command creations
 * per day; unchanged ones cost nothing). On one guild the commands appear at once; globally, in
 * every guild the bot is in.
 *
 * @param client - a logged-in client
 *
 * @example On ready, in one guild
 * ```ts
 * import { registerCommands } from '@guildkit/discord';
 *
 * client.once(Events.ClientReady, (ready) => registerCommands(ready, { guildId: process.env.GUILD_ID }));
 * ```
 */
export async function registerCommands(
  client: Client<true>,
  options: RegisterCommandsOptions = {},
): Promise<RegisteredCommands> {
  const { guildId } = options;
  const bodies = (options.commands ?? guildkitCommandData()).map((command) =>
    'execute' in command ? command.data.toJSON() : command,
  );
  const manager = client.application.commands;
  const existing = guildId === undefined ? await manager.fetch() : await manager.fetch({ guildId });
  const done = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const body of bodies) {
    const same = existing.find((command) => command.name === body.name);
    // A body as Discord takes it is one of the shapes discord.js compares and sends as it is.
    const data = body as unknown as ApplicationCommandDataResolvable & ApplicationCommandData;
    if (same?.equals(data) === true) {
      done.unchanged.push(body.name);
      continue;
    }
    await (guildId === undefined ? manager.create(data) : manager.create(data, guildId));
    (same === undefined ? done.created : done.updated).push(body.name);
  }
  return done;
}
