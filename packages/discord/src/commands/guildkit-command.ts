import type {
  ChatInputCommandInteraction,
  JSONEncodable,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { GuildkitCommandName } from './command-data.ts';

/**
 * A command's body as Discord takes it, which also has `toJSON()`, as discord.js's
 * `SlashCommandBuilder` does: a deploy script written after the discord.js guide
 * (`commands.push(command.data.toJSON())`) takes guildkit's commands as they are.
 *
 * @example
 * ```ts
 * const body = command.data.toJSON();
 * console.log(command.data.name); // 'activity'
 * ```
 */
export type GuildkitCommandData = RESTPostAPIChatInputApplicationCommandsJSONBody &
  JSONEncodable<RESTPostAPIChatInputApplicationCommandsJSONBody>;

/**
 * One of guildkit's slash commands in the shape the discord.js guide uses, `{ data, execute }`, so
 * that it sits in a bot's own command collection beside the bot's commands. `execute` answers the
 * interaction in the member's language, checks permissions and cooldowns itself, and never rejects:
 * a failure is answered with a short apology and emitted as guildkit's `error` event.
 *
 * @example A bot's own dispatcher, with commands.answer set to false
 * ```ts
 * const commands = new Collection<string, { execute(interaction: ChatInputCommandInteraction): Promise<void> }>();
 * for (const command of guildkit.commands) commands.set(command.data.name, command);
 * client.on(Events.InteractionCreate, async (interaction) => {
 *   if (interaction.isChatInputCommand()) await commands.get(interaction.commandName)?.execute(interaction);
 * });
 * ```
 */
export interface GuildkitCommand {
  readonly name: GuildkitCommandName;
  readonly data: GuildkitCommandData;
  execute(interaction: ChatInputCommandInteraction): Promise<void>;
}

/** @internal A body with `toJSON()`, as a builder has. */
export function encodable(body: RESTPostAPIChatInputApplicationCommandsJSONBody): GuildkitCommandData {
  const data = { ...body };
  Object.defineProperty(data, 'toJSON', { value: () => body, enumerable: false });
  return data as GuildkitCommandData;
}
