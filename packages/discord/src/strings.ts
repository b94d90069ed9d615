import type { GuildkitLocale } from './locale.ts';

// Every user-facing string of the adapter: command names, descriptions and choices, Korean and
// English. Discord shows `ko` to Korean clients and the base (English) to everyone else.

/** @internal */
export interface LocalisedText {
  readonly en: string;
  readonly ko: string;
}

/** @internal */
export const commandStrings = {
  activity: {
    name: { en: 'activity', ko: '활동' },
    description: {
      en: "A member's voice time today, this week and this month",
      ko: '멤버의 오늘·이번 주·이번 달 음성 활동 시간',
    },
    member: {
      name: { en: 'member', ko: '멤버' },
      description: { en: 'Whom to look up (you, if left out)', ko: '조회할 멤버 (비우면 본인)' },
    },
  },
  job: {
    name: { en: 'job', ko: '구직' },
    description: {
      en: 'Job board: a forum post with its own voice room',
      ko: '구인구직: 전용 음성 채널이 있는 포럼 글',
    },
    open: {
      name: { en: 'open', ko: '열기' },
      description: { en: 'Open a listing with a voice room', ko: '음성 채널과 함께 구인 글 열기' },
      title: {
        name: { en: 'title', ko: '제목' },
        description: { en: 'What you are looking for', ko: '무엇을 구하는지' },
      },
      details: {
        name: { en: 'description', ko: '설명' },
        description: { en: 'Details for people joining', ko: '참여자를 위한 자세한 내용' },
      },
    },
    close: {
      name: { en: 'close', ko: '마감' },
      description: { en: 'Close your listing (or this one)', ko: '내 구인 글(또는 이 글) 마감' },
    },
    list: { name: { en: 'list', ko: '목록' }, description: { en: 'Open listings', ko: '열린 구인 글 목록' } },
  },
  report: {
    name: { en: 'report', ko: '보고서' },
    description: { en: 'Voice activity report', ko: '음성 활동 보고서' },
    period: {
      name: { en: 'period', ko: '기간' },
      description: { en: 'Which period', ko: '어느 기간' },
      choices: {
        daily: { en: 'Daily', ko: '일간' },
        weekly: { en: 'Weekly', ko: '주간' },
        monthly: { en: 'Monthly', ko: '월간' },
      },
    },
    role: {
      name: { en: 'role', ko: '역할' },
      description: { en: 'Only members with this role', ko: '이 역할의 멤버만' },
    },
  },
} as const;

/** @internal Picks one language of a string. */
export function text(value: LocalisedText, locale: GuildkitLocale): string {
  return value[locale];
}
