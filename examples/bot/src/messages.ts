// Every user-facing string of the reference bot, in Korean (the default) and English.

export type Locale = 'ko' | 'en';

export const messages = {
  ko: {
    title: 'guildkit 데모: 저장소 기초',
    scope: '봇 아래의 저장소(메모리·SQLite·PostgreSQL 모두 같음)를 자기 파일 위에서 처음부터 끝까지 사용합니다.',
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
    notYet: '이 기능은 아직 준비 중이에요. 다음 버전에서 만나요!',
    cooldown: (seconds: number) => `조금 천천히요! ${seconds}초 뒤에 다시 써 주세요.`,
    activity: (name: string, today: string, week: string, month: string) =>
      `**${name}**님의 음성 활동\n오늘: ${today}\n이번 주: ${week}\n이번 달: ${month}`,
    demoTitle: 'guildkit 데모: 가짜 Discord 위의 진짜 봇',
    demoScope:
      '네트워크도 토큰도 없이, 진짜 discord.js 클라이언트가 로컬 가짜 Discord에 접속합니다: 음성 활동 추적과 구인구직 게시판.',
    fakeStarted: (members: number, channels: number, url: string) =>
      `가짜 Discord 시작: 멤버 ${members}명, 채널 ${channels}개 (${url})`,
    botReady: (ms: number, commands: number) => `봇 접속 완료 (${ms}ms), 슬래시 명령 ${commands}개 등록`,
    driving: (events: number) => `음성 이벤트 ${events}개와 명령을 보냅니다`,
    progress: '진행',
    tracked: (applied: number, duplicates: number, open: number) =>
      `활동 추적: 상태 변화 ${applied}개 반영, 중복 ${duplicates}개 무시, 지금 열린 세션 ${open}개`,
    topToday: (day: string) => `오늘(${day}) 음성 활동 상위 5명 (진행 중인 세션 포함)`,
    handled: (voice: number, snapshots: number, invalid: number) =>
      `봇이 처리한 이벤트: 음성 ${voice}개, 접속 시 스냅샷 ${snapshots}개, 잘못된 이벤트 ${invalid}개`,
    commandReply: (command: string, locale: string, reply: string) => `/${command} (${locale}) → "${reply}"`,
    health: (status: number, body: string) => `/healthz → ${status} ${body}`,
    metricLine: (line: string) => `/metrics: ${line}`,
    stopped: (seconds: string) => `봇 정상 종료, 가짜 Discord 종료. 총 ${seconds}초`,
    logFile: (path: string) => `봇 로그: ${path}`,
    needsPermission: (permission: string) => `이 명령은 ${permission} 권한이 있는 멤버만 쓸 수 있어요.`,
    manageGuild: '서버 관리',
    jobOpened: (postId: string, roomId: string) => `구인 글을 열었어요: <#${postId}> · 음성 채널: <#${roomId}>`,
    jobExisting: (postId: string) => `이미 열린 구인 글이 있어요: <#${postId}>`,
    jobClosed: (postId: string) => `구인 글 <#${postId}>을(를) 마감했어요.`,
    jobAlreadyClosed: '이미 마감된 구인 글이에요.',
    jobNotAllowed: '작성자나 채널 관리 권한이 있는 멤버만 마감할 수 있어요.',
    jobNoneOpen: '마감할 구인 글이 없어요. 구인 글 안에서 쓰거나 먼저 글을 여세요.',
    jobListEmpty: '열린 구인 글이 없어요.',
    jobListItem: (postId: string, title: string, count: number, limit: string) =>
      `• <#${postId}> ${title} (${count}/${limit})`,
    jobNotConfigured: '이 서버에는 구인 게시판이 설정되지 않았어요 (FORUM_CHANNEL_ID).',
    jobFailed: (step: string, undone: boolean) =>
      `구인 글을 열지 못했어요 (${step} 단계). ${undone ? '만들던 것은 지웠어요.' : '만들던 것 일부를 지우지 못했어요: 관리자에게 알려 주세요.'}`,
    jobError: '처리하지 못했어요. 잠시 뒤 다시 해 주세요.',
    jobSteps: { room: '음성 채널 만들기', post: '포럼 글 만들기', store: '저장' },
    reportPosted: (title: string) => `월요일 00:05, 예약된 주간 보고서를 #공지에 올림: ${title}`,
    reportFiles: (chart: string, csv: string, rows: number) => `차트: ${chart} · CSV: ${csv} (멤버 ${rows}명)`,
    reportOnce: (first: boolean, second: boolean) =>
      `한 번만: 첫 실행 ${first ? '올림' : '건너뜀'}, 다시 실행 ${second ? '또 올림 (오류!)' : '건너뜀'}`,
    jobDemo: '구인구직: /job open으로 글 두 개를 열고, 음성 채널을 드나들고, 채널 하나를 지웁니다',
    jobDemoOpened: (title: string, room: string) => `"${title}" 열림: 포럼 글과 음성 채널 "${room}"`,
    jobDemoBurst: (title: string, events: number, shown: string, edits: number) =>
      `"${title}": 음성 이벤트 ${events}개 뒤 글의 참여자 ${shown}, 글 수정은 ${edits}번`,
    jobDemoDeleted: (title: string, closing: string) =>
      `"${title}"의 음성 채널 삭제 → 글 잠김, 마감 메시지: "${closing}"`,
    jobDemoStored: (status: string, reason: string) => `저장소: 상태 ${status}, 이유 ${reason} (보고서용으로 보관)`,
  },
  en: {
    title: 'guildkit demo: the storage foundation',
    scope: 'The storage under the bot (the same for memory, SQLite and PostgreSQL), end to end on its own file.',
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
    notYet: 'This feature is not available in this version yet.',
    cooldown: (seconds: number) => `Slow down! Try again in ${seconds} s.`,
    activity: (name: string, today: string, week: string, month: string) =>
      `Voice activity of **${name}**\nToday: ${today}\nThis week: ${week}\nThis month: ${month}`,
    demoTitle: 'guildkit demo: the real bot on a fake Discord',
    demoScope:
      'No network, no token: a real discord.js client connects to a local fake Discord: voice activity tracking and the job board.',
    fakeStarted: (members: number, channels: number, url: string) =>
      `Fake Discord started: ${members} members, ${channels} channels (${url})`,
    botReady: (ms: number, commands: number) => `Bot connected (${ms} ms), ${commands} slash commands registered`,
    driving: (events: number) => `Sending ${events} voice events and some commands`,
    progress: 'progress',
    tracked: (applied: number, duplicates: number, open: number) =>
      `Activity tracking: ${applied} state changes applied, ${duplicates} duplicates ignored, ${open} sessions open now`,
    topToday: (day: string) => `Top 5 in voice today (${day}), open sessions included`,
    handled: (voice: number, snapshots: number, invalid: number) =>
      `Events the bot handled: ${voice} voice updates; guild snapshots on connect: ${snapshots}; malformed: ${invalid}`,
    commandReply: (command: string, locale: string, reply: string) => `/${command} (${locale}) → "${reply}"`,
    health: (status: number, body: string) => `/healthz → ${status} ${body}`,
    metricLine: (line: string) => `/metrics: ${line}`,
    stopped: (seconds: string) => `Bot stopped cleanly, fake Discord closed. ${seconds} s in all`,
    logFile: (path: string) => `Bot log: ${path}`,
    needsPermission: (permission: string) => `Only members with the ${permission} permission can use this command.`,
    manageGuild: 'Manage Server',
    jobOpened: (postId: string, roomId: string) => `Your listing is open: <#${postId}> · voice room: <#${roomId}>`,
    jobExisting: (postId: string) => `You already have an open listing: <#${postId}>`,
    jobClosed: (postId: string) => `Closed the listing <#${postId}>.`,
    jobAlreadyClosed: 'That listing is already closed.',
    jobNotAllowed: 'Only its owner or a member who can manage channels may close a listing.',
    jobNoneOpen: 'No listing to close: use this inside a listing, or open one first.',
    jobListEmpty: 'No open listings.',
    jobListItem: (postId: string, title: string, count: number, limit: string) =>
      `• <#${postId}> ${title} (${count}/${limit})`,
    jobNotConfigured: 'This server has no job board set up (FORUM_CHANNEL_ID).',
    jobFailed: (step: string, undone: boolean) =>
      `Could not open the listing (the ${step} step failed). ${undone ? 'What was created is removed.' : 'Some of what was created could not be removed: please tell a moderator.'}`,
    jobError: 'Something went wrong. Please try again in a moment.',
    jobSteps: { room: 'voice room', post: 'forum post', store: 'saving' },
    reportPosted: (title: string) => `Monday 00:05: the scheduled weekly report, posted to #공지: ${title}`,
    reportFiles: (chart: string, csv: string, rows: number) => `Chart: ${chart} · CSV: ${csv} (${rows} members)`,
    reportOnce: (first: boolean, second: boolean) =>
      `Once only: the first run ${first ? 'posted' : 'skipped'}, a second run ${second ? 'posted again (a bug!)' : 'skipped'}`,
    jobDemo: 'Job board: two listings opened with /job open, people in and out of a room, one room deleted',
    jobDemoOpened: (title: string, room: string) => `"${title}" opened: a forum post and the voice room "${room}"`,
    jobDemoBurst: (title: string, events: number, shown: string, edits: number) =>
      `"${title}": after ${events} voice events the post shows ${shown} participants; it was edited ${edits} time(s)`,
    jobDemoDeleted: (title: string, closing: string) =>
      `Deleted the room of "${title}" → post locked, closing message: "${closing}"`,
    jobDemoStored: (status: string, reason: string) => `In the store: ${status}, because ${reason} (kept for reports)`,
  },
} as const;

/** `3시간 25분` / `3h 25m`, rounded down to the minute: core's, so that the bot, its posts and reports agree. */
export { formatDuration } from '@guildkit/core';
