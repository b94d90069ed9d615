import type { GuildSeed } from '@guildkit/fake-discord';

const NAMES = [
  '민지',
  '하늘',
  'Alex',
  '서준',
  'Yuna',
  '지호',
  'Sam',
  '도윤',
  'Mina',
  '예린',
  'Chris',
  '수아',
  '현우',
  'Jamie',
  '다은',
  'Leo',
];

/** The demo's community: a few hundred members, voice rooms with a waiting room and an AFK room, and a job forum. */
export function demoCommunity(memberCount: number): GuildSeed {
  return {
    name: 'guildkit 커뮤니티',
    preferredLocale: 'ko',
    roles: [
      { name: '운영진', permissions: (1n << 5n) | (1n << 4n) }, // Manage Server, Manage Channels
      { name: '게이머' },
    ],
    channels: [
      { name: '공지', type: 'text' },
      { name: '채팅', type: 'text' },
      { name: '음성 채널', type: 'category' },
      { name: '수다방', type: 'voice', parent: '음성 채널' },
      { name: '게임방', type: 'voice', parent: '음성 채널', userLimit: 10 },
      { name: '스터디', type: 'voice', parent: '음성 채널' },
      { name: '대기실', type: 'voice', parent: '음성 채널' },
      { name: '관전석', type: 'voice', parent: '음성 채널' },
      { name: '잠수', type: 'voice' },
      { name: '구인 음성', type: 'category' },
      { name: '구인구직', type: 'forum', tags: ['랭크', '일반', '스터디'] },
    ],
    members: Array.from({ length: memberCount }, (_, i) => ({
      username: `member${String(i).padStart(3, '0')}`,
      globalName: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
      roles: i < 3 ? ['운영진'] : i % 4 === 0 ? ['게이머'] : [],
    })),
    afkChannel: '잠수',
  };
}
