import { coreStrings } from '@guildkit/core';
import type { GuildkitStrings } from './guildkit-strings.ts';

/** @internal guildkit's Korean strings. */
export const ko: GuildkitStrings = {
  ...coreStrings.ko,
  commands: {
    activity: {
      name: '활동',
      description: '멤버의 오늘·이번 주·이번 달 음성 활동 시간',
      member: { name: '멤버', description: '조회할 멤버 (비우면 본인)' },
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
        choices: { daily: '일간', weekly: '주간', monthly: '월간' },
      },
      role: { name: '역할', description: '이 역할의 멤버만' },
    },
  },
  replies: {
    activity: (name, today, week, month) =>
      `**${name}**님의 음성 활동\n오늘: ${today}\n이번 주: ${week}\n이번 달: ${month}`,
    cooldown: (seconds) => `조금 천천히요! ${seconds}초 뒤에 다시 써 주세요.`,
    needsPermission: (permission) => `이 명령은 ${permission} 권한이 있는 멤버만 쓸 수 있어요.`,
    permissionNames: {
      ManageGuild: '서버 관리',
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
    actionFailed: (action, reason) => `${action} 실패: ${reason}`,
    more: (count) => `… 외 ${count}건 (저장소의 로그에서 확인)`,
  },
};
