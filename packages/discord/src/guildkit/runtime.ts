import type {
  ActivityRoles,
  ActivityTracker,
  ErrorContext,
  GuildkitStore,
  JobBoard,
  RateLimiter,
  ReportGenerator,
} from '@guildkit/core';
import type { Client, PermissionsString } from 'discord.js';
import type { GuildkitCommandName } from '../commands/command-data.ts';
import type { Translations } from '../i18n/translations.ts';
import type { ReportChart } from '../report-render.ts';
import type { GuildkitSettings } from './guild-settings.ts';

/**
 * What happened to one use of a guildkit command: answered, refused by the cooldown, or failed
 * (the member was told; the error is emitted as `error`).
 *
 * @example Counting answers
 * ```ts
 * guildkit.on('command', ({ name, outcome }: CommandOutcome) => metrics.commands.inc({ command: name, outcome }));
 * ```
 */
export interface CommandOutcome {
  readonly name: GuildkitCommandName;
  readonly outcome: 'answered' | 'cooldown' | 'failed';
  readonly guildId: string;
  readonly userId: string;
}

/** @internal What guildkit's commands and features share. */
export interface Runtime {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly translations: Translations;
  readonly now: () => number;
  readonly settings: GuildkitSettings;
  readonly tracker: ActivityTracker | undefined;
  readonly board: JobBoard | undefined;
  readonly roles: ActivityRoles | undefined;
  readonly reports:
    | {
        readonly generator: ReportGenerator;
        readonly permission: PermissionsString;
        readonly chart: ReportChart | undefined;
      }
    | undefined;
  readonly cooldowns: RateLimiter | undefined;
  readonly failed: (error: unknown, context: ErrorContext) => void;
  readonly answered: (outcome: CommandOutcome) => void;
}
