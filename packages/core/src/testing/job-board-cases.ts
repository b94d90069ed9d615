import {
  JobBoard,
  type JobBoardStore,
  StoreConflictError,
  ValidationError,
  type VoiceStateEvent,
} from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { jobListingFixture, snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';
import { MemoryJobBoardPlatform } from './memory-job-board-platform.ts';

/** @internal */
export function jobBoardCases(harness: StoreHarness): void {
  describe('job listings', () => {
    it('saves a listing and finds it by post, with every field intact', async () => {
      const { store } = await openForTest(harness);
      const listing = jobListingFixture(1, {
        description: '줄바꿈\n"따옴표" \'작은\' \\ @everyone',
        tags: [],
      });
      await store.saveJobListing(listing);
      expect(await store.getJobListingByPost(listing.postId)).toEqual(listing);
      expect(await store.listOpenJobListings(listing.guildId)).toEqual([listing]);
    });

    it('finds nothing for unknown posts', async () => {
      const { store } = await openForTest(harness);
      expect(await store.getJobListingByPost(snowflake('post', 404))).toBeUndefined();
      expect(
        await store.updateJobListing(snowflake('post', 404), {
          participantCount: 1,
        }),
      ).toBeUndefined();
    });

    it('refuses a second listing for the same post or the same voice room', async () => {
      const { store } = await openForTest(harness);
      await store.saveJobListing(jobListingFixture(1));
      await expect(
        store.saveJobListing(jobListingFixture(2, { postId: jobListingFixture(1).postId })),
      ).rejects.toBeInstanceOf(StoreConflictError);
      await expect(
        store.saveJobListing(
          jobListingFixture(2, {
            voiceChannelId: jobListingFixture(1).voiceChannelId,
          }),
        ),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getJobListingByPost(jobListingFixture(2).postId)).toBeUndefined();
    });

    it('updates some fields, returns the listing as it now is, and keeps it so', async () => {
      const { store } = await openForTest(harness);
      const listing = jobListingFixture(1);
      await store.saveJobListing(listing);
      const closedAt = listing.createdAt + 3_600_000;
      const patch = {
        status: 'closed',
        closedAt,
        closeReason: 'room-deleted',
        participantCount: 0,
        peakParticipants: 4,
        totalVoiceMs: 7_200_000,
        tags: ['done'],
      } as const;
      const updated = await store.updateJobListing(listing.postId, patch);
      expect(updated).toEqual({ ...listing, ...patch });
      expect(await store.getJobListingByPost(listing.postId)).toEqual(updated);
      expect(await store.updateJobListing(listing.postId, {})).toEqual(updated);
    });

    it('refuses patches of fields that cannot change or with malformed values', async () => {
      const { store } = await openForTest(harness);
      const listing = jobListingFixture(1);
      await store.saveJobListing(listing);
      const bad = [
        { ownerId: snowflake('user', 9) },
        { status: 'paused' },
        { userLimit: 100 },
        { title: 'x'.repeat(101) },
      ];
      for (const patch of bad) {
        await expect(store.updateJobListing(listing.postId, patch as never)).rejects.toBeInstanceOf(ValidationError);
      }
      expect(await store.getJobListingByPost(listing.postId)).toEqual(listing);
    });

    it('lists open listings, oldest first, for one guild or all', async () => {
      const { store } = await openForTest(harness);
      const otherGuild = snowflake('guild', 2);
      await store.saveJobListing(jobListingFixture(3));
      await store.saveJobListing(jobListingFixture(1));
      await store.saveJobListing(jobListingFixture(2, { guildId: otherGuild }));
      await store.saveJobListing(
        jobListingFixture(4, {
          status: 'closed',
          closedAt: 1,
          closeReason: 'owner',
        }),
      );
      expect((await store.listOpenJobListings()).map((listing) => listing.postId)).toEqual(
        [1, 2, 3].map((n) => snowflake('post', n)),
      );
      expect(await store.listOpenJobListings(jobListingFixture(1).guildId)).toEqual([
        jobListingFixture(1),
        jobListingFixture(3),
      ]);
      expect(await store.listOpenJobListings(snowflake('guild', 3))).toEqual([]);
    });

    it("lists a guild's closed listings, the latest closed first", async () => {
      const { store } = await openForTest(harness);
      const closed = (n: number, closedAt: number) =>
        jobListingFixture(n, { status: 'closed', closedAt, closeReason: 'owner' });
      await store.saveJobListing(closed(1, 1_000));
      await store.saveJobListing(jobListingFixture(2));
      await store.saveJobListing(closed(3, 3_000));
      await store.saveJobListing(closed(4, 2_000));
      await store.saveJobListing({ ...closed(5, 9_000), guildId: snowflake('guild', 3) });
      const guildId = jobListingFixture(1).guildId;
      expect(await store.listClosedJobListings(guildId)).toEqual([
        closed(3, 3_000),
        closed(4, 2_000),
        closed(1, 1_000),
      ]);
      expect((await store.listClosedJobListings(guildId, 2)).map((listing) => listing.postId)).toEqual(
        [3, 4].map((n) => snowflake('post', n)),
      );
      await expect(store.listClosedJobListings(guildId, 1_001)).rejects.toThrow(/^limit/);
    });

    it('requires every field of a new listing and keeps only the known ones', async () => {
      const { store } = await openForTest(harness);
      const { status: _status, ...withoutStatus } = jobListingFixture(1);
      await expect(store.saveJobListing(withoutStatus as never)).rejects.toThrow(/listing\.status/);
      const { tags: _tags, ...withoutTags } = jobListingFixture(1);
      await expect(store.saveJobListing(withoutTags as never)).rejects.toBeInstanceOf(ValidationError);
      await store.saveJobListing({ ...jobListingFixture(1), color: 'red' } as never);
      expect(await store.getJobListingByPost(jobListingFixture(1).postId)).toEqual(jobListingFixture(1));
    });

    it('stores text with lone surrogates as every database can: with U+FFFD in their place', async () => {
      const { store } = await openForTest(harness);
      await store.saveJobListing(jobListingFixture(1, { title: 'half \ud83d', tags: ['\udc00tag'] }));
      const read = await store.getJobListingByPost(jobListingFixture(1).postId);
      expect(read?.title).toBe('half \ufffd');
      expect(read?.tags).toEqual(['\ufffdtag']);
    });

    it('rejects malformed listings and ids', async () => {
      const { store } = await openForTest(harness);
      const bad = [
        jobListingFixture(1, { voiceChannelId: '<#123>' }),
        jobListingFixture(1, { description: 'x'.repeat(4_001) }),
        jobListingFixture(1, {
          tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
        }),
        jobListingFixture(1, { participantCount: -1 }),
        jobListingFixture(1, { peakParticipants: 2 ** 31 }),
        jobListingFixture(1, { createdAt: Number.NaN }),
        jobListingFixture(1, { createdAt: 9e15 }),
        jobListingFixture(1, { title: 'nul\u0000' }),
      ];
      for (const listing of bad) await expect(store.saveJobListing(listing)).rejects.toBeInstanceOf(ValidationError);
      await expect(store.getJobListingByPost('1; DROP TABLE job_listings')).rejects.toBeInstanceOf(ValidationError);
      await expect(store.getJobListingByPost('')).rejects.toBeInstanceOf(ValidationError);
      expect(await store.listOpenJobListings()).toEqual([]);
    });

    it("keeps a JobBoard's listings through a restart on another store of the same database", async () => {
      const { store, openAnother } = await openForTest(harness);
      const platform = new MemoryJobBoardPlatform();
      const guildId = snowflake('guild', 60);
      const forumChannelId = snowflake('channel', 60);
      const boardOn = (on: JobBoardStore) =>
        new JobBoard({
          store: on,
          platform,
          channels: () => ({ forumChannelId }),
          updateDebounceMs: 0,
          onePerOwner: false,
        });
      const inRoom = (userId: string, roomId: string | null): VoiceStateEvent => ({
        ...{ guildId, userId, at: Date.now(), bot: false, afkChannelId: null },
        ...{ channel: roomId === null ? null : { id: roomId, name: 'room', parentId: null } },
        ...{ selfMute: false, selfDeaf: false, serverMute: false, serverDeaf: false },
      });
      const board = boardOn(store);
      const request = {
        guildId,
        ownerId: snowflake('user', 60),
        ownerName: '민지',
        title: '듀오 구해요',
        tags: ['rank'],
      };
      const kept = (await board.open(request)).listing;
      const gone = (await board.open(request)).listing;
      board.apply(inRoom(snowflake('user', 61), kept.voiceChannelId));
      board.apply(inRoom(snowflake('user', 62), kept.voiceChannelId));
      await board.close();
      expect(await store.getJobListingByPost(kept.postId)).toMatchObject({ participantCount: 2, peakParticipants: 2 });

      platform.removeChannel(gone.voiceChannelId);
      const restarted = boardOn(await openAnother());
      await restarted.restore(guildId, [inRoom(snowflake('user', 61), kept.voiceChannelId)]);
      expect(restarted.openListings(guildId).map((listing) => listing.postId)).toEqual([kept.postId]);
      expect(await store.getJobListingByPost(gone.postId)).toMatchObject({
        status: 'closed',
        closeReason: 'room-deleted',
      });
      const closed = await restarted.closeListingBy(kept.postId, { userId: request.ownerId, canManageChannels: false });
      expect(closed).toMatchObject({ outcome: 'closed', listing: { closeReason: 'owner', peakParticipants: 2 } });
      expect(await store.listOpenJobListings(guildId)).toEqual([]);
      expect(await store.getJobListingByPost(kept.postId)).toMatchObject({ status: 'closed', tags: ['rank'] });
    });
  });
}
