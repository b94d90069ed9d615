import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type Client,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandStrings as s } from './strings.ts';

type Localised = { readonly en: string; readonly ko: string };
// Guild-only commands of a guild-installed app: they never show up in DMs.
const GUILD_ONLY = {
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};
const named = (name: Localised, description: Localised) => ({
  name: name.en,
  name_localizations: { ko: name.ko },
  description: description.en,
  description_localizations: { ko: description.ko },
});

/**
 * guildkit's slash commands as Discord takes them, each with Korean names and descriptions
 * beside the English ones: `/activity` (`/활동`), `/job open|close|list` (`/구직`), `/report` (`/보고서`).
 * `/report` needs Manage Guild by default; the bot checks it itself as well.
 *
 * @returns the command bodies, for `client.application.commands.set(...)`
 *
 * @example Registering on one guild
 * ```ts
 * import { guildkitCommands } from '@guildkit/discord';
 *
 * await client.application?.commands.set(guildkitCommands(), guildId);
 * ```
 */
export function guildkitCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      ...GUILD_ONLY,
      ...named(s.activity.name, s.activity.description),
      options: [
        {
          type: ApplicationCommandOptionType.User,
          required: false,
          ...named(s.activity.member.name, s.activity.member.description),
        },
      ],
    },
    {
      ...GUILD_ONLY,
      ...named(s.job.name, s.job.description),
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          ...named(s.job.open.name, s.job.open.description),
          options: [
            {
              type: ApplicationCommandOptionType.String,
              required: false,
              max_length: 100,
              ...named(s.job.open.title.name, s.job.open.title.description),
            },
            {
              type: ApplicationCommandOptionType.String,
              required: false,
              max_length: 1000,
              ...named(s.job.open.details.name, s.job.open.details.description),
            },
          ],
        },
        { type: ApplicationCommandOptionType.Subcommand, ...named(s.job.close.name, s.job.close.description) },
        { type: ApplicationCommandOptionType.Subcommand, ...named(s.job.list.name, s.job.list.description) },
      ],
    },
    {
      ...GUILD_ONLY,
      ...named(s.report.name, s.report.description),
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          required: false,
          ...named(s.report.period.name, s.report.period.description),
          choices: (['daily', 'weekly', 'monthly'] as const).map((value) => ({
            value,
            name: s.report.period.choices[value].en,
            name_localizations: { ko: s.report.period.choices[value].ko },
          })),
        },
        {
          type: ApplicationCommandOptionType.Role,
          required: false,
          ...named(s.report.role.name, s.report.role.description),
        },
      ],
    },
  ];
}

/**
 * Registers guildkit's commands, replacing the application's others in that scope: on one guild
 * (appears at once; for development and single-community bots) or globally.
 *
 * @param client - a logged-in client
 * @param guildId - the guild to register on; leave it out to register globally
 * @returns how many commands are now registered in that scope
 *
 * @example
 * ```ts
 * import { registerCommands } from '@guildkit/discord';
 *
 * await registerCommands(client, process.env.GUILD_ID);
 * ```
 */
export async function registerCommands(client: Client<true>, guildId?: string): Promise<number> {
  const commands = guildkitCommands();
  const registered =
    guildId === undefined
      ? await client.application.commands.set(commands)
      : await client.application.commands.set(commands, guildId);
  return registered.size;
}
