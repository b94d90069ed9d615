// The job board part of `pnpm demo`: two members open listings, people go in and out of one room,
// someone deletes the other room, and the demo shows what the posts say.
import type { FakeDiscord } from '@guildkit/fake-discord';
import type { RunningBot } from './bot.ts';
import { COMMUNITY_NAMES, type DemoLocale } from './demo-community.ts';
import { demoStrings } from './demo-strings.ts';

interface JobDemo {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  readonly guildId: string;
  readonly userIds: readonly string[];
  readonly locale: DemoLocale;
  readonly say: (line: string) => void;
}

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };

export async function demoJobBoard({ fake, bot, guildId, userIds, locale, say }: JobDemo): Promise<void> {
  const text = demoStrings[locale];
  const chat = fake.channelId(guildId, COMMUNITY_NAMES[locale].chat);
  say(text.jobDemo);
  const listings: { postId: string; roomId: string; title: string }[] = [];
  for (const [user, title] of [
    [20, text.jobTitles[0]],
    [21, text.jobTitles[1]],
  ] as const) {
    const response = await fake.useSlashCommand({
      guildId,
      channelId: chat,
      userId: userIds[user] as string,
      name: 'job',
      options: [{ name: 'open', type: 1, options: [{ name: 'title', type: 3, value: title }] }],
      locale: locale === 'ko' ? 'ko' : 'en-US',
    });
    const answer = String(response.message?.content ?? '');
    const [postId, roomId] = [...answer.matchAll(/<#(\d+)>/g)].map((match) => match[1] as string);
    if (postId === undefined || roomId === undefined) throw new Error(`the bot did not open a listing: ${answer}`);
    listings.push({ postId, roomId, title });
    say(`  ${text.jobDemoOpened(title, String(fake.channel(roomId)?.name))}`);
  }
  const [busy, deleted] = listings as [(typeof listings)[number], (typeof listings)[number]];

  // Forty voice events in a moment: ten members in and out of the first room, four stay.
  const members = userIds.slice(30, 40);
  for (let step = 0; step < 40; step += 1) {
    const userId = members[step % members.length] as string;
    const stays = step >= 30 ? step % 10 < 4 : step % 3 !== 2;
    void fake.setVoiceState({ guildId, userId, channelId: stays ? busy.roomId : null });
  }
  await fake.delivered();
  const shown = () => {
    const starter = fake.messages(busy.postId).find((message) => message.id === busy.postId);
    const field = ((starter?.embeds as Embed[] | undefined)?.[0]?.fields ?? []).find(
      (entry) => entry.name === '참여자' || entry.name === 'Participants',
    );
    return field?.value ?? '';
  };
  await settled(() => (shown() === '4/5' ? shown() : ''));
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // a debounce more: any late edit would show now
  const edits = fake.requests.filter(
    (request) => request.method === 'PATCH' && request.path === `/channels/${busy.postId}/messages/${busy.postId}`,
  ).length;
  say(`  ${text.jobDemoBurst(busy.title, 40, shown(), edits)}`);

  // Someone deletes the second room: its post is closed, with a message saying why.
  fake.deleteChannel(deleted.roomId);
  const closing = await settled(() => {
    const locked = (fake.channel(deleted.postId)?.thread_metadata as { locked?: boolean } | undefined)?.locked;
    const last = fake.messages(deleted.postId).at(-1);
    return locked === true ? String((last?.embeds as Embed[] | undefined)?.[0]?.description ?? '') : '';
  });
  say(`  ${text.jobDemoDeleted(deleted.title, closing)}`);
  // The store is written last, once the post is locked and the room gone.
  let stored = await bot.store.getJobListingByPost(deleted.postId);
  for (let tries = 0; stored?.status !== 'closed' && tries < 500; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stored = await bot.store.getJobListingByPost(deleted.postId);
  }
  say(`  ${text.jobDemoStored(stored?.status ?? '?', stored?.closeReason ?? '?')}`);

  const list = await fake.useSlashCommand({
    guildId,
    channelId: chat,
    userId: userIds[22] as string,
    name: 'job',
    options: [{ name: 'list', type: 1 }],
    locale: locale === 'ko' ? 'ko' : 'en-US',
  });
  say(`  ${text.commandReply('job list', locale, String(list.message?.content ?? '').replaceAll('\n', ' · '))}`);
}

/** Waits (up to 10 s) for a value to become non-empty. */
async function settled(read: () => string): Promise<string> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const value = read();
    if (value !== '') return value;
    if (performance.now() > deadline) throw new Error('the bot did not answer in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
