import { Client, Events, GatewayIntentBits } from 'discord.js';
import { onTestFinished } from 'vitest';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '../src/index.ts';

export const community = {
  name: '테스트 서버',
  preferredLocale: 'ko',
  roles: [{ name: '모더레이터', permissions: 1n << 4n }],
  channels: [
    { name: '채팅', type: 'text' },
    { name: '음성 채널', type: 'category' },
    { name: '일반', type: 'voice', parent: '음성 채널' },
    { name: '게임', type: 'voice', parent: '음성 채널', userLimit: 5 },
    { name: '대기실', type: 'voice', parent: '음성 채널' },
    { name: '구인구직', type: 'forum', tags: ['랭크', '일반'] },
  ],
  members: [
    { username: 'minji', globalName: '민지', roles: ['모더레이터'] },
    { username: 'alex' },
    { username: 'seojun', globalName: '서준' },
  ],
  afkChannel: '대기실',
} as const satisfies NonNullable<FakeDiscordOptions['guilds']>[number];

export const ALL_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildMessages,
];

/** Starts a fake Discord for one test; closed when the test ends. */
export async function fakeForTest(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ guilds: [community], ...options });
  onTestFinished(() => fake.close());
  return fake;
}

/** Logs a real discord.js client in to the fake and waits until it is ready; destroyed when the test ends. */
export async function clientForTest(
  fake: FakeDiscord,
  intents: GatewayIntentBits[] = ALL_INTENTS,
  extra: ConstructorParameters<typeof Client>[0] extends infer O ? Partial<O> : never = {},
): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.apiUrl, retries: 3 }, ...extra });
  onTestFinished(() => client.destroy());
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

/** Resolves with the next emission of `event` that passes `filter`. */
export function next<T extends unknown[]>(
  client: Client,
  event: string,
  filter: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]) => {
      if (!filter(...(args as T))) return;
      client.off(event, listener);
      resolve(args as T);
    };
    client.on(event, listener);
  });
}
