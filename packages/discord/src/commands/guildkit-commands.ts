import type { ChatInputCommandInteraction } from 'discord.js';
import type { Runtime } from '../guildkit/runtime.ts';
import type { GuildkitStrings } from '../i18n/guildkit-strings.ts';
import { answerActivity } from './activity-command.ts';
import { type GuildkitCommandName, guildkitCommandData } from './command-data.ts';
import { encodable, type GuildkitCommand } from './guildkit-command.ts';
import { answerJob } from './job-command.ts';
import { apologise, replyPrivately } from './reply.ts';
import { answerReport } from './report-command.ts';
import { answerRoles } from './roles-command.ts';
import { answerSettings } from './settings-command.ts';

type Answer = (interaction: ChatInputCommandInteraction, strings: GuildkitStrings, runtime: Runtime) => Promise<void>;

const ANSWERS: Readonly<Record<GuildkitCommandName, Answer>> = {
  activity: answerActivity,
  job: answerJob,
  report: answerReport,
  roles: answerRoles,
  settings: answerSettings,
};

/** @internal guildkit's commands on a runtime: each answers in the member's language and never rejects. */
export function buildCommands(names: readonly GuildkitCommandName[], runtime: Runtime): GuildkitCommand[] {
  const bodies = guildkitCommandData(names, runtime.translations);
  return names.map((name, index) => ({
    name,
    data: encodable(bodies[index] as (typeof bodies)[number]),
    execute: (interaction) => execute(name, interaction, runtime),
  }));
}

async function execute(
  name: GuildkitCommandName,
  interaction: ChatInputCommandInteraction,
  runtime: Runtime,
): Promise<void> {
  if (!interaction.inGuild()) return; // guild-only commands: Discord offers them nowhere else
  const strings = runtime.translations.strings(interaction.locale);
  const who = { name, guildId: interaction.guildId, userId: interaction.user.id };
  try {
    const subcommand = interaction.options.getSubcommand(false);
    const key = `${who.guildId}:${who.userId}:${name}:${subcommand ?? ''}`;
    const waitMs = runtime.cooldowns?.tryTake(key).retryAfterMs ?? 0;
    if (waitMs > 0) {
      await replyPrivately(interaction, strings.replies.cooldown(Math.ceil(waitMs / 1000)));
      runtime.answered({ ...who, outcome: 'cooldown' });
      return;
    }
    await ANSWERS[name](interaction, strings, runtime);
    runtime.answered({ ...who, outcome: 'answered' });
  } catch (error) {
    runtime.failed(error, { step: `command:${name}`, guildId: who.guildId });
    runtime.answered({ ...who, outcome: 'failed' });
    await apologise(interaction, strings.replies.failed);
  }
}
