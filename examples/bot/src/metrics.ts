import type { Guildkit } from '@guildkit/discord';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The bot's Prometheus metrics, on a registry of its own. */
export interface BotMetrics {
  readonly registry: Registry;
  readonly gatewayEvents: Counter<'type'>;
  readonly invalidEvents: Counter<'source'>;
  readonly commands: Counter<'command'>;
  readonly errors: Counter<'source'>;
  readonly spam: Counter<'reason'>;
  readonly cooldowns: Counter<'command'>;
  readonly storeCheckSeconds: Histogram;
  readonly storeFlushSeconds: Histogram;
}

/**
 * @param processMetrics - also collect Node's process metrics (CPU, memory, event loop). They start
 *   monitors that live as long as the process, so only the process's one bot turns them on.
 */
export function createMetrics(gatewayLatencyMs: () => number, processMetrics: boolean): BotMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'guildkit_' });
  const metrics: BotMetrics = {
    registry,
    gatewayEvents: new Counter({
      name: 'guildkit_gateway_events_total',
      help: 'Gateway events handled, by type',
      labelNames: ['type'],
      registers: [registry],
    }),
    invalidEvents: new Counter({
      name: 'guildkit_invalid_events_total',
      help: 'Gateway events dropped as malformed',
      labelNames: ['source'],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'guildkit_commands_total',
      help: 'Slash commands answered, by command',
      labelNames: ['command'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'guildkit_errors_total',
      help: 'Errors, by where they happened',
      labelNames: ['source'],
      registers: [registry],
    }),
    spam: new Counter({
      name: 'guildkit_spam_total',
      help: 'Messages the anti-spam acted on, by reason (messages, mentions)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    cooldowns: new Counter({
      name: 'guildkit_command_cooldowns_total',
      help: 'Commands refused because the member used one too recently, by command',
      labelNames: ['command'],
      registers: [registry],
    }),
    storeCheckSeconds: new Histogram({
      name: 'guildkit_store_check_seconds',
      help: 'Time the store took to answer a health check',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    storeFlushSeconds: new Histogram({
      name: 'guildkit_store_flush_seconds',
      help: 'Time one flush of voice activity (totals and checkpoints, one transaction) took',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
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
  guildkit.board?.on('opened', (listing) => logger.info({ postId: listing.postId }, 'job listing opened'));
  guildkit.board?.on('closed', (listing, reason) =>
    logger.info({ postId: listing.postId, reason }, 'job listing closed'),
  );
  guildkit.adapter.on('voiceState', () => metrics.gatewayEvents.inc({ type: 'voice_state' }));
  guildkit.adapter.on('voiceSnapshot', (snapshot) => {
    metrics.gatewayEvents.inc({ type: 'voice_snapshot' });
    logger.info({ guildId: snapshot.guildId, inVoice: snapshot.states.length }, 'guild voice snapshot');
  });
}
