// Every user-facing string of report embeds, Korean and English (the summary lines are core's).

/** @internal */
export const reportStrings = {
  ko: {
    top: '가장 활발한 멤버 (상위 10명)',
    least: '활동이 적은 멤버 (5명)',
    inactive: '활동 없는 멤버',
    none: '없음',
  },
  en: { top: 'Most active (top 10)', least: 'Least active (5)', inactive: 'Members with no activity', none: 'none' },
} as const;
