import type {
  ActivityRoles,
  ActivityTracker,
  BatchLogger,
  CloseOptions,
  ErrorContext,
  ForgottenMemberData,
  GuildkitStore,
  JobBoard,
  MemberKey,
  ReportGenerator,
} from '@guildkit/core';
import { type Client, Events } from 'discord.js';
import { EventEmitter } from 'eventemitter3';
import { forgetMember } from '../commands/activity-command.ts';
import type { GuildkitCommand } from '../commands/guildkit-command.ts';
import { type RegisteredCommands, registerCommands } from '../commands/register-commands.ts';
import type { DiscordAdapter } from '../discord-adapter.ts';
import type { ActivityLog } from '../features/activity-log.ts';
import type { ActivityUpkeep } from '../features/activity-upkeep.ts';
import type { AntiSpam } from '../features/anti-spam.ts';
import type { ReportScheduler } from '../features/report-scheduler.ts';
import type { Translations } from '../i18n/translations.ts';
import { build } from './build-parts.ts';
import type { GuildkitSettings } from './guild-settings.ts';
import { DEFAULT_CLOSE, type GuildkitEvents, type GuildkitOptions } from './guildkit-options.ts';
import type { Runtime } from './runtime.ts';
import type { VoiceDelivery } from './voice-delivery.ts';

/**
 * guildkit on a discord.js client: the parts `createGuildkit` made, and one `close()`. Every part
 * stays usable on its own (`tracker.readTotals`, `board.open`, `scheduler.post`, ...).
 *
 * @example Shutting down in order
 * ```ts
 * process.once('SIGTERM', async () => {
 *   await guildkit.close(); // takes no more events, writes what it holds
 *   await client.destroy();
 *   await store.close();
 * });
 * ```
 */
export class Guildkit extends EventEmitter<GuildkitEvents> {
  /** The discord.js client it runs on. */
  public readonly client: Client;
  /** The store everything is kept in (the `store` option). */
  public readonly store: GuildkitStore;
  /** Gateway events as guildkit's events. */
  public readonly adapter: DiscordAdapter;
  /** Voice time; with the activity feature. */
  public readonly tracker: ActivityTracker | undefined;
  /** The job board; with the jobBoard feature. */
  public readonly board: JobBoard | undefined;
  /** Reports computed on demand; with the reports feature. */
  public readonly reports: ReportGenerator | undefined;
  /** Scheduled reports, per guild with a report channel and a schedule; with the reports feature. */
  public readonly scheduler: ReportScheduler | undefined;
  /** The activity log; with the activityLog feature. */
  public readonly activityLog: ActivityLog | undefined;
  /** The anti-spam; with the antiSpam feature. */
  public readonly antiSpam: AntiSpam | undefined;
  /** Activity roles (`activityRoles`): preview, run and resume by hand, beside the schedule. */
  public readonly roles: ActivityRoles | undefined;
  readonly #upkeep: ActivityUpkeep | undefined;
  /** Each guild's settings: in effect (`of`), and changed as `/settings` does (`update`). */
  public readonly settings: GuildkitSettings;
  /** The strings of every language on offer. */
  public readonly translations: Translations;
  /** The commands of the features on, in the discord.js guide's `{ data, execute }` shape. */
  public readonly commands: readonly GuildkitCommand[];
  /**
   * Resolves once the client is ready, the commands are registered (unless `commands.register` is
   * `false`) and the schedules run; rejects if registering fails (also emitted as `error`).
   */
  public readonly ready: Promise<RegisteredCommands | undefined>;
  readonly #client: Client;
  readonly #runtime: Runtime;
  readonly #recordsOnly: BatchLogger | undefined;
  readonly #voice: VoiceDelivery;
  /** Error alerts to a webhook; with the alerts option. Records of the bot's own may go there too. */
  public readonly alerts: BatchLogger | undefined;
  #closing: Promise<void> | undefined;

  /** @internal Use {@link createGuildkit}. */
  public constructor(client: Client, options: GuildkitOptions) {
    super();
    const parts = build(client, options, this);
    this.#client = client;
    this.client = client;
    this.store = options.store;
    this.#runtime = parts.runtime;
    this.adapter = parts.adapter;
    this.tracker = parts.tracker;
    this.board = parts.board;
    this.reports = parts.reports;
    this.scheduler = parts.scheduler;
    this.activityLog = parts.activityLog;
    this.antiSpam = parts.antiSpam;
    this.roles = parts.roles;
    this.#upkeep = parts.upkeep;
    this.translations = parts.translations;
    this.settings = parts.settings;
    this.commands = parts.commands;
    this.#recordsOnly = parts.recordsOnly;
    this.#voice = parts.voice;
    this.alerts = parts.alerts;
    this.ready = this.#whenReady(options);
    this.ready.catch(() => {}); // emitted as `error`; a caller who awaits it sees the rejection
  }

  /**
   * Registers the commands of the features on, beside the bot's own (see `registerCommands`).
   *
   * @param options - `guildId` for one guild; globally by default
   */
  public registerCommands(options: { readonly guildId?: string } = {}): Promise<RegisteredCommands> {
    if (!this.#client.isReady()) throw new Error('registerCommands() needs a logged-in, ready client');
    return registerCommands(this.#client, { ...options, commands: this.commands });
  }

  /**
   * Deletes everything kept about a member of a guild, as `/activity forget` does: their open job
   * listing is closed, the voice time the tracker holds is written and let go of, then the store
   * deletes their days, channels, hours, checkpoints, listings and log records, and takes their
   * share out of the guild's totals. Check who may ask first (the member, or Manage Server).
   *
   * @param by - who asked: the member (`'owner'`) or a moderator, as the closed listing says
   *
   * @example
   * ```ts
   * const forgotten = await guildkit.forgetMember({ guildId, userId }, 'owner');
   * console.log(`${forgotten.days} days deleted`);
   * ```
   */
  public forgetMember(member: MemberKey, by: 'owner' | 'moderator'): Promise<ForgottenMemberData> {
    return forgetMember(this.#runtime, member, by);
  }

  /**
   * Stops everything in order: takes no more events, stops the anti-spam and the schedules,
   * writes the job posts and the activity log while REST still works, then checkpoints and writes
   * all voice time, retrying a store that is down for `timeoutMs` (default 10 s). Destroy the
   * client and close the store after it. Calling it again waits for the first call.
   *
   * @throws the store's error, if voice time could not be written within `timeoutMs`
   */
  public close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      const { timeoutMs } = { ...DEFAULT_CLOSE, ...options };
      this.adapter.detach();
      this.adapter.removeAllListeners();
      this.#voice.deliver(); // the voice events of this turn, not yet handed on
      this.settings.close();
      await this.antiSpam?.detach();
      this.scheduler?.stop();
      this.#upkeep?.stop();
      await this.board?.close({ timeoutMs });
      await this.activityLog?.close().catch((error: unknown) => this.#failed(error, { step: 'activity-log:close' }));
      await this.#recordsOnly?.close().catch((error: unknown) => this.#failed(error, { step: 'activity-log:close' }));
      try {
        await this.tracker?.close({ timeoutMs });
      } finally {
        // Last, so that a failure of the steps before still goes out.
        await this.alerts?.close({ timeoutMs: Math.min(timeoutMs, 5_000) }).catch(() => {});
      }
    })();
    return this.#closing;
  }

  #failed(error: unknown, context: ErrorContext): void {
    this.emit('error', error, context);
  }

  async #whenReady(options: GuildkitOptions): Promise<RegisteredCommands | undefined> {
    if (!this.#client.isReady()) await new Promise((resolve) => this.#client.once(Events.ClientReady, resolve));
    if (this.#closing !== undefined) return undefined;
    this.scheduler?.start();
    this.#upkeep?.start();
    const register = options.commands?.register ?? true;
    if (register === false || this.commands.length === 0) return undefined;
    try {
      return await this.registerCommands(typeof register === 'object' ? { guildId: register.guildId } : {});
    } catch (error) {
      this.#failed(error, { step: 'commands:register' });
      throw error;
    }
  }
}

/**
 * Gives a discord.js bot guildkit's features in one call: voice-activity tracking and `/activity`,
 * the job board (`/job`), reports (`/report` and schedules posted once per period), the activity
 * log and the anti-spam, each opt-in. It attaches to the client (logged in or not yet), restores
 * each guild as it becomes available, answers its own commands (only those) in each member's
 * language, registers them beside the bot's own when the client is ready, and returns the parts and
 * one `close()`.
 *
 * @param client - a discord.js client with the intents the features need (see `guildkitIntents`)
 * @param options - the store, the community's settings, and the features
 * @throws `MissingIntentsError` when the client lacks an intent a feature needs; `TypeError` for a bad option
 *
 * @example A bot with every feature
 * ```ts
 * import { Client } from 'discord.js';
 * import { SqliteStore } from '@guildkit/sqlite-store';
 * import { createGuildkit, guildkitIntents } from '@guildkit/discord';
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const store = await SqliteStore.open({ filename: './data/guildkit.db' });
 * const options = {
 *   store,
 *   timeZone: 'Europe/Berlin',
 *   activity: true,
 *   reports: { channelId: process.env.REPORT_CHANNEL_ID, schedule: { weekly: '5 0 * * 1' }, chart: reportChart() },
 *   jobBoard: { forumChannelId: process.env.FORUM_CHANNEL_ID },
 * };
 * const client = new Client({ intents: guildkitIntents(options) });
 * const guildkit = createGuildkit(client, options);
 * guildkit.on('error', (error, { step }) => console.warn(step, error));
 * await client.login(process.env.DISCORD_TOKEN);
 * ```
 */
export function createGuildkit(client: Client, options: GuildkitOptions): Guildkit {
  return new Guildkit(client, options);
}
