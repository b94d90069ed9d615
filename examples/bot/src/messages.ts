// Every user-facing string of the reference bot, in Korean (the default) and English.

export type Locale = 'ko' | 'en';

export const messages = {
  ko: {
    title: 'guildkit 데모: 저장소 기초',
    scope:
      '지금은 저장소(메모리·SQLite·PostgreSQL)를 처음부터 끝까지 한 번 사용합니다. Discord 데모는 다음 단계에서 붙습니다.',
    store: (name: string, where: string) => `저장소: ${name} (${where})`,
    simulated: (members: number, sessions: number, days: number) =>
      `가상 커뮤니티: 멤버 ${members}명, 음성 세션 ${sessions}개, ${days}일`,
    written: (sessions: number, batches: number, ms: number) =>
      `음성 세션 ${sessions}개를 배치 ${batches}번으로 기록 (${ms}ms)`,
    weekTop: (start: string, end: string) => `주간 상위 5명 (${start} ~ ${end}, 끝 날짜 제외)`,
    rank: (rank: number, name: string, time: string) => `${rank}. ${name} — ${time}`,
    verified: (total: string) => `검증: 저장소 합계가 원본 세션 합계와 일치 (${total})`,
    mismatch: (stored: string, expected: string) => `불일치: 저장소 ${stored}, 원본 ${expected}`,
    listing: (title: string, count: number) => `구인 글 "${title}" 저장, 참여자 ${count}명`,
    reopened: (rows: number) => `저장소를 닫고 다시 연 뒤에도 데이터 유지: 멤버 ${rows}명의 기록`,
    logs: (count: number) => `최근 로그 ${count}건`,
    duration: (hours: number, minutes: number) => (hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`),
  },
  en: {
    title: 'guildkit demo: the storage foundation',
    scope: 'For now this runs the stores (memory, SQLite, PostgreSQL) end to end. The Discord demo comes next.',
    store: (name: string, where: string) => `Store: ${name} (${where})`,
    simulated: (members: number, sessions: number, days: number) =>
      `Simulated community: ${members} members, ${sessions} voice sessions, ${days} days`,
    written: (sessions: number, batches: number, ms: number) =>
      `Wrote ${sessions} voice sessions in ${batches} batches (${ms} ms)`,
    weekTop: (start: string, end: string) => `Top 5 of the week (${start} to ${end}, end exclusive)`,
    rank: (rank: number, name: string, time: string) => `${rank}. ${name} — ${time}`,
    verified: (total: string) => `Verified: the store's total matches the raw sessions (${total})`,
    mismatch: (stored: string, expected: string) => `Mismatch: store ${stored}, raw sessions ${expected}`,
    listing: (title: string, count: number) => `Saved job listing "${title}" with ${count} participants`,
    reopened: (rows: number) => `Closed and reopened the store: records of ${rows} members are still there`,
    logs: (count: number) => `${count} recent log records`,
    duration: (hours: number, minutes: number) => (hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`),
  },
} as const;

/** `3시간 25분` / `3h 25m`, rounded down to the minute. */
export function formatDuration(ms: number, locale: Locale): string {
  const totalMinutes = Math.floor(ms / 60_000);
  return messages[locale].duration(Math.floor(totalMinutes / 60), totalMinutes % 60);
}
