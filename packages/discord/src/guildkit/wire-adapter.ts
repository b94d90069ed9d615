import type { ActivityTracker, GuildVoiceSnapshot, JobBoard } from '@guildkit/core';
import type { Client } from 'discord.js';
import { answerForgetButton, FORGET_BUTTON } from '../commands/activity-command.ts';
import type { GuildkitCommand } from '../commands/guildkit-command.ts';
import { answerJobButton } from '../commands/job-command.ts';
import { apologise } from '../commands/reply.ts';
import type { DiscordAdapter } from '../discord-adapter.ts';
import type { ActivityLog } from '../features/activity-log.ts';
import type { ActivityUpkeep } from '../features/activity-upkeep.ts';
import type { ReportScheduler } from '../features/report-scheduler.ts';
import type { Translations } from '../i18n/translations.ts';
import { missingJobBoardPermissions } from '../job-board-platform.ts';
import { JOB_CLOSE_BUTTON } from '../job-post.ts';
import type { Guildkit } from './create-guildkit.ts';
import type { GuildkitSettings } from './guild-settings.ts';
import type { Runtime } from './runtime.ts';
import { VoiceDelivery, type VoiceTaker } from './voice-delivery.ts';

/** The custom ids of guildkit's buttons start with this; others are the bot's own. */
const OWN_BUTTON = 'guildkit:';
/** How long another button waits for the bot's own answer before guildkit answers it (Discord allows 3 s). */
const UNANSWERED_BUTTON_MS = 2_000;

/** @internal What the adapter's events go to. */
export interface Wiring {
  readonly client: Client;
  readonly tracker: ActivityTracker | undefined;
  readonly board: JobBoard | undefined;
  readonly scheduler: ReportScheduler | undefined;
  readonly settings: GuildkitSettings;
  readonly log: ActivityLog | undefined;
  readonly events: Guildkit;
  readonly now: () => number;
  readonly translations: Translations;
  readonly commands: readonly GuildkitCommand[];
  readonly answer: boolean;
  readonly answerUnknownButtons: boolean;
  /** The activity's scheduled work (role runs, retention). */
  readonly upkeep: ActivityUpkeep | undefined;
  /** What the commands share, for the buttons of their answers. */
  readonly runtime: Runtime;
  /** Whether messages are counted beside voice (`activity.messages`). */
  readonly countMessages: boolean;
}

/**
 * @internal The adapter's events to the parts. Returns the voice events' delivery, for `close()`
 * to hand on what waits.
 */
export function wire(adapter: DiscordAdapter, wiring: Wiring): VoiceDelivery {
  const { client, tracker, board, scheduler, settings, log, events, translations, commands, now } = wiring;
  const { answer, answerUnknownButtons } = wiring;
  const byName = new Map<string, GuildkitCommand>(commands.map((command) => [command.data.name, command]));
  const takers: VoiceTaker[] = [];
  // Each part takes the events of the guilds it is on in.
  if (tracker !== undefined)
    takers.push((event) => {
      if (settings.of(event.guildId).activity) tracker.apply(event);
    });
  if (board !== undefined)
    takers.push((event) => {
      if (settings.of(event.guildId).jobBoard !== undefined) board.apply(event);
    });
  if (log !== undefined) takers.push(log.voice.bind(log));
  const voice = new VoiceDelivery(takers, (error) => events.emit('error', error, { step: 'adapter:voiceState' }));
  adapter.on('voiceState', (event) => voice.take(event));
  if (tracker !== undefined && wiring.countMessages)
    adapter.on('message', (event) => {
      if (settings.of(event.guildId).activity) tracker.countMessage(event);
    });
  // Every other event comes after the voice events before it: those are handed on first.
  adapter.on('voiceSnapshot', (snapshot: GuildVoiceSnapshot) => {
    voice.deliver();
    const { guildId } = snapshot;
    settings.refresh(guildId); // its channels and roles are known now: the defaults in it too
    restore(snapshot);
    // Its own settings, then: the parts they turn off or on follow (`changed`).
    loadSettings(guildId, 0, true);
  });
  // A store that is down: the guild runs on what is known (the defaults at start) until it answers.
  const loadSettings = (guildId: string, attempt: number, resume = false) => {
    settings
      .load(guildId)
      .then(() => wiring.upkeep?.follow(guildId, resume))
      .catch((error: unknown) => {
        const retryInMs = Math.min(60_000, 1_000 * 2 ** attempt);
        events.emit('error', error, { step: 'settings:load', guildId, retryInMs });
        setTimeout(() => {
          if (!settings.closed && client.guilds.cache.has(guildId)) loadSettings(guildId, attempt + 1, resume);
        }, retryInMs).unref();
      });
  };
  const restore = (snapshot: GuildVoiceSnapshot) => {
    const { guildId, states, at } = snapshot;
    const inEffect = settings.of(guildId);
    // Neither restore rejects: failures are emitted as `error` and retried.
    if (inEffect.activity) void tracker?.restore(guildId, states, at);
    if (board !== undefined && inEffect.jobBoard !== undefined) {
      const gap = permissionGaps(client, guildId, inEffect.jobBoard);
      if (gap !== undefined) events.emit('error', gap, { step: 'job-board:permissions', guildId });
      void board.restore(guildId, states, at);
    }
    if (inEffect.activityLog !== undefined) log?.snapshot(states);
  };
  settings.on('changed', (before, after) => {
    voice.deliver();
    const { guildId } = after;
    const guild = client.guilds.cache.get(guildId);
    scheduler?.follow(guildId);
    wiring.upkeep?.follow(guildId);
    if (guild === undefined) return; // a guild the bot left
    if (before.activity && !after.activity) tracker?.release(guildId, now());
    if (before.jobBoard !== undefined && after.jobBoard === undefined) board?.release(guildId);
    // A part turned on takes who is in voice now, as after a reconnect.
    const on = (was: unknown, is: unknown) => (was === undefined || was === false) && is !== undefined && is !== false;
    const activity = on(before.activity, after.activity);
    const jobBoard = on(before.jobBoard, after.jobBoard);
    const activityLog = on(before.activityLog, after.activityLog);
    if (!activity && !jobBoard && !activityLog) return;
    const states = adapter.voiceStatesOf(guild);
    const at = now();
    if (activity) void tracker?.restore(guildId, states, at);
    if (jobBoard) void board?.restore(guildId, states, at);
    if (activityLog) log?.snapshot(states);
  });
  adapter.on('channelDelete', (event) => {
    voice.deliver();
    board?.channelDeleted(event);
    settings.refresh(event.guildId); // a default channel deleted is no longer in effect
  });
  // A guild the bot left: nobody is in voice there any more for it, and its listings are let go.
  adapter.on('guildLeave', ({ guildId, at }) => {
    voice.deliver();
    tracker?.release(guildId, at);
    board?.release(guildId);
    scheduler?.forget(guildId);
    wiring.upkeep?.forget(guildId);
    settings.release(guildId);
  });
  // First of the command's listeners: the bot's own ones, after it, see every voice event before.
  adapter.on('command', (use) => {
    voice.deliver();
    if (answer) return byName.get(use.name)?.execute(use.interaction);
  });
  adapter.on('button', async (press) => {
    voice.deliver();
    if (!press.customId.startsWith(OWN_BUTTON)) {
      // The bot's own, to answer; if nothing has within the time, it is one nothing knows.
      if (!answerUnknownButtons) return;
      const { interaction } = press;
      setTimeout(() => {
        if (interaction.replied || interaction.deferred) return;
        void apologise(interaction, translations.strings(press.locale).replies.unknownButton);
      }, UNANSWERED_BUTTON_MS).unref();
      return;
    }
    const strings = translations.strings(press.locale);
    if (press.customId.startsWith(FORGET_BUTTON)) {
      try {
        await answerForgetButton(press.interaction, strings, wiring.runtime);
      } catch (error) {
        events.emit('error', error, { step: 'activity:forget', guildId: press.guildId });
        await apologise(press.interaction, strings.replies.failed);
      }
      return;
    }
    if (press.customId === JOB_CLOSE_BUTTON && board !== undefined) {
      try {
        await answerJobButton(press.interaction, strings, board);
      } catch (error) {
        events.emit('error', error, { step: 'job-board:button', guildId: press.guildId });
        await apologise(press.interaction, strings.replies.failed);
      }
      return;
    }
    await apologise(press.interaction, strings.replies.unknownButton);
  });
  adapter.on('invalidEvent', (event) => events.emit('invalidEvent', event));
  adapter.on('handlerError', (error, event) => events.emit('error', error, { step: `adapter:${event}` }));
  return voice;
}

/** @internal Names every job board permission the bot lacks in a guild, as one error. */
export function permissionGaps(
  client: Client,
  guildId: string,
  feature: { readonly forumChannelId: string; readonly categoryId: string | null },
): Error | undefined {
  const gaps = missingJobBoardPermissions(client, guildId, {
    forumChannelId: feature.forumChannelId,
    categoryId: feature.categoryId,
  });
  if (gaps.length === 0) return undefined;
  const lines = gaps.map((gap) =>
    gap.missing.includes('missing channel')
      ? `the ${gap.where} ${gap.channelId} does not exist or is not a ${gap.where === 'forum' ? 'forum' : 'category'} channel`
      : `the bot lacks ${gap.missing.join(', ')} in the ${gap.where} ${gap.channelId ?? '(the server)'}`,
  );
  return new Error(`the job board cannot work in guild ${guildId}: ${lines.join('; ')}`);
}
