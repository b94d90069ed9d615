// One trial of the ingest benchmark: a new fake Discord and a new process under test; a warm-up;
// the process frozen while a burst of voice updates and then a slash command queue on its gateway
// socket; thawed; the time until the fake has the command's answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { ClientProcess, type Memory, untilStopped } from './client-process.ts';
import { benchCommunity, communityIds } from './community.ts';
import {
  type BotDatabase,
  bareSpec,
  botSpec,
  botVoiceEventCount,
  MARKER_COMMAND,
  type Subject,
  storedVoiceRecords,
} from './subjects.ts';
import { VoiceBurst } from './voice-burst.ts';

/** What one trial is. */
export interface TrialOptions {
  readonly subject: Subject;
  /** Voice updates in the burst. */
  readonly events: number;
  readonly members: number;
  /** Voice updates (and one command) before the burst, answered, so that both sides run warm. */
  readonly warmupEvents: number;
  /** The bot's database (unused for the bare client). */
  readonly database?: BotDatabase;
  /** Extra Node.js flags for the process under test, such as `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  /** The PRNG seed of the voice updates: the same for both sides of a pair. */
  readonly seed: number;
}

/** What one trial measured. */
export interface TrialResult {
  readonly subject: Subject;
  readonly events: number;
  /** Thaw (SIGCONT) to the fake having the command's answer, in milliseconds. */
  readonly drainMs: number;
  /** CPU time the process used from thaw to answer, every thread, in milliseconds (10 ms steps). */
  readonly cpuMs: number;
  /** That CPU time by kind of thread (see {@link ClientProcess.threadCpuMs}). */
  readonly threadCpuMs: ReadonlyMap<string, number>;
  /** Memory at idle, after the warm-up, just before the burst. */
  readonly before: Memory;
  /** Memory when the answer came. */
  readonly after: Memory;
  /**
   * The bot's activity log caught up: thaw to its store holding a record of every join, move and
   * leave sent, in milliseconds (polled every 20 ms; `undefined` if not within 60 s), and the
   * memory then, its peak the most it held through the catch-up (bot only).
   */
  readonly logStored?: { readonly ms: number | undefined; readonly memory: Memory };
  /** REST requests the process made during the drain (log channel messages, post edits, the answer). */
  readonly restRequests: number;
  /** Whether the answer was deferred (type 5) and then edited, rather than given at once (type 4). */
  readonly deferred: boolean;
  /** Voice updates the bot's adapter took in, by its /metrics (bot only). */
  readonly voiceEventsSeen?: number;
  /**
   * The bot's activity log records of voice changes in its store once it stopped, beside the
   * joins, moves and leaves sent (warm-up and burst): every one must be there (bot only).
   */
  readonly voiceRecords?: { readonly stored: number; readonly expected: number };
  /** The thaw and the answer on the monotonic clock, in microseconds, to cut a CPU profile to the drain. */
  readonly windowMicros: readonly [number, number];
}

/** How long the process is left alone after the warm-up, so that its timers and writes settle. */
const IDLE_MS = 1_000;

const micros = () => Number(process.hrtime.bigint() / 1_000n);

/**
 * Runs one trial and stops what it started.
 *
 * @param options - the subject, the burst size, the database
 * @returns the drain time, memory before and after, and what the process did meanwhile
 */
export async function runTrial(options: TrialOptions): Promise<TrialResult> {
  const fake = await startFakeDiscord({
    guilds: [benchCommunity(options.members)],
    // The answer comes after the drain, long past Discord's 3 s: the fake must wait for it.
    interactionDeadlineMs: 10 * 60_000,
  });
  let subject: ClientProcess | undefined;
  try {
    const ids = communityIds(fake, options.members);
    subject = await ClientProcess.start(
      options.subject === 'bot'
        ? botSpec(fake, ids, options.database as BotDatabase, options.nodeFlags)
        : bareSpec(fake, ids, options.nodeFlags),
    );
    const burst = new VoiceBurst(ids, options.seed);
    const command = (member: number) =>
      fake.useSlashCommand({
        guildId: ids.guildId,
        channelId: ids.channel.commands,
        userId: ids.memberIds[member] as string,
        name: MARKER_COMMAND[options.subject],
      });
    for (let i = 0; i < options.warmupEvents; i += 1) void fake.setVoiceState(burst.next());
    await command(0);
    await sleep(IDLE_MS);
    const before = subject.memory();

    subject.freeze();
    await untilStopped(subject.pid);
    for (let i = 0; i < options.events; i += 1) void fake.setVoiceState(burst.next());
    // Another member than the warm-up's: no command cooldown applies.
    const answered = command(1);
    await sleep(100); // let this process finish its own work before the clock starts
    const requestsBefore = fake.requests.length;

    const cpuBefore = subject.cpuMs();
    const threadsBefore = subject.threadCpuMs();
    const thawedAt = micros();
    const start = performance.now();
    subject.thaw();
    const answer = await answered;
    const drainMs = performance.now() - start;
    const answeredAt = micros();
    const after = subject.memory();
    const cpuMs = subject.cpuMs() - cpuBefore;
    const threadCpuMs = new Map(
      [...subject.threadCpuMs()].map(([name, ms]) => [name, ms - (threadsBefore.get(name) ?? 0)] as const),
    );
    const { joins, moves, leaves } = burst.mix;
    const logStored =
      options.subject === 'bot'
        ? await untilVoiceRecordsStored((options.database as BotDatabase).url, joins + moves + leaves, start, () =>
            (subject as ClientProcess).memory(),
          )
        : undefined;
    await new Promise((resolve) => setImmediate(resolve)); // the answer's own request is recorded once answered
    const restRequests = fake.requests.length - requestsBefore;
    const voiceEventsSeen = options.subject === 'bot' ? await botVoiceEventCount(subject.output) : undefined;
    let voiceRecords: TrialResult['voiceRecords'];
    if (options.subject === 'bot') {
      await subject.stop(); // SIGTERM: the bot writes what its logger holds, then exits
      const database = options.database as BotDatabase;
      voiceRecords = { stored: await storedVoiceRecords(database.url), expected: joins + moves + leaves };
    }
    return {
      subject: options.subject,
      events: options.events,
      drainMs,
      cpuMs,
      threadCpuMs,
      before,
      after,
      restRequests,
      deferred: answer.type === 5,
      ...(voiceEventsSeen === undefined ? {} : { voiceEventsSeen }),
      ...(voiceRecords === undefined ? {} : { voiceRecords }),
      ...(logStored === undefined ? {} : { logStored }),
      windowMicros: [thawedAt, answeredAt],
    };
  } finally {
    await subject?.stop();
    await fake.close();
  }
}

/**
 * Polls a bot's store every 20 ms until it holds `expected` activity log records of voice changes
 * (60 s at most).
 *
 * @param url - the bot's `DATABASE_URL`
 * @param expected - the joins, moves and leaves sent
 * @param start - when the clock started (`performance.now()`): the thaw
 * @param memory - reads the bot's memory (of its every process, for a sharded bot) when the records are all there (or at 60 s)
 * @returns after how long they were all there (`undefined`: not within 60 s), and the memory then
 */
export async function untilVoiceRecordsStored<M = Memory>(
  url: string,
  expected: number,
  start: number,
  memory: () => M,
): Promise<{ readonly ms: number | undefined; readonly memory: M }> {
  while (performance.now() - start < 60_000) {
    if ((await storedVoiceRecords(url)) >= expected) return { ms: performance.now() - start, memory: memory() };
    await sleep(20);
  }
  return { ms: undefined, memory: memory() };
}
