// A shard process and its manager talk over the IPC channel discord.js's ShardingManager opens:
// the manager asks each shard for its health and its metrics, and serves /healthz and /metrics for
// all of them. discord.js's own messages (`_eval`, `_ready`, ...) pass beside these.
import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';
import type { HealthReport } from './health-server.ts';

/** What the manager asks a shard process. */
export interface ManagerAsk {
  readonly guildkit: 'health' | 'metrics';
  readonly id: number;
}

/** What a shard process answers. */
export type ShardAnswer =
  | { readonly guildkit: 'health'; readonly id: number; readonly report: HealthReport }
  | {
      readonly guildkit: 'metrics';
      readonly id: number;
      readonly metrics: MetricObjectWithValues<MetricValue<string>>[];
    }
  | { readonly guildkit: 'health' | 'metrics'; readonly id: number; readonly error: string };

/** Whether an IPC message is one of guildkit's asks or answers (and not one of discord.js's). */
export function isGuildkitMessage(message: unknown): message is ManagerAsk | ShardAnswer {
  const kind = (message as { guildkit?: unknown } | null)?.guildkit;
  return (kind === 'health' || kind === 'metrics') && typeof (message as { id?: unknown }).id === 'number';
}

/**
 * In a shard process: answers the manager's asks for health and metrics. Shaped as the health
 * server is (`port`, `close()`), since it stands in for it.
 */
export function answerManager(
  registry: Registry,
  check: () => Promise<HealthReport>,
): { readonly port: undefined; close(): Promise<void> } {
  const listener = (message: unknown) => {
    if (!isGuildkitMessage(message) || 'report' in message || 'metrics' in message) return;
    const { guildkit, id } = message;
    const answer: Promise<ShardAnswer> =
      guildkit === 'health'
        ? check().then((report) => ({ guildkit, id, report }))
        : registry.getMetricsAsJSON().then((metrics) => ({ guildkit, id, metrics }));
    answer
      .catch((error: unknown) => ({ guildkit, id, error: error instanceof Error ? error.message : String(error) }))
      .then((reply) => process.send?.(reply));
  };
  process.on('message', listener);
  return {
    port: undefined,
    close: async () => {
      process.off('message', listener);
    },
  };
}
