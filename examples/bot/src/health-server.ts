import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What /healthz reports: one process's gateway and store, or (a shard manager's) each shard's. */
export type HealthReport =
  | { readonly ok: boolean; readonly gateway: 'ready' | 'not ready'; readonly store: string }
  | { readonly ok: boolean; readonly shards: readonly ShardHealth[] };

/** One shard, as its manager reports it: `down` while its process is not running. */
export interface ShardHealth {
  readonly shard: number;
  readonly state: 'ready' | 'starting' | 'down';
  readonly gateway?: string;
  readonly store?: string;
  readonly restarts: number;
}

/** A check that takes longer fails (503): a probe gets its answer in time even while the database hangs. */
const late = (ms: number) =>
  new Promise<never>((_, reject) => setTimeout(reject, ms, new Error(`no answer within ${ms} ms`)).unref());
/**
 * `/healthz` (200 when healthy, 503 otherwise, with a JSON report) and `/metrics` (Prometheus);
 * every other request goes to `rest` (the dashboard) when there is one.
 */
export async function startHealthServer(
  port: number,
  registry: Pick<Registry, 'contentType' | 'metrics'>,
  check: () => Promise<HealthReport>,
  rest?: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const json = (status: number, body: unknown) =>
    [status, { 'content-type': 'application/json' }, JSON.stringify(body)] as const;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (rest !== undefined && path !== '/healthz' && path !== '/metrics') return rest(request, response);
    const answer = async () => {
      if (request.method !== 'GET') return [405, { allow: 'GET' }, ''] as const;
      if (path === '/healthz') {
        const timed = Promise.race([check(), late(2_000)]);
        const report = await timed.catch((error: unknown) => ({ ok: false, error: String(error) }));
        return json(report.ok ? 200 : 503, { ...report, uptimeSeconds: Math.round(process.uptime()) });
      }
      if (path === '/metrics')
        return [200, { 'content-type': registry.contentType }, await registry.metrics()] as const;
      return json(404, { error: 'not found: try /healthz or /metrics' });
    };
    answer().then(
      ([status, headers, body]) => response.writeHead(status, headers).end(body),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  return { port: (server.address() as AddressInfo).port, close };
}
