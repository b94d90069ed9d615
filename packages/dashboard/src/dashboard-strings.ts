import { formatDuration } from '@guildkit/core';

/**
 * The periods a page may show (`?period=`): calendar ones in the guild's time zone, and rolling
 * windows ending today. Any run of days is `?from=2026-11-01&to=2026-11-15` (at most 366 days).
 *
 * @example A leaderboard link
 * ```ts
 * const period: DashboardPeriod = 'last7';
 * const link = `${url}/guilds/${guildId}/leaderboard?period=${period}&sort=messages`;
 * ```
 */
export type DashboardPeriod = 'today' | 'week' | 'month' | 'last7' | 'last30' | 'last90' | 'last365';

/**
 * Every string the dashboard shows, in one language. English and Korean are built in; pass more
 * languages, or change some strings, with `createDashboard`'s `strings` option.
 *
 * @example Renaming the leaderboard in English
 * ```ts
 * const strings: PartialDashboardStrings = { nav: { leaderboard: 'Hall of fame' } };
 * await createDashboard(guildkit, { ...options, strings: { en: strings } });
 * ```
 */
export interface DashboardStrings {
  /** The language's name in itself, for the language picker. */
  readonly languageName: string;
  readonly title: string;
  readonly language: string;
  readonly change: string;
  readonly signIn: string;
  readonly signOut: string;
  readonly signInIntro: string;
  readonly signedInAs: (name: string) => string;
  readonly yourGuilds: string;
  readonly noGuilds: string;
  readonly refreshGuilds: string;
  readonly nav: {
    readonly guilds: string;
    readonly overview: string;
    readonly leaderboard: string;
    readonly me: string;
    readonly jobs: string;
    readonly reports: string;
    readonly settings: string;
  };
  readonly period: string;
  readonly periods: Readonly<Record<DashboardPeriod, string>>;
  readonly from: string;
  readonly to: string;
  readonly show: string;
  readonly overview: {
    readonly activeMembers: string;
    readonly voiceTime: string;
    readonly messages: string;
    readonly activeOverTime: string;
    readonly chartLabel: (most: number) => string;
    readonly topChannels: string;
    readonly channel: string;
    readonly heatmap: string;
    readonly heatmapCell: (weekday: string, hour: number, time: string) => string;
    readonly weekdays: readonly string[];
    readonly nothingYet: string;
    readonly freshness: string;
  };
  readonly leaderboard: {
    readonly rank: string;
    readonly member: string;
    readonly sortBy: string;
    readonly csv: string;
    readonly previous: string;
    readonly next: string;
    readonly page: (page: number, pages: number) => string;
    readonly moderatorsOnly: string;
    readonly empty: string;
  };
  readonly member: {
    readonly title: (name: string) => string;
    readonly days: string;
    readonly day: string;
    readonly channels: string;
    readonly hours: string;
    readonly yourData: string;
    readonly forget: string;
    readonly forgetAsk: (name: string, self: boolean) => string;
    readonly forgetYes: string;
    readonly cancel: string;
    readonly forgotten: (name: string, days: number, details: number) => string;
  };
  readonly jobs: {
    readonly open: string;
    readonly closed: string;
    readonly owner: string;
    readonly post: string;
    readonly voiceRoom: string;
    readonly inVoice: (count: number) => string;
    readonly opened: string;
    readonly closedAt: string;
    readonly peak: string;
    readonly none: string;
    readonly boardOff: string;
  };
  readonly reports: {
    readonly archive: string;
    readonly kinds: Readonly<Record<'daily' | 'weekly' | 'monthly', string>>;
    readonly posted: string;
    readonly none: string;
    readonly activeMembers: string;
    readonly total: string;
    readonly back: string;
  };
  readonly settings: {
    readonly title: string;
    readonly save: string;
    readonly saved: string;
    readonly refused: string;
    readonly byDefault: (value: string) => string;
    readonly cronHint: string;
    readonly daysHint: string;
    readonly groups: Readonly<
      Record<'general' | 'activity' | 'reports' | 'jobBoard' | 'activityLog' | 'roles', string>
    >;
    readonly rules: string;
    readonly noRules: string;
    readonly addRule: string;
    readonly removeRule: string;
    readonly preview: string;
    readonly role: string;
    readonly kind: string;
    readonly kinds: Readonly<Record<'minimum' | 'top' | 'inactive', string>>;
    readonly days: string;
    readonly hours: string;
    readonly messages: string;
    readonly count: string;
    readonly rankBy: string;
    readonly voice: string;
  };
  readonly errors: {
    readonly notFound: string;
    readonly notFoundHint: string;
    readonly needsPermission: (permission: string) => string;
    readonly permissionNames: Readonly<Record<'ManageGuild' | 'moderator', string>>;
    readonly csrf: string;
    readonly badRequest: (detail: string) => string;
    readonly signInFailed: string;
    readonly discordDown: string;
    readonly failed: string;
    readonly back: string;
  };
  /** A duration, such as `3h 20m`. */
  readonly duration: (ms: number) => string;
  /** A number, such as `12,345`. */
  readonly number: (value: number) => string;
}

/**
 * Some strings of a language: what is left out comes from English.
 *
 * @example
 * ```ts
 * const de: PartialDashboardStrings = { languageName: 'Deutsch', signIn: 'Mit Discord anmelden' };
 * ```
 */
export type PartialDashboardStrings = {
  readonly [K in keyof DashboardStrings]?: DashboardStrings[K] extends (...args: never[]) => unknown
    ? DashboardStrings[K]
    : DashboardStrings[K] extends object
      ? Partial<DashboardStrings[K]>
      : DashboardStrings[K];
};

const en: DashboardStrings = {
  languageName: 'English',
  title: 'guildkit dashboard',
  language: 'Language',
  change: 'Change',
  signIn: 'Sign in with Discord',
  signOut: 'Sign out',
  signInIntro: "Sign in with your Discord account to see your communities' activity, leaderboard and job board.",
  signedInAs: (name) => `Signed in as ${name}`,
  yourGuilds: 'Your servers',
  noGuilds: 'None of your servers has this bot. Invite it, then sign in again.',
  refreshGuilds: 'Joined a server since? Sign in again to see it.',
  nav: {
    guilds: 'Servers',
    overview: 'Overview',
    leaderboard: 'Leaderboard',
    me: 'My activity',
    jobs: 'Job board',
    reports: 'Reports',
    settings: 'Settings',
  },
  period: 'Period',
  periods: {
    today: 'Today',
    week: 'This week',
    month: 'This month',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    last90: 'Last 90 days',
    last365: 'Last 365 days',
  },
  from: 'From',
  to: 'To',
  show: 'Show',
  overview: {
    activeMembers: 'Active members',
    voiceTime: 'Voice time',
    messages: 'Messages',
    activeOverTime: 'Active members a day',
    chartLabel: (most) => `Active members each day; the busiest day had ${most}.`,
    topChannels: 'Top channels',
    channel: 'Channel',
    heatmap: 'Busiest hours',
    heatmapCell: (weekday, hour, time) => `${weekday} ${hour}:00 · ${time}`,
    weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    nothingYet: 'No activity in this period yet.',
    freshness: 'Voice time is written every few seconds; a session still open counts up to its last write.',
  },
  leaderboard: {
    rank: '#',
    member: 'Member',
    sortBy: 'Sort by',
    csv: 'Download CSV',
    previous: 'Previous',
    next: 'Next',
    page: (page, pages) => `Page ${page} of ${pages}`,
    moderatorsOnly: 'This server keeps its leaderboard to moderators.',
    empty: 'Nobody was active in this period.',
  },
  member: {
    title: (name) => `${name}'s activity`,
    days: 'Days',
    day: 'Day',
    channels: 'Channels',
    hours: 'Hours',
    yourData: 'Your data',
    forget: 'Delete my activity data',
    forgetAsk: (name, self) =>
      self
        ? 'Delete everything this bot keeps about your activity in this server? This cannot be undone.'
        : `Delete everything this bot keeps about ${name}'s activity in this server? This cannot be undone.`,
    forgetYes: 'Delete',
    cancel: 'Cancel',
    forgotten: (name, days, details) => `Deleted ${name}'s data: ${days} days and ${details} hourly rows.`,
  },
  jobs: {
    open: 'Open listings',
    closed: 'Recently closed',
    owner: 'Posted by',
    post: 'Post',
    voiceRoom: 'Voice room',
    inVoice: (count) => (count === 1 ? '1 in voice' : `${count} in voice`),
    opened: 'Opened',
    closedAt: 'Closed',
    peak: 'Most in voice',
    none: 'None.',
    boardOff: 'The job board is off in this server.',
  },
  reports: {
    archive: 'Report archive',
    kinds: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' },
    posted: 'Posted',
    none: 'No scheduled report has been posted yet.',
    activeMembers: 'Active members',
    total: 'Total voice time',
    back: 'All reports',
  },
  settings: {
    title: 'Server settings',
    save: 'Save',
    saved: 'Saved. The bot follows the new settings now.',
    refused: 'Nothing was saved:',
    byDefault: (value) => `Bot's default (${value})`,
    cronHint: 'A cron pattern in the server’s time zone, such as 5 0 * * 1; empty for never.',
    daysHint: 'Days of activity history to keep; empty keeps everything.',
    groups: {
      general: 'General',
      activity: 'Voice activity',
      reports: 'Reports',
      jobBoard: 'Job board',
      activityLog: 'Activity log',
      roles: 'Activity roles',
    },
    rules: 'Rules',
    noRules: 'No rules yet.',
    addRule: 'Add rule',
    removeRule: 'Remove',
    preview: 'Preview (changes nothing)',
    role: 'Role',
    kind: 'Kind',
    kinds: { minimum: 'At least', top: 'Top members', inactive: 'Inactive' },
    days: 'Days',
    hours: 'Hours',
    messages: 'Messages',
    count: 'How many',
    rankBy: 'Rank by',
    voice: 'Voice',
  },
  errors: {
    notFound: 'Nothing here for you.',
    notFoundHint: 'The page does not exist, or it is of a server you are not a member of.',
    needsPermission: (permission) => `This needs the ${permission} permission in this server.`,
    permissionNames: { ManageGuild: 'Manage Server', moderator: 'Manage Server or Timeout Members' },
    csrf: 'This form is out of date or was not sent from the dashboard. Nothing changed; open the page again.',
    badRequest: (detail) => `The request was not understood: ${detail}`,
    signInFailed: 'Signing in did not work. Nothing was kept; try again.',
    discordDown: 'Discord did not answer in time. Try again in a moment.',
    failed: 'Something went wrong on our side, and it was logged. Nothing changed; try again.',
    back: 'Back to your servers',
  },
  duration: (ms) => formatDuration(ms, 'en'),
  number: (value) => value.toLocaleString('en'),
};

const ko: PartialDashboardStrings = {
  languageName: '한국어',
  title: 'guildkit 대시보드',
  language: '언어',
  change: '변경',
  signIn: '디스코드로 로그인',
  signOut: '로그아웃',
  signInIntro: '디스코드 계정으로 로그인하면 커뮤니티의 활동, 순위표, 구인 게시판을 볼 수 있습니다.',
  signedInAs: (name) => `${name}(으)로 로그인함`,
  yourGuilds: '내 서버',
  noGuilds: '이 봇이 있는 서버가 없습니다. 봇을 초대한 뒤 다시 로그인하세요.',
  refreshGuilds: '새 서버에 들어갔다면 다시 로그인하세요.',
  nav: {
    guilds: '서버',
    overview: '개요',
    leaderboard: '순위표',
    me: '내 활동',
    jobs: '구인 게시판',
    reports: '리포트',
    settings: '설정',
  },
  period: '기간',
  periods: {
    today: '오늘',
    week: '이번 주',
    month: '이번 달',
    last7: '최근 7일',
    last30: '최근 30일',
    last90: '최근 90일',
    last365: '최근 365일',
  },
  from: '시작',
  to: '끝',
  show: '보기',
  overview: {
    activeMembers: '활동 멤버',
    voiceTime: '음성 시간',
    messages: '메시지',
    activeOverTime: '일별 활동 멤버',
    chartLabel: (most) => `날마다의 활동 멤버 수; 가장 많은 날은 ${most}명.`,
    topChannels: '인기 채널',
    channel: '채널',
    heatmap: '붐비는 시간대',
    heatmapCell: (weekday, hour, time) => `${weekday} ${hour}시 · ${time}`,
    weekdays: ['일', '월', '화', '수', '목', '금', '토'],
    nothingYet: '이 기간에는 아직 활동이 없습니다.',
    freshness: '음성 시간은 몇 초마다 기록됩니다. 진행 중인 세션은 마지막 기록까지 셉니다.',
  },
  leaderboard: {
    rank: '순위',
    member: '멤버',
    sortBy: '정렬',
    csv: 'CSV 내려받기',
    previous: '이전',
    next: '다음',
    page: (page, pages) => `${pages}쪽 중 ${page}쪽`,
    moderatorsOnly: '이 서버는 순위표를 운영진에게만 보여 줍니다.',
    empty: '이 기간에 활동한 멤버가 없습니다.',
  },
  member: {
    title: (name) => `${name}님의 활동`,
    days: '날짜별',
    day: '날짜',
    channels: '채널별',
    hours: '시간대별',
    yourData: '내 데이터',
    forget: '내 활동 데이터 삭제',
    forgetAsk: (name, self) =>
      self
        ? '이 서버에서 봇이 보관한 내 활동 데이터를 모두 삭제할까요? 되돌릴 수 없습니다.'
        : `이 서버에서 봇이 보관한 ${name}님의 활동 데이터를 모두 삭제할까요? 되돌릴 수 없습니다.`,
    forgetYes: '삭제',
    cancel: '취소',
    forgotten: (name, days, details) => `${name}님의 데이터를 삭제했습니다: ${days}일, 시간별 기록 ${details}개.`,
  },
  jobs: {
    open: '모집 중',
    closed: '최근 마감',
    owner: '작성자',
    post: '게시글',
    voiceRoom: '음성 채널',
    inVoice: (count) => `음성 ${count}명`,
    opened: '올린 시각',
    closedAt: '마감',
    peak: '최대 인원',
    none: '없음.',
    boardOff: '이 서버에서는 구인 게시판이 꺼져 있습니다.',
  },
  reports: {
    archive: '리포트 보관함',
    kinds: { daily: '일간', weekly: '주간', monthly: '월간' },
    posted: '게시',
    none: '아직 게시된 정기 리포트가 없습니다.',
    activeMembers: '활동 멤버',
    total: '총 음성 시간',
    back: '모든 리포트',
  },
  settings: {
    title: '서버 설정',
    save: '저장',
    saved: '저장했습니다. 봇이 지금부터 새 설정을 따릅니다.',
    refused: '저장하지 않았습니다:',
    byDefault: (value) => `봇 기본값 (${value})`,
    cronHint: '서버 시간대의 cron 패턴 (예: 5 0 * * 1). 비우면 게시하지 않습니다.',
    daysHint: '활동 기록을 보관할 일수. 비우면 모두 보관합니다.',
    groups: {
      general: '일반',
      activity: '음성 활동',
      reports: '리포트',
      jobBoard: '구인 게시판',
      activityLog: '활동 로그',
      roles: '활동 역할',
    },
    rules: '규칙',
    noRules: '규칙이 없습니다.',
    addRule: '규칙 추가',
    removeRule: '삭제',
    preview: '미리보기 (아무것도 바꾸지 않음)',
    role: '역할',
    kind: '종류',
    kinds: { minimum: '최소 활동', top: '상위 멤버', inactive: '비활동' },
    days: '일수',
    hours: '시간',
    messages: '메시지',
    count: '인원',
    rankBy: '기준',
    voice: '음성',
  },
  errors: {
    notFound: '볼 수 있는 내용이 없습니다.',
    notFoundHint: '없는 페이지이거나, 멤버가 아닌 서버의 페이지입니다.',
    needsPermission: (permission) => `이 서버의 ${permission} 권한이 필요합니다.`,
    permissionNames: { ManageGuild: '서버 관리', moderator: '서버 관리 또는 멤버 타임아웃' },
    csrf: '오래된 양식이거나 대시보드에서 보낸 요청이 아닙니다. 아무것도 바뀌지 않았습니다. 페이지를 다시 여세요.',
    badRequest: (detail) => `요청을 이해하지 못했습니다: ${detail}`,
    signInFailed: '로그인하지 못했습니다. 아무것도 저장하지 않았습니다. 다시 시도하세요.',
    discordDown: '디스코드가 제때 응답하지 않았습니다. 잠시 후 다시 시도하세요.',
    failed: '서버 쪽에서 문제가 생겨 기록했습니다. 아무것도 바뀌지 않았습니다. 다시 시도하세요.',
    back: '내 서버로',
  },
  duration: (ms) => formatDuration(ms, 'ko'),
  number: (value) => value.toLocaleString('ko'),
};

/** @internal Each language's strings: English in full, each other language over it, the user's over both. */
export function dashboardCatalogue(
  extra: Readonly<Record<string, PartialDashboardStrings>> = {},
): ReadonlyMap<string, DashboardStrings> {
  const english = over(en, extra.en ?? {});
  const catalogue = new Map<string, DashboardStrings>([['en', english]]);
  const builtIn: Readonly<Record<string, PartialDashboardStrings>> = { ko };
  for (const locale of new Set([...Object.keys(builtIn), ...Object.keys(extra)])) {
    if (locale === 'en') continue;
    catalogue.set(locale, over(over(english, builtIn[locale] ?? {}), extra[locale] ?? {}));
  }
  return catalogue;
}

/** A language's strings over English's, group by group. */
function over(base: DashboardStrings, strings: PartialDashboardStrings): DashboardStrings {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(strings)) {
    if (value === undefined) continue;
    const before = result[key];
    result[key] =
      typeof value === 'object' && !Array.isArray(value) && typeof before === 'object'
        ? { ...before, ...value }
        : value;
  }
  return result as unknown as DashboardStrings;
}

/** The language the person reads: theirs if on offer, else its base (`ko-KR` → `ko`), else English. */
export function pickLanguage(catalogue: ReadonlyMap<string, DashboardStrings>, wanted: readonly string[]): string {
  for (const locale of wanted) {
    if (catalogue.has(locale)) return locale;
    const base = locale.split('-')[0] ?? '';
    if (catalogue.has(base)) return base;
  }
  return 'en';
}
