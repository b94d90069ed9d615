import { coreStrings } from '@guildkit/core';
import type { GuildkitStrings } from './guildkit-strings.ts';

/** @internal guildkit's English strings: the base of every language. */
export const en: GuildkitStrings = {
  ...coreStrings.en,
  commands: {
    activity: {
      name: 'activity',
      description: 'Voice time and messages, and the data kept about you',
      member: { name: 'member', description: 'Whom (you, if left out)' },
      show: {
        name: 'show',
        description: 'Voice time and messages: today, this week and month, the last 7 and 30 days',
      },
      data: { name: 'data', description: 'Everything this bot keeps about you on this server, as CSV files' },
      forget: { name: 'forget', description: 'Delete everything this bot keeps about you on this server' },
    },
    job: {
      name: 'job',
      description: 'Job board: a forum post with its own voice room',
      open: {
        name: 'open',
        description: 'Open a listing with a voice room',
        title: { name: 'title', description: 'What you are looking for' },
        details: { name: 'description', description: 'Details for people joining' },
      },
      close: { name: 'close', description: 'Close your listing (or this one)' },
      list: { name: 'list', description: 'Open listings' },
    },
    report: {
      name: 'report',
      description: 'Voice activity report',
      period: {
        name: 'period',
        description: 'Which period',
        choices: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' },
      },
      role: { name: 'role', description: 'Only members with this role' },
    },
    roles: {
      name: 'roles',
      description: 'Roles given and taken by activity',
      list: { name: 'list', description: 'The rules of this server' },
      add: {
        name: 'add',
        description: 'Add a rule (or replace the rule of that role)',
        kind: {
          name: 'kind',
          description: 'Who gets the role',
          choices: { minimum: 'At least some activity', top: 'The most active', inactive: 'Inactive members' },
        },
        role: { name: 'role', description: 'The role' },
        days: { name: 'days', description: 'Over the last how many days' },
        hours: { name: 'hours', description: 'At least: voice hours' },
        messages: { name: 'messages', description: 'At least: messages (either is enough)' },
        count: { name: 'count', description: 'The most active: how many members' },
      },
      remove: {
        name: 'remove',
        description: 'Remove the rule of a role',
        role: { name: 'role', description: 'The role' },
      },
      preview: { name: 'preview', description: 'Who would gain and lose their roles now (changes nothing)' },
      run: { name: 'run', description: 'Give and take the roles now' },
    },
    settings: {
      name: 'settings',
      description: "This server's guildkit settings",
      show: { name: 'show', description: 'The settings in effect here' },
      channel: {
        name: 'channel',
        description: 'Set a channel: reports, activity log, job forum or job category',
        setting: { name: 'setting', description: 'Which channel setting' },
        channel: { name: 'channel', description: 'The channel' },
      },
      role: {
        name: 'report-role',
        description: 'Scheduled reports count only members with this role',
        role: { name: 'role', description: 'The role' },
      },
      feature: {
        name: 'feature',
        description: 'Turn a feature on or off on this server',
        feature: { name: 'feature', description: 'Which feature' },
        enabled: { name: 'enabled', description: 'On or off' },
      },
      timeZone: {
        name: 'time-zone',
        description: 'The time zone of days, weeks and schedules',
        zone: { name: 'zone', description: 'An IANA time zone, such as Europe/Berlin or Asia/Seoul' },
      },
      language: {
        name: 'language',
        description: 'The language of what the bot posts here',
        language: { name: 'language', description: 'A language, or the server’s own' },
      },
      weekStart: {
        name: 'week-start',
        description: 'The day weeks start on',
        day: { name: 'day', description: 'The first day of the week' },
      },
      schedule: {
        name: 'schedule',
        description: 'When a scheduled report is posted',
        report: { name: 'report', description: 'Which report' },
        pattern: { name: 'cron', description: 'A cron pattern such as "5 0 * * 1", or off' },
      },
      reset: {
        name: 'reset',
        description: 'Put a setting back to the bot’s default',
        setting: { name: 'setting', description: 'Which setting' },
      },
      retention: {
        name: 'retention',
        description: 'How many days of activity history to keep',
        days: { name: 'days', description: 'Days kept (0 keeps everything)' },
      },
    },
  },
  replies: {
    activity: ({ name, voice, messages }) =>
      [
        `**${name}**'s voice activity`,
        `Today: ${voice.today} · ${messages.today} messages`,
        `This week: ${voice.week} · ${messages.week} messages`,
        `This month: ${voice.month} · ${messages.month} messages`,
        `Last 7 days: ${voice.last7} · ${messages.last7} messages`,
        `Last 30 days: ${voice.last30} · ${messages.last30} messages`,
      ].join('\n'),
    activityData: (files) =>
      `Everything this bot keeps about you on this server, in ${files} CSV ${files === 1 ? 'file' : 'files'}. Message texts are never kept.`,
    activityDataEmpty: 'This bot keeps nothing about you on this server.',
    forgetAsk: (name, self) =>
      self
        ? 'Delete everything this bot keeps about you on this server: your voice time, messages counted, channels and hours, your job listings and the log lines about you? This cannot be undone.'
        : `Delete everything this bot keeps about **${name}** on this server? This cannot be undone.`,
    forgetYes: 'Delete',
    forgetNo: 'Cancel',
    forgetDone: (name, { days, details, jobListings, logs }) =>
      `Deleted the data of **${name}**: ${days} days, ${details} channel and hour rows, ${jobListings} job listings, ${logs} log lines. Reports from now on leave them out.`,
    forgetCancelled: 'Nothing was deleted.',
    forgetNotYours: 'Only the member who asked can answer this.',
    cooldown: (seconds) => `Slow down! Try again in ${seconds} s.`,
    needsPermission: (permission) => `Only members with the ${permission} permission can use this command.`,
    permissionNames: {
      ManageGuild: 'Manage Server',
      ManageRoles: 'Manage Roles',
      ManageChannels: 'Manage Channels',
      ManageMessages: 'Manage Messages',
      Administrator: 'Administrator',
    },
    failed: 'Something went wrong on our side. Please try again in a moment.',
    unknownButton: 'This button no longer does anything.',
    jobOpened: (postId, roomId) => `Your listing is open: <#${postId}> · voice room: <#${roomId}>`,
    jobExisting: (postId) => `You already have an open listing: <#${postId}>`,
    jobClosed: (postId) => `Closed the listing <#${postId}>.`,
    jobAlreadyClosed: 'That listing is already closed.',
    jobNotAllowed: 'Only its owner or a member who can manage channels may close a listing.',
    jobNoneOpen: 'No listing to close: use this inside a listing, or open one first.',
    jobListEmpty: 'No open listings.',
    jobListItem: (postId, title, count, limit) => `• <#${postId}> ${title} (${count}/${limit})`,
    jobNotConfigured: 'This server has no job board set up.',
    jobInvalid: (problem) => `Could not open the listing: ${problem}`,
    jobTitleBlank: 'the title is empty or only spaces; give it a few words, or leave it out.',
    jobTooLong: (field, max) => `the ${field} is too long: at most ${max} characters.`,
    jobControlCharacters: (field) =>
      `the ${field} holds control characters (a line break in a title, say); type it again as plain text.`,
    jobFailed: (step, undone) =>
      `Could not open the listing (the ${step} step failed). ${undone ? 'What was created is removed.' : 'Some of what was created could not be removed: please tell a moderator.'}`,
    jobSteps: { room: 'voice room', post: 'forum post', store: 'saving' },
    reportNotConfigured: 'Reports are not set up on this server.',
    activityNotConfigured: 'Voice activity is not tracked on this server.',
  },
  settings: {
    names: {
      locale: 'Language',
      timeZone: 'Time zone',
      weekStartsOn: 'Week starts on',
      'activity.enabled': 'Voice activity',
      'jobBoard.enabled': 'Job board',
      'jobBoard.forumChannelId': 'Job forum',
      'jobBoard.categoryId': 'Job room category',
      'jobBoard.tagIds': 'Job post tags',
      'reports.enabled': 'Reports',
      'reports.channelId': 'Report channel',
      'reports.roleId': 'Report role',
      'reports.schedule.daily': 'Daily report',
      'reports.schedule.weekly': 'Weekly report',
      'reports.schedule.monthly': 'Monthly report',
      'activityLog.enabled': 'Activity log',
      'activityLog.channelId': 'Log channel',
      'antiSpam.enabled': 'Anti-spam',
      'activity.retentionDays': 'Activity history kept',
      'activityRoles.enabled': 'Activity roles',
      'activityRoles.rules': 'Activity role rules',
      'activityRoles.schedule': 'Activity roles run',
    },
    title: '**Settings of this server**',
    byDefault: '(default)',
    none: 'none',
    on: 'on',
    off: 'off',
    never: 'never',
    keepAll: 'everything',
    days: (count) => `${count} ${count === 1 ? 'day' : 'days'}`,
    rules: (count) => `${count} ${count === 1 ? 'rule' : 'rules'} (/roles list)`,
    serverLanguage: 'the server’s language',
    saved: (name, value) => `Saved. ${name}: ${value}`,
    reset: (name) => `${name} is back to the default.`,
    refused: (problems) => `Nothing was changed:\n${problems}`,
    notFound: (name) => `• ${name}: not found on this server.`,
    wrongType: (name, expected) =>
      `• ${name}: needs ${{ text: 'a text channel', forum: 'a forum channel', category: 'a category', role: 'a role' }[expected]}.`,
    missingPermissions: (name, permissions) => `• ${name}: the bot lacks ${permissions} there.`,
    invalid: (name, detail) => `• ${name}: ${detail}`,
    featureOff: (name) => `• ${name}: this bot does not offer it.`,
    badTimeZone: 'not a time zone; give an IANA name such as Europe/Berlin or Asia/Seoul.',
    badSchedule: 'not a cron pattern; give five fields such as "5 0 * * 1" (Mondays at 00:05), or off.',
    notHere: 'Settings can only be changed on the server.',
  },
  jobPost: {
    roomName: (owner) => `🎯 ${owner}'s room`,
    postTitle: (owner) => `💼 ${owner}'s listing`,
    owner: 'Owner',
    room: 'Voice room',
    participants: 'Participants',
    tags: 'Tags',
    created: 'Opened',
    join: 'Join the room',
    close: 'Close',
    closedTitle: '🔒 This listing is closed',
    closedStatus: 'closed',
    reasons: {
      'room-deleted': 'Its voice room was deleted.',
      'post-deleted': 'Its forum post was deleted.',
      owner: 'Its owner closed it.',
      moderator: 'A moderator closed it.',
      idle: 'Its voice room stayed empty too long.',
    },
    peak: 'Most people at once',
    totalTime: 'Total voice time',
    openFor: 'Open for',
    people: (count) => `${count}`,
  },
  reportEmbed: {
    top: 'Most active (top 10)',
    least: 'Least active (5)',
    inactive: 'Members with no activity',
    none: 'none',
  },
  roles: {
    notConfigured: 'Activity roles are not set up on this server.',
    none: 'No rules yet: add one with /roles add.',
    rule: (rule, role) => {
      const window = `in the last ${rule.days} ${rule.days === 1 ? 'day' : 'days'}`;
      if (rule.kind === 'inactive') return `${role}: no activity ${window}`;
      if (rule.kind === 'top')
        return `${role}: the ${rule.count} most active ${rule.rankBy === 'messages' ? 'by messages ' : ''}${window}`;
      const needs = [
        rule.hours === undefined ? undefined : `${rule.hours} h of voice`,
        rule.messages === undefined ? undefined : `${rule.messages} messages`,
      ].filter((part) => part !== undefined);
      return `${role}: at least ${needs.join(' or ')} ${window}`;
    },
    list: (lines) => `**Activity roles of this server**\n${lines}`,
    added: (line) => `Rule saved: ${line}`,
    removed: (role) => `Removed the rule of ${role}. Members keep the role until you take it.`,
    notARule: (role) => `${role} has no rule.`,
    invalid: (detail) => `That rule cannot be saved: ${detail}`,
    problem: (role, reason) =>
      ({
        missing: `${role} does not exist any more`,
        managed: `${role} is managed by an integration (or is @everyone): no bot can give it`,
        'above-bot': `${role} is not below the bot’s highest role: move the bot’s role above it in Server Settings → Roles`,
        'no-permission': 'the bot lacks the Manage Roles permission',
      })[reason],
    problems: (lines) => `Nothing was changed:\n${lines}`,
    preview: (members, gain, lose, lines, more) =>
      `Of ${members} members, ${gain} would gain a role and ${lose} would lose one. Nothing was changed.${lines === '' ? '' : `\n${lines}`}${more > 0 ? `\n… and ${more} more` : ''}`,
    change: (who, role, action) => `${action === 'add' ? '＋' : '－'} ${who} ${role}`,
    running: (done, total) => `Giving and taking roles: ${done}/${total}…`,
    done: (applied, skipped, failed) =>
      `Done: ${applied} roles given or taken${skipped > 0 ? `, ${skipped} already right` : ''}${failed > 0 ? `, ${failed} failed (see the log)` : ''}.`,
  },
  activityLog: {
    joined: (who, channel) => `${who} joined 🔊${channel}`,
    left: (who, channel) => `${who} left 🔊${channel}`,
    moved: (who, from, to) => `${who} moved 🔊${from} → 🔊${to}`,
    listingOpened: (owner, title) => `${owner} opened a listing: ${title}`,
    listingClosed: (owner, reason, title) => `listing of ${owner} closed (${reason}): ${title}`,
    spam: (who, deleted, limit) => `${deleted ? 'deleted a message of' : 'spam from'} ${who}: ${limit}`,
    spamMentions: (count, max) => `${count} mentions in one message (more than ${max})`,
    spamMessages: (count, seconds, max) => `${count} messages in ${seconds} s (more than ${max})`,
    timedOut: (who, minutes, offences, windowMinutes) =>
      `timed out ${who} for ${minutes} minutes: ${offences} offences in ${windowMinutes} minutes`,
    actionFailed: (action, reason) => `could not ${action}: ${reason}`,
    roleChanged: (who, role, action) =>
      `${action === 'add' ? 'gave' : 'took'} ${role} ${action === 'add' ? 'to' : 'from'} ${who} (activity roles)`,
    more: (count) => `… and ${count} more (see the store's log)`,
  },
};
