// Error alerts to a webhook, received by a real HTTP server on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchLogger, MemoryStore, type SessionCheckpoint } from '@guildkit/core';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { Client } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGuildkit, guildkitIntents, webhookLogSink } from '../src/index.ts';

async function webhookServer(status = 204) {
  const posts: { path: string; body: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      posts.push({ path: request.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { posts, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('webhook alerts', () => {
  it("posts guildkit's failures to a Slack-compatible webhook, secrets redacted", async () => {
    const hook = await webhookServer();
    class DownStore extends MemoryStore {
      override listSessionCheckpoints(): Promise<SessionCheckpoint[]> {
        return Promise.reject(new Error('cannot reach postgres://bot:hunter2@db:5432/guildkit'));
      }
    }
    const fake = await startFakeDiscord({ guilds: [{ name: 'Test', members: [{ username: 'ana' }] }] });
    onTestFinished(() => fake.close());
    const options = {
      store: new DownStore(),
      activity: { retryDelayMs: 60_000 },
      alerts: { webhookUrl: `${hook.url}/services/T000/B000/XXXX` },
      commands: { register: false },
    } as const;
    const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
    onTestFinished(() => client.destroy());
    const guildkit = createGuildkit(client, options);
    onTestFinished(() => guildkit.close({ timeoutMs: 0 }).catch(() => {}));
    await client.login(fake.token);
    await expect.poll(() => guildkit.tracker?.stats().restoreFailures).toBe(1);
    await guildkit.alerts?.flush();
    expect(hook.posts).toEqual([
      {
        path: '/services/T000/B000/XXXX',
        body: {
          text: expect.stringMatching(
            /^\[error\] guildkit: activity:restore failed: cannot reach postgres:\/\/bot:\[redacted\]@db:5432\/guildkit \(guildId=\d+, retryInMs=60000\)$/,
          ),
        },
      },
    ]);
    expect(JSON.stringify(hook.posts)).not.toContain('hunter2');
  });

  it('sends a Discord body that pings no one, a batch to a post, and at most postsPerMinute posts', async () => {
    const hook = await webhookServer();
    const sink = webhookLogSink({ url: `${hook.url}/api/webhooks/1/token`, format: 'discord', postsPerMinute: 2 });
    const logger = new BatchLogger({ sinks: [sink] });
    for (let i = 0; i < 3; i += 1) logger.error('bot', `@everyone failure ${i}`);
    await logger.flush();
    logger.error('bot', 'a second batch');
    await logger.flush();
    logger.error('bot', 'a third batch, past the limit');
    const third = logger.flush({ timeoutMs: 300 });
    await expect(third).rejects.toThrow(/still hold records: webhook:127\.0\.0\.1:\d+ \(1 records\)/);
    expect(hook.posts.map((post) => post.body)).toEqual([
      {
        content: '[error] bot: @everyone failure 0\n[error] bot: @everyone failure 1\n[error] bot: @everyone failure 2',
        allowed_mentions: { parse: [] },
      },
      { content: '[error] bot: a second batch', allowed_mentions: { parse: [] } },
    ]);
    expect(() => webhookLogSink({ url: 'not a url' })).toThrow(
      'WebhookLogSinkOptions.url must be a webhook URL such as https://hooks.slack.com/services/…',
    );
  });
});
