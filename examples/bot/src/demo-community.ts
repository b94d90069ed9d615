import type { GuildSeed } from '@guildkit/fake-discord';

/** The demo's languages: English, or Korean on request. */
export type DemoLocale = 'en' | 'ko';

/** The demo community's names, in each language: the same places, said as its members say them. */
export const COMMUNITY_NAMES = {
  en: {
    guild: 'guildkit community',
    announcements: 'announcements',
    chat: 'chat',
    voice: 'Voice',
    rooms: ['lounge', 'gaming', 'study', 'waiting room', 'spectators', 'afk'],
    jobVoice: 'Listing rooms',
    jobs: 'looking-for-group',
    tags: ['ranked', 'casual', 'study'],
    staff: 'Staff',
    gamer: 'Gamer',
    members: [
      'Alex',
      'Sam',
      'Jamie',
      'Chris',
      'Robin',
      'Taylor',
      'Jordan',
      'Casey',
      'Morgan',
      'Riley',
      'Avery',
      'Quinn',
    ],
  },
  ko: {
    guild: 'guildkit 커뮤니티',
    announcements: '공지',
    chat: '채팅',
    voice: '음성 채널',
    rooms: ['수다방', '게임방', '스터디', '대기실', '관전석', '잠수'],
    jobVoice: '구인 음성',
    jobs: '구인구직',
    tags: ['랭크', '일반', '스터디'],
    staff: '운영진',
    gamer: '게이머',
    members: ['민지', '하늘', '서준', '지호', '도윤', '예린', '수아', '현우', '다은', '유나', '민준', '서연'],
  },
} as const;

/**
 * The demo's community: a few hundred members, voice rooms with a waiting room, a spectators' room
 * and an AFK room, and a job forum; named in the demo's language, which is also the guild's.
 */
export function demoCommunity(memberCount: number, locale: DemoLocale = 'en'): GuildSeed {
  const names = COMMUNITY_NAMES[locale];
  const [lounge, gaming, study, waiting, spectators, afk] = names.rooms;
  return {
    name: names.guild,
    preferredLocale: locale === 'ko' ? 'ko' : 'en-US',
    roles: [
      { name: names.staff, permissions: (1n << 28n) | (1n << 5n) | (1n << 4n) }, // Manage Roles, Server, Channels
      { name: names.gamer },
    ],
    // Above the roles it gives by activity, as its admins place it.
    botRoleOnTop: true,
    channels: [
      { name: names.announcements, type: 'text' },
      { name: names.chat, type: 'text' },
      { name: names.voice, type: 'category' },
      { name: lounge, type: 'voice', parent: names.voice },
      { name: gaming, type: 'voice', parent: names.voice, userLimit: 10 },
      { name: study, type: 'voice', parent: names.voice },
      { name: waiting, type: 'voice', parent: names.voice },
      { name: spectators, type: 'voice', parent: names.voice },
      { name: afk, type: 'voice' },
      { name: names.jobVoice, type: 'category' },
      { name: names.jobs, type: 'forum', tags: [...names.tags] },
    ],
    members: Array.from({ length: memberCount }, (_, i) => ({
      username: `member${String(i).padStart(3, '0')}`,
      globalName: `${names.members[i % names.members.length]}${i >= names.members.length ? ` ${Math.floor(i / names.members.length) + 1}` : ''}`,
      roles: i < 3 ? [names.staff] : i % 4 === 0 ? [names.gamer] : [],
    })),
    afkChannel: afk,
  };
}

/** A small, well-known 32-bit PRNG: reproducible runs without a dependency. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
