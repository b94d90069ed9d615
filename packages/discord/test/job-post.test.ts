import type { JobListing } from '@guildkit/core';
import { formatDuration } from '@guildkit/core';
import { jobListingFixture } from '@guildkit/core/testing';
import { describe, expect, it } from 'vitest';
import { builtInStrings, JOB_CLOSE_BUTTON } from '../src/index.ts';
import { closingBody, postBody, postName, roomName } from '../src/job-post.ts';

const { en: english, ko: korean } = builtInStrings;
const listing: JobListing = jobListingFixture(1, {
  title: '',
  ownerName: '민지',
  description: '@everyone 골드 이상',
  tags: ['rank', 'duo'],
  userLimit: 0,
  participantCount: 3,
  createdAt: Date.parse('2026-11-25T12:00:00Z'),
});

describe('job posts', () => {
  it('shows the listing in English and Korean, with its count as N/limit, and pings nobody', () => {
    const en = postBody(listing, english);
    expect(en.allowed_mentions).toEqual({ parse: [] });
    expect(en.embeds[0]).toMatchObject({
      title: "💼 민지's listing",
      description: '@everyone 골드 이상',
      fields: expect.arrayContaining([
        { name: 'Participants', value: '3/∞', inline: true },
        { name: 'Tags', value: 'rank, duo' },
        { name: 'Opened', value: `<t:${Math.floor(listing.createdAt / 1000)}:R>`, inline: true },
      ]),
    });
    const buttons = JSON.stringify(en.components);
    expect(buttons).toContain(JOB_CLOSE_BUTTON);
    expect(buttons).toContain(`https://discord.com/channels/${listing.guildId}/${listing.voiceChannelId}`);
    const ko = postBody({ ...listing, userLimit: 5 }, korean);
    expect(ko.embeds[0]?.fields).toContainEqual({ name: '참여자', value: '3/5', inline: true });
    expect(postName(listing, korean)).toBe('💼 민지님의 구인 글');
    expect(postName({ ...listing, title: 'x'.repeat(100) }, english)).toHaveLength(100);
    expect(roomName('민지', english)).toBe("🎯 민지's room");
  });

  it('shows a closed listing without buttons, and a closing message with its figures', () => {
    const closed = { ...listing, status: 'closed' as const, peakParticipants: 4, totalVoiceMs: 12_300_000 };
    const body = postBody(closed, english);
    expect(body.components).toEqual([]);
    expect(body.embeds[0]?.title).toBe("[closed] 💼 민지's listing");
    const closing = closingBody(closed, { reason: 'idle', closedAt: listing.createdAt + 5_400_000 }, korean);
    expect(closing.embeds[0]).toMatchObject({
      title: '🔒 구인 글이 마감되었습니다',
      description: '음성 채널이 오랫동안 비어 있어 마감되었습니다.',
      fields: [
        { name: '최대 참여자', value: '4명', inline: true },
        { name: '총 음성 시간', value: '3시간 25분', inline: true },
        { name: '진행 시간', value: '1시간 30분', inline: true },
      ],
    });
  });

  it('formats durations in whole minutes', () => {
    expect(formatDuration(12_300_000, 'ko')).toBe('3시간 25분');
    expect(formatDuration(12_300_000, 'en')).toBe('3h 25m');
    expect(formatDuration(59_999, 'en')).toBe('0m');
    expect(formatDuration(-5, 'ko')).toBe('0분');
  });
});
