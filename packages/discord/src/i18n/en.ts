import { coreStrings } from '@guildkit/core';
import type { GuildkitStrings } from './guildkit-strings.ts';

/** @internal guildkit's English strings: the base of every language. */
export const en: GuildkitStrings = {
  ...coreStrings.en,
  commands: {
    activity: {
      name: 'activity',
      description: "A member's voice time today, this week and this month",
      member: { name: 'member', description: 'Whom to look up (you, if left out)' },
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
  },
  replies: {
    activity: (name, today, week, month) =>
      `**${name}**'s voice activity\nToday: ${today}\nThis week: ${week}\nThis month: ${month}`,
    cooldown: (seconds) => `Slow down! Try again in ${seconds} s.`,
    needsPermission: (permission) => `Only members with the ${permission} permission can use this command.`,
    permissionNames: {
      ManageGuild: 'Manage Server',
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
    more: (count) => `… and ${count} more (see the store's log)`,
  },
};
