import type { Guildkit } from '@guildkit/discord';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The bot's Prometheus metrics, on a registry of its own. */
export type BotMetrics = ReturnType<typeof createMetrics>;

const CHECK_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
const FLUSH_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/**
 * @param processMetrics - also collect Node's process metrics (CPU, memory, event loop). They start
 *   monitors that live as long as the process, so only the process's one bot turns them on.
 * @param voiceStates - how many voice states were taken in so far, read when scraped (not counted per event)
 */
export function createMetrics(gatewayLatencyMs: () => number, processMetrics: boolean, voiceStates = () => 0) {
  const registry = new Registry();
  let reported = 0;
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'guildkit_' });
  const counter = <L extends string>(name: string, help: string, label: L, collect = function (this: Counter<L>) {}) =>
    new Counter<L>({ name: `guildkit_${name}_total`, help, labelNames: [label], registers: [registry], collect });
  const seconds = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name: `guildkit_${name}_seconds`, help, buckets, registers: [registry] });
  const metrics = {
    registry,
    gatewayEvents: counter('gateway_events', 'Gateway events handled, by type', 'type', function () {
      const now = voiceStates(); // counted by the adapter, added when scraped: nothing per event
      this.inc({ type: 'voice_state' }, now - reported);
      reported = now;
    }),
    invalidEvents: counter('invalid_events', 'Gateway events dropped as malformed', 'source'),
    commands: counter('commands', 'Slash commands answered, by command', 'command'),
    errors: counter('errors', 'Errors, by the step that failed', 'source'),
    spam: counter('spam', 'Messages the anti-spam acted on, by reason (messages, mentions)', 'reason'),
    cooldowns: counter('command_cooldowns', 'Commands refused: the member used one too recently', 'command'),
    storeCheckSeconds: seconds('store_check', 'Time the store took to answer a health check', CHECK_BUCKETS),
    storeFlushSeconds: seconds('store_flush', 'Time one flush of voice activity (one transaction) took', FLUSH_BUCKETS),
  };
  new Gauge({
    name: 'guildkit_gateway_latency_seconds',
    help: 'Heartbeat round trip to the Discord gateway (-1 before the first)',
    registers: [registry],
    collect() {
      const latency = gatewayLatencyMs();
      this.set(Number.isFinite(latency) && latency >= 0 ? latency / 1000 : -1);
    },
  });
  return metrics;
}

/** guildkit's events as log lines and metrics: what failed, what was dropped, what was answered. */
export function observe(guildkit: Guildkit, metrics: BotMetrics, logger: Logger): void {
  guildkit.on('error', (error, context) => {
    metrics.errors.inc({ source: context.step });
    logger.warn({ err: error, ...context }, `${context.step} failed`);
  });
  guildkit.on('invalidEvent', (event) => {
    metrics.invalidEvents.inc({ source: event.source });
    logger.warn(event, 'dropped a malformed event');
  });
  guildkit.on('command', ({ name, outcome }) => {
    metrics.gatewayEvents.inc({ type: 'command' });
    if (outcome === 'answered') metrics.commands.inc({ command: name });
    if (outcome === 'cooldown') metrics.cooldowns.inc({ command: name });
  });
  guildkit.on('spam', ({ reason }) => metrics.spam.inc({ reason }));
  guildkit.on('reportPosted', (post) => logger.info(post, 'scheduled report posted'));
  guildkit.tracker?.on('flush', (report) => metrics.storeFlushSeconds.observe(report.durationMs / 1000));
  guildkit.board?.on('opened', ({ postId }) => logger.info({ postId }, 'job listing opened'));
  guildkit.board?.on('closed', ({ postId }, reason) => logger.info({ postId, reason }, 'job listing closed'));
  guildkit.adapter.on('voiceSnapshot', (snapshot) => {
    metrics.gatewayEvents.inc({ type: 'voice_snapshot' });
    logger.info({ guildId: snapshot.guildId, inVoice: snapshot.states.length }, 'guild voice snapshot');
  });
}
