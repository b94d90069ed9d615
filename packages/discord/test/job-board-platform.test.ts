// The job board's platform on a real discord.js client against fake-discord.
import { jobListingFixture } from '@guildkit/core/testing';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { Client, GatewayIntentBits } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DiscordJobBoardPlatform } from '../src/index.ts';

describe('DiscordJobBoardPlatform', () => {
  it('closes a post with one closing message, however often closing is tried again', async () => {
    const fake = await startFakeDiscord({
      guilds: [{ name: 'Test', channels: [{ name: 'lfg', type: 'forum' }], members: [{ username: 'ana' }] }],
    });
    onTestFinished(() => fake.close());
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 0 } });
    onTestFinished(() => client.destroy());
    await client.login(fake.token);
    const guildId = fake.guildId('Test');
    const platform = new DiscordJobBoardPlatform({ client });
    const { roomId } = await platform.createRoom({
      guildId,
      ownerId: fake.userId(guildId, 'ana'),
      ownerName: 'Ana',
      title: '',
      categoryId: null,
      userLimit: 5,
    });
    const listing = jobListingFixture(1, {
      guildId,
      forumChannelId: fake.channelId(guildId, 'lfg'),
      voiceChannelId: roomId,
    });
    const { postId } = await platform.createPost({ listing });
    const closing = { reason: 'owner' as const, closedAt: Date.now() };
    const closed = { ...listing, postId, status: 'closed' as const };

    // The first try sends its closing message, but Discord fails to lock the post.
    fake.injectFailure({ method: 'PATCH', path: new RegExp(`/channels/${postId}$`), status: 500, times: 1 });
    await expect(platform.closePost(closed, closing)).rejects.toThrow();
    const locked = () => (fake.channel(postId)?.thread_metadata as { locked?: boolean } | undefined)?.locked;
    expect(locked()).toBe(false);
    // Tried again (as after a restart): no second message, and now locked.
    await platform.closePost(closed, closing);
    await platform.closePost(closed, closing);
    expect(fake.messages(postId)).toHaveLength(2); // the post's first message, and one closing message
    expect(locked()).toBe(true);
  });
});
