import { coreStrings } from '@guildkit/core';
import type { GuildkitStrings } from './guildkit-strings.ts';

/** @internal guildkit's Korean strings. */
export const ko: GuildkitStrings = {
  ...coreStrings.ko,
  commands: {
    activity: {
      name: '활동',
      description: '음성 시간과 메시지, 그리고 나에 대해 저장된 데이터',
      member: { name: '멤버', description: '누구의 활동인지 (비우면 나)' },
      show: { name: '보기', description: '음성 시간과 메시지: 오늘, 이번 주와 달, 최근 7일과 30일' },
      data: { name: '데이터', description: '이 서버에서 봇이 나에 대해 저장한 모든 것 (CSV 파일)' },
      forget: { name: '삭제', description: '이 서버에서 봇이 나에 대해 저장한 모든 것을 지워요' },
    },
    job: {
      name: '구직',
      description: '구인구직: 전용 음성 채널이 있는 포럼 글',
      open: {
        name: '열기',
        description: '음성 채널과 함께 구인 글 열기',
        title: { name: '제목', description: '무엇을 구하는지' },
        details: { name: '설명', description: '참여자를 위한 자세한 내용' },
      },
      close: { name: '마감', description: '내 구인 글(또는 이 글) 마감' },
      list: { name: '목록', description: '열린 구인 글 목록' },
    },
    report: {
      name: '보고서',
      description: '음성 활동 보고서',
      period: {
        name: '기간',
        description: '어느 기간',
        choices: { daily: '일간', weekly: '주간', monthly: '월간', last7: '최근 7일', last30: '최근 30일' },
      },
      role: { name: '역할', description: '이 역할의 멤버만' },
    },
    roles: {
      name: '역할',
      description: '활동에 따라 주고 빼는 역할',
      list: { name: '목록', description: '이 서버의 규칙' },
      add: {
        name: '추가',
        description: '규칙 추가 (그 역할의 규칙이 있으면 바꿔요)',
        kind: {
          name: '종류',
          description: '누가 역할을 받는지',
          choices: { minimum: '일정 이상 활동', top: '가장 활발한 멤버', inactive: '활동 없는 멤버' },
        },
        role: { name: '역할', description: '줄 역할' },
        days: { name: '기간', description: '최근 며칠 동안' },
        hours: { name: '시간', description: '최소: 음성 시간' },
        messages: { name: '메시지', description: '최소: 메시지 수 (둘 중 하나면 충분)' },
        count: { name: '인원', description: '가장 활발한: 몇 명' },
      },
      remove: { name: '삭제', description: '역할의 규칙 삭제', role: { name: '역할', description: '역할' } },
      preview: { name: '미리보기', description: '지금 누가 역할을 얻고 잃을지 (아무것도 바꾸지 않아요)' },
      run: { name: '실행', description: '지금 역할을 주고 빼기' },
    },
    settings: {
      name: '설정',
      description: '이 서버의 guildkit 설정',
      show: { name: '보기', description: '지금 적용 중인 설정' },
      channel: {
        name: '채널',
        description: '채널 설정: 보고서, 활동 기록, 구인 포럼, 구인 카테고리',
        setting: { name: '항목', description: '어느 채널 설정' },
        channel: { name: '채널', description: '채널' },
      },
      role: {
        name: '보고서-역할',
        description: '정기 보고서에 이 역할의 멤버만 집계',
        role: { name: '역할', description: '역할' },
      },
      feature: {
        name: '기능',
        description: '이 서버에서 기능 켜기·끄기',
        feature: { name: '기능', description: '어느 기능' },
        enabled: { name: '켜기', description: '켜기 또는 끄기' },
      },
      timeZone: {
        name: '시간대',
        description: '하루·주·일정의 기준 시간대',
        zone: { name: '시간대', description: 'IANA 시간대 (예: Asia/Seoul, Europe/Berlin)' },
      },
      language: {
        name: '언어',
        description: '봇이 이 서버에 올리는 글의 언어',
        language: { name: '언어', description: '언어, 또는 서버 기본 언어' },
      },
      weekStart: {
        name: '주-시작',
        description: '한 주가 시작하는 요일',
        day: { name: '요일', description: '한 주의 첫 요일' },
      },
      schedule: {
        name: '일정',
        description: '정기 보고서를 올리는 시각',
        report: { name: '보고서', description: '어느 보고서' },
        pattern: { name: '크론', description: '크론 패턴 (예: "5 0 * * 1"), 또는 off' },
      },
      reset: {
        name: '초기화',
        description: '설정을 봇 기본값으로 되돌리기',
        setting: { name: '항목', description: '어느 설정' },
      },
      retention: {
        name: '보관',
        description: '활동 기록을 며칠까지 보관할지',
        days: { name: '일수', description: '보관할 일수 (0이면 전부 보관)' },
      },
    },
  },
  replies: {
    activity: ({ name, voice, messages }) =>
      [
        `**${name}**님의 음성 활동`,
        `오늘: ${voice.today} · 메시지 ${messages.today}개`,
        `이번 주: ${voice.week} · 메시지 ${messages.week}개`,
        `이번 달: ${voice.month} · 메시지 ${messages.month}개`,
        `최근 7일: ${voice.last7} · 메시지 ${messages.last7}개`,
        `최근 30일: ${voice.last30} · 메시지 ${messages.last30}개`,
      ].join('\n'),
    activityData: (files) =>
      `이 서버에서 봇이 저장한 내 데이터 전부예요 (CSV 파일 ${files}개). 메시지 내용은 저장하지 않아요.`,
    activityDataEmpty: '이 서버에서 봇이 저장한 내 데이터가 없어요.',
    forgetAsk: (name, self) =>
      self
        ? '이 서버에서 봇이 저장한 내 데이터(음성 시간, 메시지 수, 채널과 시간대, 구직 글, 나에 대한 기록)를 모두 지울까요? 되돌릴 수 없어요.'
        : `이 서버에서 봇이 저장한 **${name}**님의 데이터를 모두 지울까요? 되돌릴 수 없어요.`,
    forgetYes: '삭제',
    forgetNo: '취소',
    forgetDone: (name, { days, details, jobListings, logs }) =>
      `**${name}**님의 데이터를 지웠어요: ${days}일치, 채널·시간대 ${details}줄, 구직 글 ${jobListings}개, 기록 ${logs}줄. 앞으로의 보고서에는 나오지 않아요.`,
    forgetCancelled: '아무것도 지우지 않았어요.',
    forgetNotYours: '요청한 멤버만 답할 수 있어요.',
    cooldown: (seconds) => `조금 천천히요! ${seconds}초 뒤에 다시 써 주세요.`,
    needsPermission: (permission) => `이 명령은 ${permission} 권한이 있는 멤버만 쓸 수 있어요.`,
    permissionNames: {
      ManageGuild: '서버 관리',
      ManageRoles: '역할 관리',
      ManageChannels: '채널 관리',
      ManageMessages: '메시지 관리',
      Administrator: '관리자',
    },
    failed: '처리하지 못했어요. 잠시 뒤 다시 해 주세요.',
    unknownButton: '이 버튼은 이제 쓸 수 없어요.',
    jobOpened: (postId, roomId) => `구인 글을 열었어요: <#${postId}> · 음성 채널: <#${roomId}>`,
    jobExisting: (postId) => `이미 열린 구인 글이 있어요: <#${postId}>`,
    jobClosed: (postId) => `구인 글 <#${postId}>을(를) 마감했어요.`,
    jobAlreadyClosed: '이미 마감된 구인 글이에요.',
    jobNotAllowed: '작성자나 채널 관리 권한이 있는 멤버만 마감할 수 있어요.',
    jobNoneOpen: '마감할 구인 글이 없어요. 구인 글 안에서 쓰거나 먼저 글을 여세요.',
    jobListEmpty: '열린 구인 글이 없어요.',
    jobListItem: (postId, title, count, limit) => `• <#${postId}> ${title} (${count}/${limit})`,
    jobNotConfigured: '이 서버에는 구인 게시판이 설정되지 않았어요.',
    jobInvalid: (problem) => `구인 글을 열지 못했어요: ${problem}`,
    jobTitleBlank: '제목이 비어 있거나 공백뿐이에요. 몇 글자 적거나 비워 두세요.',
    jobTooLong: (field, max) => `${field}이(가) 너무 길어요. 최대 ${max}자예요.`,
    jobControlCharacters: (field) =>
      `${field}에 제어 문자(제목의 줄바꿈 등)가 있어요. 일반 텍스트로 다시 입력해 주세요.`,
    jobFailed: (step, undone) =>
      `구인 글을 열지 못했어요 (${step} 단계). ${undone ? '만들던 것은 지웠어요.' : '만들던 것 일부를 지우지 못했어요: 관리자에게 알려 주세요.'}`,
    jobSteps: { room: '음성 채널 만들기', post: '포럼 글 만들기', store: '저장' },
    reportNotConfigured: '이 서버에는 보고서가 설정되지 않았어요.',
    activityNotConfigured: '이 서버에서는 음성 활동을 기록하지 않아요.',
  },
  settings: {
    names: {
      locale: '언어',
      timeZone: '시간대',
      weekStartsOn: '주 시작 요일',
      'activity.enabled': '음성 활동',
      'jobBoard.enabled': '구인구직',
      'jobBoard.forumChannelId': '구인 포럼',
      'jobBoard.categoryId': '구인 음성 채널 카테고리',
      'jobBoard.tagIds': '구인 글 태그',
      'reports.enabled': '보고서',
      'reports.channelId': '보고서 채널',
      'reports.roleId': '보고서 역할',
      'reports.schedule.daily': '일간 보고서',
      'reports.schedule.weekly': '주간 보고서',
      'reports.schedule.monthly': '월간 보고서',
      'activityLog.enabled': '활동 기록',
      'activityLog.channelId': '기록 채널',
      'antiSpam.enabled': '스팸 방지',
      'dashboard.leaderboard': '대시보드 순위표',
      'activity.retentionDays': '활동 기록 보관',
      'activityRoles.enabled': '활동 역할',
      'activityRoles.rules': '활동 역할 규칙',
      'activityRoles.schedule': '활동 역할 실행',
    },
    title: '**이 서버의 설정**',
    byDefault: '(기본값)',
    none: '없음',
    on: '켜짐',
    off: '꺼짐',
    never: '안 함',
    keepAll: '전부',
    leaderboardFor: { members: '모든 멤버', moderators: '운영진만' },
    days: (count) => `${count}일`,
    rules: (count) => `규칙 ${count}개 (/역할 목록)`,
    serverLanguage: '서버 기본 언어',
    saved: (name, value) => `저장했어요. ${name}: ${value}`,
    reset: (name) => `${name}을(를) 기본값으로 되돌렸어요.`,
    refused: (problems) => `아무것도 바꾸지 않았어요:\n${problems}`,
    notFound: (name) => `• ${name}: 이 서버에서 찾을 수 없어요.`,
    wrongType: (name, expected) =>
      `• ${name}: ${{ text: '텍스트 채널', forum: '포럼 채널', category: '카테고리', role: '역할' }[expected]}이어야 해요.`,
    missingPermissions: (name, permissions) => `• ${name}: 봇에게 그 채널의 ${permissions} 권한이 없어요.`,
    invalid: (name, detail) => `• ${name}: ${detail}`,
    featureOff: (name) => `• ${name}: 이 봇에서 제공하지 않는 기능이에요.`,
    badTimeZone: '시간대가 아니에요. Asia/Seoul, Europe/Berlin 같은 IANA 이름을 써 주세요.',
    badSchedule: '크론 패턴이 아니에요. "5 0 * * 1"(월요일 00:05)처럼 다섯 칸으로 쓰거나 off를 써 주세요.',
    notHere: '설정은 서버 안에서만 바꿀 수 있어요.',
  },
  jobPost: {
    roomName: (owner) => `🎯 ${owner}님의 방`,
    postTitle: (owner) => `💼 ${owner}님의 구인 글`,
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
    },
    peak: '최대 참여자',
    totalTime: '총 음성 시간',
    openFor: '진행 시간',
    people: (count) => `${count}명`,
  },
  reportEmbed: {
    top: '가장 활발한 멤버 (상위 10명)',
    least: '활동이 적은 멤버 (5명)',
    inactive: '활동 없는 멤버',
    none: '없음',
    channels: '가장 붐빈 채널',
    messages: '메시지',
    heatmap: '요일·시간대별 음성 시간',
    weekdays: ['일', '월', '화', '수', '목', '금', '토'],
  },
  roles: {
    notConfigured: '이 서버에는 활동 역할이 설정되어 있지 않아요.',
    none: '아직 규칙이 없어요: /역할 추가 로 만들어 주세요.',
    rule: (rule, role) => {
      const window = `최근 ${rule.days}일`;
      if (rule.kind === 'inactive') return `${role}: ${window} 동안 활동 없음`;
      if (rule.kind === 'top')
        return `${role}: ${window} ${rule.rankBy === 'messages' ? '메시지 ' : ''}상위 ${rule.count}명`;
      const needs = [
        rule.hours === undefined ? undefined : `음성 ${rule.hours}시간`,
        rule.messages === undefined ? undefined : `메시지 ${rule.messages}개`,
      ].filter((part) => part !== undefined);
      return `${role}: ${window} 동안 ${needs.join(' 또는 ')} 이상`;
    },
    list: (lines) => `**이 서버의 활동 역할**\n${lines}`,
    added: (line) => `규칙을 저장했어요: ${line}`,
    removed: (role) => `${role}의 규칙을 지웠어요. 이미 받은 역할은 직접 빼기 전까지 남아요.`,
    notARule: (role) => `${role}에는 규칙이 없어요.`,
    invalid: (detail) => `이 규칙은 저장할 수 없어요: ${detail}`,
    problem: (role, reason) =>
      ({
        missing: `${role} 역할이 더 이상 없어요`,
        managed: `${role}은(는) 연동 서비스가 관리하는 역할(또는 @everyone)이라 봇이 줄 수 없어요`,
        'above-bot': `${role}이(가) 봇의 가장 높은 역할보다 아래에 있지 않아요: 서버 설정 → 역할에서 봇 역할을 위로 옮겨 주세요`,
        'no-permission': '봇에게 역할 관리 권한이 없어요',
      })[reason],
    problems: (lines) => `아무것도 바꾸지 않았어요:\n${lines}`,
    preview: (members, gain, lose, lines, more) =>
      `멤버 ${members}명 중 ${gain}명이 역할을 얻고 ${lose}명이 잃게 돼요. 아무것도 바꾸지 않았어요.${lines === '' ? '' : `\n${lines}`}${more > 0 ? `\n… 외 ${more}건` : ''}`,
    change: (who, role, action) => `${action === 'add' ? '＋' : '－'} ${who} ${role}`,
    running: (done, total) => `역할을 주고 빼는 중: ${done}/${total}…`,
    done: (applied, skipped, failed) =>
      `완료: 역할 ${applied}건을 주거나 뺐어요${skipped > 0 ? `, ${skipped}건은 이미 맞았어요` : ''}${failed > 0 ? `, ${failed}건 실패 (기록을 확인해 주세요)` : ''}.`,
  },
  activityLog: {
    joined: (who, channel) => `${who} 님이 🔊${channel}에 들어왔어요`,
    left: (who, channel) => `${who} 님이 🔊${channel}에서 나갔어요`,
    moved: (who, from, to) => `${who} 님이 🔊${from} → 🔊${to}로 옮겼어요`,
    listingOpened: (owner, title) => `${owner} 님이 구인 글을 열었어요: ${title}`,
    listingClosed: (owner, reason, title) => `${owner} 님의 구인 글 마감 (${reason}): ${title}`,
    spam: (who, deleted, limit) => `${deleted ? '메시지 삭제' : '스팸'}: ${who} — ${limit}`,
    spamMentions: (count, max) => `한 메시지에 멘션 ${count}개 (최대 ${max}개)`,
    spamMessages: (count, seconds, max) => `${seconds}초에 메시지 ${count}개 (최대 ${max}개)`,
    timedOut: (who, minutes, offences, windowMinutes) =>
      `${who} 님을 ${minutes}분 동안 타임아웃: ${windowMinutes}분 안에 ${offences}번 위반`,
    roleChanged: (who, role, action) =>
      action === 'add'
        ? `${who}에게 ${role} 역할을 줬어요 (활동 역할)`
        : `${who}에게서 ${role} 역할을 뺐어요 (활동 역할)`,
    actionFailed: (action, reason) => `${action} 실패: ${reason}`,
    more: (count) => `… 외 ${count}건 (저장소의 로그에서 확인)`,
  },
};
