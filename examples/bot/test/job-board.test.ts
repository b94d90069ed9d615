// The job board end to end: the real bot, a real discord.js client, the fake Discord, and a
// SQLite file; everything checked from what the fake received and holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeDiscord, type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { PermissionFlagsBits } from 'discord.js';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { type RunningBot, startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';

const folder = mkdtempSync(join(tmpdir(), 'guildkit-job-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let databases = 0;

const community = (extra: Partial<GuildSeed> = {}): GuildSeed => ({
  name: '구인 서버',
  preferredLocale: 'ko',
  roles: [{ name: '모더레이터', permissions: PermissionFlagsBits.ManageChannels }],
  channels: [
    { name: '채팅', type: 'text' },
    { name: '구인구직', type: 'forum', tags: ['구인'] },
    { name: '구인 음성', type: 'category' },
  ],
  members: [
    { username: 'owner', globalName: '민지' },
    { username: 'moderator', roles: ['모더레이터'] },
    ...Array.from({ length: 12 }, (_, i) => ({ username: `member${i}` })),
  ],
  ...extra,
});

async function setUp(seed = community()) {
  const fake = await startFakeDiscord({ guilds: [seed], botName: 'guildkit' });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('구인 서버');
  databases += 1;
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${join(folder, `job-${databases}.db`)}`,
    DATABASE_CREATE: 'on',
    GUILD_ID: guildId,
    FORUM_CHANNEL_ID: fake.channelId(guildId, '구인구직'),
    VOICE_CATEGORY_ID: fake.channelId(guildId, '구인 음성'),
    HEALTH_PORT: '0',
    COMMAND_COOLDOWN_SECONDS: '0', // these tests use commands back to back; the cooldown has its own test
  };
  const logs: Record<string, unknown>[] = [];
  const start = async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
    const bot = await startBot(loadConfig(env), logger);
    await bot.ready;
    onTestFinished(() => bot.shutdown('test over'));
    return bot;
  };
  const user = (name: string) => fake.userId(guildId, name);
  return { fake, guildId, start, user, logs, forumId: env.FORUM_CHANNEL_ID, categoryId: env.VOICE_CATEGORY_ID };
}

/** The answer of a deferred reply, once the bot has edited it. */
async function answerOf(response: Awaited<ReturnType<FakeDiscord['useSlashCommand']>>): Promise<string> {
  await expect.poll(() => String(response.message?.content ?? ''), { timeout: 5_000 }).not.toBe('');
  return String(response.message?.content);
}

type Embed = { title?: string; fields?: { name: string; value: string }[] };
const embedOf = (message: Readonly<Record<string, unknown>> | undefined) =>
  ((message?.embeds as Embed[] | undefined) ?? [])[0];
const fieldOf = (message: Readonly<Record<string, unknown>> | undefined, name: string) =>
  embedOf(message)?.fields?.find((field) => field.name === name)?.value;

async function openListing(fake: FakeDiscord, guildId: string, userId: string) {
  const response = await fake.useSlashCommand({
    locale: 'ko',
    guildId,
    channelId: fake.channelId(guildId, '채팅'),
    userId,
    name: 'job',
    options: [
      {
        name: 'open',
        type: 1,
        options: [
          { name: 'title', type: 3, value: '랭크 같이 하실 분 @everyone' },
          { name: 'description', type: 3, value: '골드 이상 <@&1> 환영' },
        ],
      },
    ],
  });
  const answer = await answerOf(response);
  const [postId, roomId] = [...answer.matchAll(/<#(\d+)>/g)].map((match) => match[1] as string);
  if (postId === undefined) throw new Error(`no listing in the answer: ${answer}`);
  return { postId, roomId: roomId ?? '', answer };
}

describe('the job board in the bot', () => {
  it('opens a post and a room with the right fields and permissions, counts a burst with few edits, and closes when the room is deleted', async () => {
    const { fake, guildId, start, user, forumId, categoryId } = await setUp();
    const bot = await start();
    const owner = user('owner');
    const { postId, roomId, answer } = await openListing(fake, guildId, owner);
    expect(answer).toMatch(/^구인 글을 열었어요/);

    const roomRequest = fake.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/channels'),
    );
    expect(roomRequest?.body).toMatchObject({ type: 2, parent_id: categoryId, user_limit: 5 });
    const overwrites = (roomRequest?.body.permission_overwrites ?? []) as { id: string; type: number; allow: string }[];
    const overwrite = overwrites[0];
    expect(overwrite).toMatchObject({ id: owner, type: 1 });
    const allowed = BigInt(overwrite?.allow ?? '0');
    expect(allowed & (PermissionFlagsBits.Connect | PermissionFlagsBits.Speak)).toBe(
      PermissionFlagsBits.Connect | PermissionFlagsBits.Speak,
    );
    expect(fake.channel(roomId)).toMatchObject({
      type: 2,
      parent_id: categoryId,
      user_limit: 5,
      name: '🎯 민지님의 방',
    });
    const postRequest = fake.requests.find((request) => request.path === `/channels/${forumId}/threads`);
    expect(postRequest?.body).toMatchObject({
      name: '랭크 같이 하실 분 @everyone',
      message: { allowed_mentions: { parse: [] } },
    });
    const starter = () => fake.messages(postId).find((message) => message.id === postId);
    expect(fieldOf(starter(), '참여자')).toBe('0/5');
    expect(fieldOf(starter(), '작성자')).toBe(`<@${owner}>`);
    expect(fieldOf(starter(), '음성 채널')).toBe(`<#${roomId}>`);
    expect(await bot.store.getJobListingByPost(postId)).toMatchObject({ voiceChannelId: roomId, status: 'open' });

    // 50 voice events in well under a second: eight members in and out, four in the room at the end.
    const members = Array.from({ length: 8 }, (_, i) => user(`member${i}`));
    for (let step = 0; step < 50; step += 1) {
      const member = members[step % members.length] as string;
      const inRoom = step >= 42 ? step % 2 === 0 : step % 3 !== 2;
      fake.setVoiceState({ guildId, userId: member, channelId: inRoom ? roomId : null });
    }
    const edits = () =>
      fake.requests.filter(
        (request) => request.method === 'PATCH' && request.path === `/channels/${postId}/messages/${postId}`,
      );
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 8_000 }).toBe('4/5');
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // one debounce more: no late edits pile up
    expect(edits().length).toBeGreaterThanOrEqual(1);
    expect(edits().length).toBeLessThanOrEqual(2);

    // Someone deletes the room: the post is closed with a message saying why, and locked.
    fake.deleteChannel(roomId);
    await expect
      .poll(() => (fake.channel(postId)?.thread_metadata as { locked?: boolean })?.locked, { timeout: 5_000 })
      .toBe(true);
    const closing = fake.messages(postId).find((message) => embedOf(message)?.title === '🔒 구인 글이 마감되었습니다');
    expect(embedOf(closing)).toMatchObject({ description: '연동된 음성 채널이 삭제되어 마감되었습니다.' });
    expect(fieldOf(closing, '최대 참여자')).toMatch(/^\d+명$/);
    expect(fake.channel(postId)?.thread_metadata).toMatchObject({ locked: true, archived: true });
    await expect.poll(async () => (await bot.store.getJobListingByPost(postId))?.closeReason).toBe('room-deleted');
  }, 30_000);

  it('ends a 429 storm on post edits with the right count', async () => {
    const { fake, guildId, start, user } = await setUp();
    await start();
    const { postId, roomId } = await openListing(fake, guildId, user('owner'));
    fake.injectFailure({
      method: 'PATCH',
      path: /\/channels\/\d+\/messages\/\d+$/,
      status: 429,
      retryAfterMs: 400,
      times: 4,
    });
    for (let i = 0; i < 3; i += 1) fake.setVoiceState({ guildId, userId: user(`member${i}`), channelId: roomId });
    const starter = () => fake.messages(postId).find((message) => message.id === postId);
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 15_000 }).toBe('3/5');
    const limited = fake.requests.filter((request) => request.status === 429);
    expect(limited.length).toBe(4);
    // Each 429 was waited out, not hammered: the retries came at least retry-after apart.
    const tries = fake.requests.filter((request) => request.path === `/channels/${postId}/messages/${postId}`);
    for (let i = 1; i < Math.min(tries.length, 5); i += 1) {
      expect((tries[i]?.at ?? 0) - (tries[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(350);
    }
  }, 30_000);

  it('edits a post again after its edits fail with 500s, until it shows who is in the room', async () => {
    const { fake, guildId, start, user } = await setUp();
    await start();
    const { postId, roomId } = await openListing(fake, guildId, user('owner'));
    // discord.js tries each edit four times; two edits' worth of 500s, then Discord is back.
    fake.injectFailure({
      method: 'PATCH',
      path: new RegExp(`/channels/${postId}/messages/${postId}$`),
      status: 500,
      times: 8,
    });
    for (const name of ['member0', 'member1'])
      await fake.setVoiceState({ guildId, userId: user(name), channelId: roomId });
    const starter = () => fake.messages(postId).find((message) => message.id === postId);
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 15_000 }).toBe('2/5');
    const edits = fake.requests.filter(
      (request) => request.method === 'PATCH' && request.path.endsWith(`/messages/${postId}`),
    );
    expect(edits.map((request) => request.status)).toEqual([500, 500, 500, 500, 500, 500, 500, 500, 200]);
  }, 30_000);

  it('keeps a listing working across a restart, and closes it from the post button for its owner only', async () => {
    const { fake, guildId, start, user } = await setUp();
    const first = await start();
    const { postId, roomId } = await openListing(fake, guildId, user('owner'));
    fake.setVoiceState({ guildId, userId: user('member0'), channelId: roomId });
    const starter = () => fake.messages(postId).find((message) => message.id === postId);
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 8_000 }).toBe('1/5');
    // A join whose edit is still waiting for the debounce when the bot stops: written on the way out.
    fake.setVoiceState({ guildId, userId: user('member1'), channelId: roomId });
    await expect.poll(() => first.guildkit.board?.openListings(guildId)[0]?.participantCount).toBe(2);
    await first.shutdown('restart');
    expect(fieldOf(starter(), '참여자')).toBe('2/5');

    fake.setVoiceState({ guildId, userId: user('member2'), channelId: roomId }); // while the bot is away
    const second: RunningBot = await start();
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 8_000 }).toBe('3/5');
    fake.setVoiceState({ guildId, userId: user('member3'), channelId: roomId });
    await expect.poll(() => fieldOf(starter(), '참여자'), { timeout: 8_000 }).toBe('4/5');

    const stranger = await fake.pressButton({
      locale: 'ko',
      guildId,
      channelId: postId,
      userId: user('member5'),
      messageId: postId,
      customId: 'guildkit:job-close',
    });
    expect(await answerOf(stranger)).toBe('작성자나 채널 관리 권한이 있는 멤버만 마감할 수 있어요.');
    const owner = await fake.pressButton({
      guildId,
      channelId: postId,
      userId: user('owner'),
      messageId: postId,
      customId: 'guildkit:job-close',
      locale: 'en-US',
    });
    expect(await answerOf(owner)).toBe(`Closed the listing <#${postId}>.`);
    expect(fake.channel(roomId)).toBeUndefined();
    expect(fake.channel(postId)?.thread_metadata).toMatchObject({ locked: true, archived: true });
    expect(await second.store.getJobListingByPost(postId)).toMatchObject({
      status: 'closed',
      closeReason: 'owner',
      peakParticipants: 4,
    });
  }, 40_000);

  it('answers /job open twice with the same listing, /job close inside a post for a moderator, and /job close with nothing open', async () => {
    const { fake, guildId, start, user } = await setUp();
    const bot = await start();
    const first = await openListing(fake, guildId, user('owner'));
    const again = await openListing(fake, guildId, user('owner'));
    expect(again.answer).toBe(`이미 열린 구인 글이 있어요: <#${first.postId}>`);
    const close = (userId: string, channelId: string) =>
      fake.useSlashCommand({
        locale: 'ko',
        guildId,
        channelId,
        userId,
        name: 'job',
        options: [{ name: 'close', type: 1 }],
      });
    expect(await answerOf(await close(user('member0'), first.postId))).toBe(
      '작성자나 채널 관리 권한이 있는 멤버만 마감할 수 있어요.',
    );
    expect(await answerOf(await close(user('moderator'), first.postId))).toBe(
      `구인 글 <#${first.postId}>을(를) 마감했어요.`,
    );
    expect(await bot.store.getJobListingByPost(first.postId)).toMatchObject({ closeReason: 'moderator' });
    expect(await answerOf(await close(user('owner'), fake.channelId(guildId, '채팅')))).toMatch(
      /^마감할 구인 글이 없어요/,
    );
  }, 30_000);

  it('tells a member what was wrong with their title or description, in their language, and opens nothing', async () => {
    const { fake, guildId, start, user, logs } = await setUp();
    const bot = await start();
    const open = async (locale: string, title: string, description?: string) => {
      const options = [{ name: 'title', type: 3, value: title }];
      if (description !== undefined) options.push({ name: 'description', type: 3, value: description });
      const response = await fake.useSlashCommand({
        locale,
        guildId,
        channelId: fake.channelId(guildId, '채팅'),
        userId: user('member1'),
        name: 'job',
        options: [{ name: 'open', type: 1, options }],
      });
      expect(response.message?.flags).toBe(64); // only the member sees it
      return answerOf(response);
    };
    expect(await open('ko', ' \u3000 ')).toBe(
      '구인 글을 열지 못했어요: 제목이 비어 있거나 공백뿐이에요. 몇 글자 적거나 비워 두세요.',
    );
    expect(await open('en-US', 'x'.repeat(101))).toBe(
      'Could not open the listing: the title is too long: at most 100 characters.',
    );
    expect(await open('en-US', 'ok', 'y'.repeat(1_001))).toBe(
      'Could not open the listing: the description is too long: at most 1000 characters.',
    );
    expect(await open('en-US', 'two\nlines')).toMatch(
      /^Could not open the listing: the title holds control characters/,
    );
    expect(await open('ko', '랭크', '골드\u0007 이상')).toBe(
      '구인 글을 열지 못했어요: 설명에 제어 문자(제목의 줄바꿈 등)가 있어요. 일반 텍스트로 다시 입력해 주세요.',
    );
    // Lines and tabs are fine in a description.
    expect(await open('en-US', 'Raid tonight', 'Bring:\n\t- potions')).toMatch(/^Your listing is open: <#\d+>/);
    expect(bot.guildkit.board?.openListings(guildId)).toHaveLength(1);
    // A member's mistake is not the bot's failure: nothing at error level.
    expect(logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  }, 30_000);

  it('locks the post even when its closing message cannot be sent', async () => {
    const { fake, guildId, start, user } = await setUp();
    const bot = await start();
    const errors: unknown[] = [];
    bot.guildkit.board?.on('error', (error) => errors.push(error));
    const { postId, roomId } = await openListing(fake, guildId, user('owner'));
    // discord.js tries a 5xx four times in all; the closing message never gets through.
    fake.injectFailure({ method: 'POST', path: new RegExp(`/channels/${postId}/messages$`), status: 503, times: 4 });
    const close = await fake.pressButton({
      locale: 'ko',
      guildId,
      channelId: postId,
      userId: user('owner'),
      messageId: postId,
      customId: 'guildkit:job-close',
    });
    expect(await answerOf(close)).toBe(`구인 글 <#${postId}>을(를) 마감했어요.`);
    expect(fake.channel(postId)?.thread_metadata).toMatchObject({ locked: true, archived: true });
    expect(fake.channel(roomId)).toBeUndefined();
    expect(fake.messages(postId)).toHaveLength(1); // only the post's own first message
    expect(errors).toHaveLength(1);
  }, 30_000);

  it('says which permission the bot lacks for the board', async () => {
    const { start, logs } = await setUp(
      community({
        botPermissions:
          PermissionFlagsBits.ViewChannel |
          PermissionFlagsBits.SendMessages |
          PermissionFlagsBits.Connect |
          PermissionFlagsBits.Speak,
      }),
    );
    await start();
    await expect
      .poll(() =>
        logs
          .filter((line) => line.step === 'job-board:permissions')
          .map((line) => String((line.err as { message?: string } | undefined)?.message)),
      )
      .toEqual([
        expect.stringMatching(
          /the bot lacks EmbedLinks, ManageThreads, SendMessagesInThreads in the forum \d+; the bot lacks ManageChannels in the category \d+$/,
        ),
      ]);
  });
});
