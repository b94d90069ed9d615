import type { JobListing, VoiceStateEvent } from '@guildkit/core';
import { MemoryJobBoardPlatform, snowflake, voiceEventFixture } from '@guildkit/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  JobBoard,
  type JobBoardOptions,
  JobOpenError,
  JobTargetGoneError,
  MemoryDatabase,
  MemoryStore,
} from '../src/index.ts';

const guildId = snowflake('guild', 1);
const forumChannelId = snowflake('channel', 1);
const categoryId = snowflake('channel', 2);
const owner = snowflake('user', 1);
const user = (n: number) => snowflake('user', 100 + n);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

function setUp(options: Partial<JobBoardOptions> = {}) {
  const store = new MemoryStore();
  const platform = new MemoryJobBoardPlatform();
  const board = new JobBoard({ store, platform, channels: () => ({ forumChannelId, categoryId }), ...options });
  const errors: unknown[] = [];
  board.on('error', (error) => errors.push(error));
  return { store, platform, board, errors };
}

function voice(userId: string, channelId: string | null, extra: Partial<VoiceStateEvent> = {}): VoiceStateEvent {
  const channel = channelId === null ? null : { id: channelId, name: 'room', parentId: categoryId };
  return voiceEventFixture(guildId, userId, channel, { at: Date.now(), ...extra });
}

const openRequest = {
  guildId,
  ownerId: owner,
  ownerName: '민지',
  title: '랭크 같이 하실 분',
  description: '골드 이상',
};

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('JobBoard: opening', () => {
  it('creates the room, then the post, saves the link, and gives one open listing per owner', async () => {
    const { store, platform, board } = setUp();
    const { listing, created } = await board.open(openRequest);
    expect(created).toBe(true);
    expect(platform.calls).toEqual(['createRoom', 'createPost']);
    expect([...platform.rooms.values()]).toEqual([
      { guildId, categoryId, ownerId: owner, ownerName: '민지', title: '랭크 같이 하실 분', userLimit: 5 },
    ]);
    expect(platform.posts.get(listing.postId)?.shows).toMatchObject({
      voiceChannelId: listing.voiceChannelId,
      title: '랭크 같이 하실 분',
      participantCount: 0,
    });
    expect(listing).toMatchObject({ guildId, forumChannelId, ownerId: owner, status: 'open', userLimit: 5 });
    expect(await store.getJobListingByPost(listing.postId)).toEqual(listing);

    const again = await board.open({ ...openRequest, title: 'another' });
    expect(again).toEqual({ listing, created: false });
    expect(platform.rooms.size).toBe(1);
  });

  it('opens once when the same owner asks twice at the same time', async () => {
    const { platform, board } = setUp();
    const release = platform.hold('createRoom');
    const first = board.open(openRequest);
    const second = board.open(openRequest);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.created).toBe(true);
    expect(b).toEqual({ listing: a.listing, created: false });
    expect(platform.rooms.size).toBe(1);
  });

  it('lets an owner open several when onePerOwner is off', async () => {
    const { platform, board } = setUp({ onePerOwner: false });
    await board.open(openRequest);
    await board.open(openRequest);
    expect(platform.posts.size).toBe(2);
    expect(board.openListings(guildId)).toHaveLength(2);
  });

  it('removes what it created when a later step fails, and names the step', async () => {
    const { store, platform, board } = setUp();
    platform.failNext('createRoom');
    await expect(board.open(openRequest)).rejects.toMatchObject({ name: 'JobOpenError', step: 'room', undone: true });

    platform.failNext('createPost');
    const postFailure = await board.open(openRequest).catch((error: unknown) => error);
    expect(postFailure).toBeInstanceOf(JobOpenError);
    expect(postFailure).toMatchObject({ step: 'post', undone: true });
    expect((postFailure as Error).message).toMatch(/creating the forum post; nothing of it was left behind/);
    expect(platform.rooms.size).toBe(0);

    class FailingStore extends MemoryStore {
      override async saveJobListing(): Promise<void> {
        throw new Error('disk full');
      }
    }
    const other = new JobBoard({ store: new FailingStore(), platform, channels: () => ({ forumChannelId }) });
    await expect(other.open(openRequest)).rejects.toMatchObject({ step: 'store', undone: true });
    expect(platform.rooms.size).toBe(0);
    expect(platform.posts.size).toBe(0);
    expect(await store.listOpenJobListings()).toEqual([]);

    // Undoing can fail too; the error says so.
    platform.failNext('createPost');
    platform.failNext('deleteRoom');
    await expect(board.open(openRequest)).rejects.toMatchObject({ step: 'post', undone: false });
  });

  it('refuses malformed requests and guilds without a board, naming the field', async () => {
    const { board } = setUp({ channels: (id) => (id === guildId ? { forumChannelId } : undefined) });
    await expect(board.open({ ...openRequest, title: 'x'.repeat(101) })).rejects.toThrow(/^title must be/);
    await expect(board.open({ ...openRequest, userLimit: 100 })).rejects.toThrow(/^userLimit must be/);
    await expect(board.open({ ...openRequest, tags: ['x'.repeat(51)] })).rejects.toThrow(/^tags\[0\] must be/);
    await expect(board.open({ ...openRequest, ownerId: 'me' })).rejects.toThrow(/^ownerId must be/);
    await expect(board.open({ ...openRequest, guildId: snowflake('guild', 9) })).rejects.toThrow(/job board/);
    expect(() => new JobBoard({ store: new MemoryStore(), platform: {} as never, channels: () => undefined })).toThrow(
      /JobBoardOptions.platform/,
    );
    expect(() => setUp({ updateDebounceMs: -1 })).toThrow(/updateDebounceMs must be a whole number from 0/);
  });
});

describe('JobBoard: participants', () => {
  it('edits the post once for a burst of 50 joins, with the latest count, and keeps peak and time', async () => {
    const { store, platform, board } = setUp();
    const { listing } = await board.open(openRequest);
    const room = listing.voiceChannelId;
    for (let n = 0; n < 50; n += 1) {
      board.apply(voice(user(n), room));
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    const post = platform.posts.get(listing.postId);
    expect(post?.edits).toEqual([50]);

    // A leave during an edit on its way is shown by the next edit, after the debounce.
    const release = platform.hold('updatePost');
    board.apply(voice(user(0), null));
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    board.apply(voice(user(1), null));
    release();
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    expect(post?.edits).toEqual([50, 49, 48]);

    // A join and a leave within one debounce change nothing on the post.
    board.apply(voice(user(60), room));
    board.apply(voice(user(60), null));
    await vi.advanceTimersByTimeAsync(5 * SECOND);
    expect(post?.edits).toEqual([50, 49, 48]);

    const stored = (await store.getJobListingByPost(listing.postId)) as JobListing;
    expect(stored.participantCount).toBe(48);
    expect(stored.peakParticipants).toBe(50);
    expect(stored.totalVoiceMs).toBeGreaterThan(0);
    expect(board.stats()).toMatchObject({ open: 1, edits: 3 });
  });

  it('counts moves between rooms, ignores bots, mute changes and other rooms, and never throws', async () => {
    const { platform, board } = setUp({ onePerOwner: false });
    const a = (await board.open(openRequest)).listing;
    const b = (await board.open(openRequest)).listing;
    board.apply(voice(user(1), a.voiceChannelId));
    board.apply(voice(user(1), a.voiceChannelId, { selfMute: true }));
    board.apply(voice(user(2), a.voiceChannelId, { bot: true }));
    board.apply(voice(user(3), snowflake('channel', 77)));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    board.apply(voice(user(1), b.voiceChannelId));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(platform.posts.get(a.postId)?.edits).toEqual([1, 0]);
    expect(platform.posts.get(b.postId)?.edits).toEqual([1]);
    board.apply(null as never);
    board.apply({ guildId: 5 } as never);
    expect(board.stats().invalid).toBe(2);
  });

  it('follows members who join while the post is being created', async () => {
    const { platform, board } = setUp();
    const release = platform.hold('createPost');
    const opening = board.open(openRequest);
    await vi.advanceTimersByTimeAsync(0);
    const [roomId] = [...platform.rooms.keys()];
    board.apply(voice(owner, roomId as string));
    release();
    const { listing } = await opening;
    expect(listing.participantCount).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    expect(platform.posts.get(listing.postId)?.edits).toEqual([1]);
  });
});

describe('JobBoard: closing', () => {
  it('closes when the room is deleted: locks the post with a closing message and keeps the listing', async () => {
    const { store, platform, board } = setUp();
    const closed: string[] = [];
    board.on('closed', (_listing, reason) => closed.push(reason));
    const { listing } = await board.open(openRequest);
    board.apply(voice(user(1), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    platform.removeChannel(listing.voiceChannelId);
    await board.channelDeleted({ guildId, channelId: listing.voiceChannelId, at: Date.now() });
    const post = platform.posts.get(listing.postId);
    expect(post?.closing).toEqual({ reason: 'room-deleted', closedAt: Date.now() });
    expect(post?.shows).toMatchObject({ status: 'closed', peakParticipants: 1, totalVoiceMs: 10 * MINUTE });
    expect(platform.calls).not.toContain(`deleteRoom ${listing.voiceChannelId}`);
    expect(await store.getJobListingByPost(listing.postId)).toMatchObject({
      status: 'closed',
      closeReason: 'room-deleted',
      closedAt: Date.now(),
      peakParticipants: 1,
      totalVoiceMs: 10 * MINUTE,
    });
    expect(closed).toEqual(['room-deleted']);
    // Voice events of the room no longer count; closing again changes nothing.
    board.apply(voice(user(2), listing.voiceChannelId));
    expect(await board.closeListing(listing.postId, 'owner')).toMatchObject({ closeReason: 'room-deleted' });
    expect(board.stats()).toMatchObject({ open: 0, closed: 1 });
  });

  it('lets the owner or a moderator close, nobody else, and closing twice at once closes once', async () => {
    const { platform, board } = setUp({ onePerOwner: false });
    const first = (await board.open(openRequest)).listing;
    const stranger = { userId: user(9), canManageChannels: false };
    expect(await board.closeListingBy(first.postId, stranger)).toMatchObject({ outcome: 'not-allowed' });
    const [a, b] = await Promise.all([
      board.closeListingBy(first.postId, { userId: owner, canManageChannels: false }),
      board.closeListingBy(first.postId, { userId: owner, canManageChannels: false }),
    ]);
    expect(a.outcome).toBe('closed');
    expect(b.outcome).toBe('already-closed');
    expect(platform.calls.filter((call) => call.startsWith('closePost'))).toHaveLength(1);
    expect(platform.rooms.has(first.voiceChannelId)).toBe(false);
    expect(platform.posts.get(first.postId)?.closing?.reason).toBe('owner');

    const second = (await board.open(openRequest)).listing;
    expect(await board.closeListingBy(second.postId, { ...stranger, canManageChannels: true })).toMatchObject({
      outcome: 'closed',
      listing: { closeReason: 'moderator' },
    });
    expect(await board.closeListingBy(snowflake('post', 9), stranger)).toEqual({ outcome: 'not-found' });
    expect(await board.closeListingBy(second.postId, stranger)).toMatchObject({ outcome: 'already-closed' });
  });

  it('closes an empty room after idleTimeoutMs; a join stops the wait and a leave starts it again', async () => {
    const { platform, board } = setUp({ idleTimeoutMs: 30 * MINUTE });
    const { listing } = await board.open(openRequest);
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    board.apply(voice(owner, listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(40 * MINUTE);
    expect(board.stats().open).toBe(1);
    board.apply(voice(owner, null));
    await vi.advanceTimersByTimeAsync(30 * MINUTE - 1);
    expect(board.stats().open).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(board.stats().open).toBe(0);
    expect(platform.posts.get(listing.postId)?.closing?.reason).toBe('idle');
    expect(platform.rooms.size).toBe(0);
  });

  it('closes the listing whose post is gone when an edit finds it so, and deletes its room', async () => {
    const { platform, board, errors } = setUp();
    const { listing } = await board.open(openRequest);
    platform.removeChannel(listing.postId);
    board.apply(voice(user(1), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(board.stats().open).toBe(0);
    expect(platform.rooms.size).toBe(0);
    expect(errors).toEqual([]);
  });

  it('carries on past a failing closing step, and says so', async () => {
    const { platform, board, errors } = setUp();
    const { listing } = await board.open(openRequest);
    platform.failNext('closePost', new Error('Missing Access'));
    const closed = await board.closeListing(listing.postId, 'owner');
    expect(closed?.status).toBe('closed');
    expect(platform.rooms.size).toBe(0);
    expect(errors).toEqual([new Error('Missing Access')]);
    expect(new JobTargetGoneError('room', '1').message).toBe("The job listing's room 1 no longer exists.");
  });
});

describe('JobBoard: posts converge', () => {
  it('edits a post again, with backoff, until an edit goes through and it shows the truth', async () => {
    const { platform, board } = setUp({ retryDelayMs: 1_000 });
    const errors: unknown[] = [];
    board.on('error', (error, context) => errors.push([(error as Error).message, context]));
    const { listing } = await board.open(openRequest);
    for (let i = 0; i < 3; i += 1) platform.failNext('updatePost', new Error('500: Internal Server Error'));
    board.apply(voice(user(1), listing.voiceChannelId));
    board.apply(voice(user(2), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(2 * SECOND); // the debounce: the first edit fails
    await vi.advanceTimersByTimeAsync(1 * SECOND + 2 * SECOND); // two retries fail
    expect(platform.posts.get(listing.postId)?.edits).toEqual([]);
    board.apply(voice(user(3), listing.voiceChannelId)); // a change meanwhile waits for the retry
    await vi.advanceTimersByTimeAsync(4 * SECOND);
    expect(platform.posts.get(listing.postId)?.edits).toEqual([3]);
    const { postId } = listing;
    expect(errors).toEqual([
      ['500: Internal Server Error', { step: 'edit', postId, retryInMs: 1_000 }],
      ['500: Internal Server Error', { step: 'edit', postId, retryInMs: 2_000 }],
      ['500: Internal Server Error', { step: 'edit', postId, retryInMs: 4_000 }],
    ]);
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    expect(platform.posts.get(listing.postId)?.edits).toEqual([3]); // nothing more once it is right
  });
});

describe('JobBoard: restarts', () => {
  it('picks up open listings: gone rooms and posts close, the rest carry on with who is in voice', async () => {
    const { store, platform, board } = setUp({ onePerOwner: false });
    const kept = (await board.open(openRequest)).listing;
    const roomGone = (await board.open(openRequest)).listing;
    const postGone = (await board.open(openRequest)).listing;
    board.apply(voice(user(1), kept.voiceChannelId));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    await board.close(); // the process stops
    platform.removeChannel(roomGone.voiceChannelId);
    platform.removeChannel(postGone.postId);

    const restarted = new JobBoard({ store, platform, channels: () => ({ forumChannelId }) });
    await restarted.restore(guildId, [voice(user(1), kept.voiceChannelId), voice(user(2), kept.voiceChannelId)]);
    expect(restarted.openListings(guildId).map((listing) => listing.postId)).toEqual([kept.postId]);
    expect(await store.getJobListingByPost(roomGone.postId)).toMatchObject({ closeReason: 'room-deleted' });
    expect(platform.posts.get(roomGone.postId)?.closing?.reason).toBe('room-deleted');
    expect(await store.getJobListingByPost(postGone.postId)).toMatchObject({ closeReason: 'post-deleted' });
    expect(platform.rooms.has(postGone.voiceChannelId)).toBe(false);
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(platform.posts.get(kept.postId)?.edits).toEqual([1, 2]);

    // It keeps working: a leave is counted, and the owner can close.
    restarted.apply(voice(user(2), null));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(platform.posts.get(kept.postId)?.edits).toEqual([1, 2, 1]);
    const result = await restarted.closeListingBy(kept.postId, { userId: owner, canManageChannels: false });
    expect(result.outcome).toBe('closed');
  });

  it('writes a pending edit on close', async () => {
    const { platform, board, store } = setUp();
    const { listing } = await board.open(openRequest);
    board.apply(voice(user(1), listing.voiceChannelId));
    await board.close();
    expect(platform.posts.get(listing.postId)?.edits).toEqual([1]);
    expect(await store.getJobListingByPost(listing.postId)).toMatchObject({ participantCount: 1, status: 'open' });
  });

  it('restores a guild once at a time, and applies voice events that came meanwhile after it', async () => {
    const { store, platform, board } = setUp({ onePerOwner: false });
    const kept = (await board.open(openRequest)).listing;
    const gone = (await board.open(openRequest)).listing;
    await board.close();
    platform.removeChannel(gone.voiceChannelId);
    const restarted = new JobBoard({ store, platform, channels: () => ({ forumChannelId }) });
    const release = platform.hold('existingChannels');
    // The snapshot says user 1 is in the room; they leave, and user 2 joins, before the restore ends.
    const first = restarted.restore(guildId, [voice(user(1), kept.voiceChannelId)]);
    const second = restarted.restore(guildId, [voice(user(1), kept.voiceChannelId)]);
    restarted.apply(voice(user(1), null));
    restarted.apply(voice(user(2), kept.voiceChannelId));
    release();
    await Promise.all([first, second]);
    expect(platform.calls.filter((call) => call === `closePost ${gone.postId}`)).toHaveLength(1);
    expect(restarted.stats().closed).toBe(1);
    expect(restarted.openListings(guildId)).toMatchObject([{ postId: kept.postId, participantCount: 1 }]);
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(platform.posts.get(kept.postId)?.edits).toEqual([1]);
  });

  it('never rejects a restore: a failing store is emitted and retried, and events that came meanwhile apply after', async () => {
    let failures = 2;
    class FlakyStore extends MemoryStore {
      override listOpenJobListings(guild: string) {
        return failures-- > 0 ? Promise.reject(new Error('database down')) : super.listOpenJobListings(guild);
      }
    }
    const database = new MemoryDatabase();
    const platform = new MemoryJobBoardPlatform();
    const board = new JobBoard({
      store: new MemoryStore({ database }),
      platform,
      channels: () => ({ forumChannelId }),
    });
    const kept = (await board.open(openRequest)).listing;
    await board.close();
    const flaky = new FlakyStore({ database });
    const restarted = new JobBoard({ store: flaky, platform, channels: () => ({ forumChannelId }), retryDelayMs: 100 });
    const errors: unknown[] = [];
    restarted.on('error', (error, context) => errors.push([(error as Error).message, context]));
    const restoring = restarted.restore(guildId, [voice(user(1), kept.voiceChannelId)]);
    restarted.apply(voice(user(2), kept.voiceChannelId));
    await vi.advanceTimersByTimeAsync(300);
    await restoring;
    expect(errors).toEqual([
      ['database down', { step: 'restore', guildId, retryInMs: 100 }],
      ['database down', { step: 'restore', guildId, retryInMs: 200 }],
    ]);
    expect(restarted.stats().restoreFailures).toBe(2);
    expect(restarted.openListings(guildId)).toMatchObject([{ postId: kept.postId, participantCount: 2 }]);
  });

  it('puts a member who moved between two listed rooms while the bot was away in the right one', async () => {
    const { board } = setUp({ onePerOwner: false });
    const a = (await board.open(openRequest)).listing;
    const b = (await board.open(openRequest)).listing;
    board.apply(voice(user(1), b.voiceChannelId));
    await board.restore(guildId, [voice(user(1), a.voiceChannelId)]); // missed the move from b to a
    expect(board.openListings(guildId).map((listing) => listing.participantCount)).toEqual([1, 0]);
    board.apply(voice(user(1), null));
    expect(board.openListings(guildId).map((listing) => listing.participantCount)).toEqual([0, 0]);
  });

  it('answers for listings it has not picked up yet: the owner gets it back, a stranger may not close it', async () => {
    const { store, platform, board } = setUp();
    const { listing } = await board.open(openRequest);
    await board.close();
    const restarted = new JobBoard({ store, platform, channels: () => ({ forumChannelId }) });
    expect(await restarted.open(openRequest)).toEqual({
      listing: expect.objectContaining({ postId: listing.postId }),
      created: false,
    });
    expect(await restarted.closeListingBy(listing.postId, { userId: user(9), canManageChannels: false })).toMatchObject(
      {
        outcome: 'not-allowed',
      },
    );
    expect(restarted.stats().open).toBe(0); // not taken up by a refused request
    expect(await restarted.closeListingBy(listing.postId, { userId: owner, canManageChannels: false })).toMatchObject({
      outcome: 'closed',
    });
  });

  it('writes the latest counts on close even when an edit was on its way and more changed', async () => {
    const { store, platform, board } = setUp();
    const { listing } = await board.open(openRequest);
    board.apply(voice(user(1), listing.voiceChannelId));
    const release = platform.hold('updatePost');
    await vi.advanceTimersByTimeAsync(2 * SECOND); // the edit is sent, and held
    board.apply(voice(user(2), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    const closing = board.close();
    release();
    await closing;
    expect(platform.posts.get(listing.postId)?.edits).toEqual([1, 2]);
    const stored = (await store.getJobListingByPost(listing.postId)) as JobListing;
    expect(stored).toMatchObject({ participantCount: 2, peakParticipants: 2 });
    expect(stored.totalVoiceMs).toBe(20 * MINUTE + 2 * SECOND); // one joined 2 s before the other
    await expect(board.open({ ...openRequest, ownerId: user(5) })).rejects.toThrow(/closed/);
  });
});

describe('JobBoard: rare turns', () => {
  it('closes a listing whose room was deleted while its post was being created', async () => {
    const { platform, board } = setUp();
    const release = platform.hold('createPost');
    const opening = board.open(openRequest);
    await vi.advanceTimersByTimeAsync(0);
    const [roomId] = [...platform.rooms.keys()] as [string];
    platform.removeChannel(roomId);
    await board.channelDeleted({ guildId, channelId: roomId, at: Date.now() });
    release();
    const { listing } = await opening;
    expect(listing).toMatchObject({ status: 'closed', closeReason: 'room-deleted' });
    expect(platform.posts.get(listing.postId)?.closing?.reason).toBe('room-deleted');
    expect(board.stats().open).toBe(0);
  });

  it('closes a listing whose post is deleted, and deletes its room', async () => {
    const { platform, board } = setUp();
    const { listing } = await board.open(openRequest);
    platform.removeChannel(listing.postId);
    await board.channelDeleted({ guildId, channelId: listing.postId, at: Date.now() });
    expect(platform.rooms.has(listing.voiceChannelId)).toBe(false);
    expect(platform.calls).not.toContain(`closePost ${listing.postId}`);
    expect(board.stats()).toMatchObject({ open: 0, closed: 1 });
  });

  it('carries on when a listener throws', async () => {
    const { platform, board } = setUp();
    board.on('opened', () => {
      throw new Error('listener bug');
    });
    board.on('updated', () => {
      throw new Error('listener bug');
    });
    const { listing } = await board.open(openRequest);
    board.apply(voice(user(1), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    board.apply(voice(user(2), listing.voiceChannelId));
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    expect(platform.posts.get(listing.postId)?.edits).toEqual([1, 2]);
    expect(board.stats().errors).toBe(3);
  });
});
