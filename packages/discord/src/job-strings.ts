import type { JobCloseReason } from '@guildkit/core';

// Every user-facing string of job posts and their rooms, Korean and English.

/** @internal */
export const jobStrings = {
  ko: {
    roomName: (owner: string) => `🎯 ${owner}님의 방`,
    postTitle: (owner: string) => `💼 ${owner}님의 구인 글`,
    owner: '작성자',
    room: '음성 채널',
    participants: '참여자',
    tags: '태그',
    created: '생성',
    join: '음성 채널 참여',
    close: '마감',
    closedTitle: '🔒 구인 글이 마감되었습니다',
    closedStatus: '마감됨',
    reasons: {
      'room-deleted': '연동된 음성 채널이 삭제되어 마감되었습니다.',
      'post-deleted': '포럼 글이 삭제되어 마감되었습니다.',
      owner: '작성자가 마감했습니다.',
      moderator: '관리자가 마감했습니다.',
      idle: '음성 채널이 오랫동안 비어 있어 마감되었습니다.',
    } satisfies Record<JobCloseReason, string>,
    peak: '최대 참여자',
    totalTime: '총 음성 시간',
    openFor: '진행 시간',
    people: (count: number) => `${count}명`,
  },
  en: {
    roomName: (owner: string) => `🎯 ${owner}'s room`,
    postTitle: (owner: string) => `💼 ${owner}'s listing`,
    owner: 'Owner',
    room: 'Voice room',
    participants: 'Participants',
    tags: 'Tags',
    created: 'Opened',
    join: 'Join the room',
    close: 'Close',
    closedTitle: '🔒 This listing is closed',
    closedStatus: 'closed',
    reasons: {
      'room-deleted': 'Its voice room was deleted.',
      'post-deleted': 'Its forum post was deleted.',
      owner: 'Its owner closed it.',
      moderator: 'A moderator closed it.',
      idle: 'Its voice room stayed empty too long.',
    } satisfies Record<JobCloseReason, string>,
    peak: 'Most people at once',
    totalTime: 'Total voice time',
    openFor: 'Open for',
    people: (count: number) => `${count}`,
  },
} as const;
