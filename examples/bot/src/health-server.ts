import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What /healthz reports. */
export interface HealthReport {
  readonly ok: boolean;
  readonly gateway: 'ready' | 'not ready';
  readonly store: 'ok' | string;
  readonly uptimeSeconds: number;
}

/** `/healthz` (200 when healthy, 503 otherwise, with a JSON report) and `/metrics` (Prometheus). */
export async function startHealthServer(
  port: number,
  check: () => Promise<HealthReport>,
  registry: Registry,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz') {
      check().then(
        (report) =>
          response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report)),
        (error: unknown) =>
          response
            .writeHead(503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ok: false, error: String(error) })),
      );
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'not found: try /healthz or /metrics' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
