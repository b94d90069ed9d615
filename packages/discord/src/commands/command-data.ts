import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandText, GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { Translations } from '../i18n/translations.ts';
import { rolesCommandBody } from './roles-command.ts';
import { settingsCommandBody } from './settings-command.ts';

/**
 * The names of guildkit's slash commands, by their base (English) name.
 *
 * @example
 * ```ts
 * const name: GuildkitCommandName = 'report';
 * ```
 */
export type GuildkitCommandName = 'activity' | 'job' | 'report' | 'roles' | 'settings';

/** @internal Every guildkit command, in the order they are offered. */
export const GUILDKIT_COMMAND_NAMES: readonly GuildkitCommandName[] = [
  'activity',
  'job',
  'report',
  'roles',
  'settings',
];

type CommandBody = RESTPostAPIChatInputApplicationCommandsJSONBody;
const DISCORD_LOCALES: readonly string[] = Object.values(Locale);

// Guild-only commands of a guild-installed app: they never show up in DMs.
const GUILD_ONLY = {
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

/**
 * guildkit's slash commands as Discord takes them: each named in English, with names and
 * descriptions in every other language the translations have (Korean built in): `/activity`
 * (`/활동`), `/job open|close|list` (`/구직`), `/report` (`/보고서`, Manage Server by default; the
 * bot checks it itself as well).
 *
 * @param names - which commands, all three by default
 * @param translations - the languages, built-in ones by default
 * @returns the command bodies, for `client.application.commands.create(...)`
 *
 * @example The bodies of two commands, for a deploy script
 * ```ts
 * import { guildkitCommandData } from '@guildkit/discord';
 *
 * const bodies = guildkitCommandData(['activity', 'report']);
 * ```
 */
export function guildkitCommandData(
  names: readonly GuildkitCommandName[] = GUILDKIT_COMMAND_NAMES,
  translations: Translations = new Translations(),
): CommandBody[] {
  const base = translations.strings('en');
  // Languages whose command texts are all English's (a language that changed other strings only) add nothing.
  const english = JSON.stringify(base.commands);
  const others = new Map(
    [...translations.localizations(DISCORD_LOCALES)].filter(
      ([, strings]) => JSON.stringify(strings.commands) !== english,
    ),
  );
  const named = (pick: (strings: GuildkitStrings) => CommandText) => {
    const nameLocalizations: Record<string, string> = {};
    const descriptionLocalizations: Record<string, string> = {};
    for (const [locale, strings] of others) {
      nameLocalizations[locale] = pick(strings).name;
      descriptionLocalizations[locale] = pick(strings).description;
    }
    return {
      name: pick(base).name,
      description: pick(base).description,
      ...(others.size === 0
        ? {}
        : { name_localizations: nameLocalizations, description_localizations: descriptionLocalizations }),
    };
  };
  const localized = <V extends string | number>(
    value: V,
    pick: (strings: GuildkitStrings, locale: string) => string,
  ) => ({
    value,
    name: pick(base, 'en'),
    ...(others.size === 0
      ? {}
      : {
          name_localizations: Object.fromEntries(
            [...others].map(([locale, strings]) => [locale, pick(strings, locale)]),
          ),
        }),
  });
  const choice = (value: 'daily' | 'weekly' | 'monthly' | 'last7' | 'last30') =>
    localized(value, (strings) => strings.commands.report.period.choices[value]);
  const bodies: Record<GuildkitCommandName, CommandBody> = {
    activity: {
      ...GUILD_ONLY,
      ...named((s) => s.commands.activity),
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          ...named((s) => s.commands.activity.show),
          options: [
            { type: ApplicationCommandOptionType.User, required: false, ...named((s) => s.commands.activity.member) },
          ],
        },
        { type: ApplicationCommandOptionType.Subcommand, ...named((s) => s.commands.activity.data) },
        {
          type: ApplicationCommandOptionType.Subcommand,
          ...named((s) => s.commands.activity.forget),
          options: [
            { type: ApplicationCommandOptionType.User, required: false, ...named((s) => s.commands.activity.member) },
          ],
        },
      ],
    },
    job: {
      ...GUILD_ONLY,
      ...named((s) => s.commands.job),
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          ...named((s) => s.commands.job.open),
          options: [
            {
              type: ApplicationCommandOptionType.String,
              required: false,
              max_length: 100,
              ...named((s) => s.commands.job.open.title),
            },
            {
              type: ApplicationCommandOptionType.String,
              required: false,
              max_length: 1000,
              ...named((s) => s.commands.job.open.details),
            },
          ],
        },
        { type: ApplicationCommandOptionType.Subcommand, ...named((s) => s.commands.job.close) },
        { type: ApplicationCommandOptionType.Subcommand, ...named((s) => s.commands.job.list) },
      ],
    },
    report: {
      ...GUILD_ONLY,
      ...named((s) => s.commands.report),
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          required: false,
          ...named((s) => s.commands.report.period),
          choices: (['daily', 'weekly', 'monthly', 'last7', 'last30'] as const).map(choice),
        },
        { type: ApplicationCommandOptionType.Role, required: false, ...named((s) => s.commands.report.role) },
      ],
    },
    roles: { ...GUILD_ONLY, ...rolesCommandBody(named, localized) },
    settings: { ...GUILD_ONLY, ...settingsCommandBody(named, localized, translations) } as CommandBody,
  };
  return names.map((name) => {
    const body = bodies[name];
    if (body === undefined) throw new TypeError(`guildkit has no command named "${String(name)}"`);
    return body;
  });
}
