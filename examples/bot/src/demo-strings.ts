// What `pnpm demo` prints, in English (the default) and Korean (GUILDKIT_LOCALE=ko). The bot's own
// strings are guildkit's; these are the demo's narration only.

export const demoStrings = {
  en: {
    title: 'guildkit demo: a real bot on a fake Discord',
    scope:
      'No network and no token: a real discord.js client connects to a loopback Discord. Voice activity, the job board and reports.',
    fakeStarted: (members: number, channels: number) =>
      `Fake Discord started: ${members} members, ${channels} channels`,
    botReady: (commands: number) => `Bot connected, ${commands} slash commands registered`,
    driving: (events: number) => `Sending ${events} voice events and commands`,
    progress: 'progress',
    handled: (voice: number, snapshots: number, invalid: number) =>
      `Events the bot handled: ${voice} voice updates; guild snapshots on connect: ${snapshots}; malformed: ${invalid}`,
    tracked: (applied: number, duplicates: number, open: number) =>
      `Activity tracking: ${applied} state changes applied, ${duplicates} duplicates ignored, ${open} sessions open now`,
    topToday: (day: string) => `Top 5 in voice today (${day}), open sessions included`,
    rank: (rank: number, name: string, time: string) => `${rank}. ${name} — ${time}`,
    verified: (members: number, total: string) =>
      `Verified: the bot's totals equal the simulation's, member by member (${members} members, ${total} in all)`,
    mismatch: (members: number) => `MISMATCH: ${members} members' totals differ from the simulation's`,
    commandReply: (command: string, locale: string, reply: string) => `/${command} (${locale}) → "${reply}"`,
    jobDemo: 'Job board: two listings opened with /job open, people in and out of a room, one room deleted',
    jobTitles: ['Ranked, anyone? (gold and up)', 'Study group'],
    jobDemoOpened: (title: string, room: string) => `"${title}" opened: a forum post and the voice room "${room}"`,
    jobDemoBurst: (title: string, events: number, shown: string, edits: number) =>
      `"${title}": after ${events} voice events the post shows ${shown} participants; it was edited ${edits} time(s)`,
    jobDemoDeleted: (title: string, closing: string) =>
      `Deleted the room of "${title}" → post locked, closing message: "${closing}"`,
    jobDemoStored: (status: string, reason: string) => `In the store: ${status}, because ${reason} (kept for reports)`,
    reportPosted: (channel: string, title: string) =>
      `Monday 00:05: the scheduled weekly report, posted to #${channel}: ${title}`,
    reportFiles: (chart: string, csv: string, rows: number) => `Chart: ${chart} · CSV: ${csv} (${rows} members)`,
    reportOnce: (first: boolean, second: boolean) =>
      `Once only: the first run ${first ? 'posted' : 'skipped'}, a second run ${second ? 'posted again (a bug!)' : 'skipped'}`,
    health: (status: number, body: string) => `/healthz → ${status} ${body}`,
    metricLine: (line: string) => `/metrics: ${line}`,
    logFile: (path: string) => `Bot log: ${path}`,
    dashboard: (url: string, status: number) =>
      `Dashboard: ${url} (answers ${status}); sign in on the fake Discord's page as any member, as Staff to change settings`,
    dashboardHint: 'Run `pnpm demo --keep-running` to keep the community and the dashboard up and click through them.',
    keepRunning: 'Running until Ctrl-C.',
    stopped: 'Bot stopped cleanly, fake Discord closed.',
  },
  ko: {
    title: 'guildkit 데모: 가짜 Discord 위의 진짜 봇',
    scope:
      '네트워크도 토큰도 없이, 진짜 discord.js 클라이언트가 로컬 가짜 Discord에 접속합니다: 음성 활동, 구인구직 게시판, 보고서.',
    fakeStarted: (members: number, channels: number) => `가짜 Discord 시작: 멤버 ${members}명, 채널 ${channels}개`,
    botReady: (commands: number) => `봇 접속 완료, 슬래시 명령 ${commands}개 등록`,
    driving: (events: number) => `음성 이벤트 ${events}개와 명령을 보냅니다`,
    progress: '진행',
    handled: (voice: number, snapshots: number, invalid: number) =>
      `봇이 처리한 이벤트: 음성 ${voice}개, 접속 시 스냅샷 ${snapshots}개, 잘못된 이벤트 ${invalid}개`,
    tracked: (applied: number, duplicates: number, open: number) =>
      `활동 추적: 상태 변화 ${applied}개 반영, 중복 ${duplicates}개 무시, 지금 열린 세션 ${open}개`,
    topToday: (day: string) => `오늘(${day}) 음성 활동 상위 5명 (진행 중인 세션 포함)`,
    rank: (rank: number, name: string, time: string) => `${rank}. ${name} — ${time}`,
    verified: (members: number, total: string) =>
      `검증: 봇의 합계가 시뮬레이션과 멤버마다 일치 (멤버 ${members}명, 총 ${total})`,
    mismatch: (members: number) => `불일치: 멤버 ${members}명의 합계가 시뮬레이션과 다름`,
    commandReply: (command: string, locale: string, reply: string) => `/${command} (${locale}) → "${reply}"`,
    jobDemo: '구인구직: /job open으로 글 두 개를 열고, 음성 채널을 드나들고, 채널 하나를 지웁니다',
    jobTitles: ['랭크 같이 하실 분 (골드 이상)', '스터디 모집'],
    jobDemoOpened: (title: string, room: string) => `"${title}" 열림: 포럼 글과 음성 채널 "${room}"`,
    jobDemoBurst: (title: string, events: number, shown: string, edits: number) =>
      `"${title}": 음성 이벤트 ${events}개 뒤 글의 참여자 ${shown}, 글 수정은 ${edits}번`,
    jobDemoDeleted: (title: string, closing: string) =>
      `"${title}"의 음성 채널 삭제 → 글 잠김, 마감 메시지: "${closing}"`,
    jobDemoStored: (status: string, reason: string) => `저장소: 상태 ${status}, 이유 ${reason} (보고서용으로 보관)`,
    reportPosted: (channel: string, title: string) => `월요일 00:05, 예약된 주간 보고서를 #${channel}에 올림: ${title}`,
    reportFiles: (chart: string, csv: string, rows: number) => `차트: ${chart} · CSV: ${csv} (멤버 ${rows}명)`,
    reportOnce: (first: boolean, second: boolean) =>
      `한 번만: 첫 실행 ${first ? '올림' : '건너뜀'}, 다시 실행 ${second ? '또 올림 (오류!)' : '건너뜀'}`,
    health: (status: number, body: string) => `/healthz → ${status} ${body}`,
    metricLine: (line: string) => `/metrics: ${line}`,
    logFile: (path: string) => `봇 로그: ${path}`,
    dashboard: (url: string, status: number) =>
      `대시보드: ${url} (응답 ${status}); 가짜 Discord 페이지에서 아무 멤버로 로그인하세요. 설정은 운영진으로`,
    dashboardHint:
      '`pnpm demo --keep-running`으로 실행하면 커뮤니티와 대시보드가 계속 켜져 있어 직접 둘러볼 수 있습니다.',
    keepRunning: 'Ctrl-C를 누를 때까지 실행합니다.',
    stopped: '봇 정상 종료, 가짜 Discord 종료.',
  },
} as const;

export type DemoStrings = (typeof demoStrings)[keyof typeof demoStrings];
