import type { MemberData } from '../storage/member-data-store.ts';
import { toCsv } from './report-text.ts';

/**
 * Everything kept about a member as CSV files, one per kind (days, channels, hours, open session,
 * job listings, log records), for a member who asks for their data.
 *
 * @param data - from `store.readMemberData`
 * @returns the files' names and contents, in that order; kinds with nothing kept are left out
 *
 * @example Writing them to a folder
 * ```ts
 * import { memberDataToCsv } from '@guildkit/core';
 *
 * for (const { name, csv } of memberDataToCsv(await store.readMemberData({ guildId, userId })))
 *   await writeFile(name, csv);
 * ```
 */
export function memberDataToCsv(data: MemberData): { readonly name: string; readonly csv: string }[] {
  const files: { name: string; csv: string }[] = [];
  const add = (name: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]) => {
    if (rows.length > 0) files.push({ name, csv: toCsv([header, ...rows]) });
  };
  add(
    'days.csv',
    ['guild_id', 'user_id', 'day', 'voice_ms', 'messages'],
    data.days.map((row) => [data.guildId, data.userId, row.day, row.ms, row.messages]),
  );
  add(
    'channels.csv',
    ['day', 'channel_id', 'voice_ms', 'messages'],
    data.channels.map((row) => [row.day, row.channelId, row.ms, row.messages]),
  );
  add(
    'hours.csv',
    ['day', 'hour', 'voice_ms', 'messages'],
    data.hours.map((row) => [row.day, row.hour, row.ms, row.messages]),
  );
  const open = data.checkpoint;
  add(
    'voice-session.csv',
    ['channel_id', 'started_at', 'checkpoint_at'],
    open === undefined
      ? []
      : [[open.channelId, new Date(open.startedAt).toISOString(), new Date(open.checkpointAt).toISOString()]],
  );
  add(
    'job-listings.csv',
    ['post_id', 'voice_channel_id', 'title', 'description', 'status', 'created_at', 'closed_at', 'total_voice_ms'],
    data.jobListings.map((listing) => [
      listing.postId,
      listing.voiceChannelId,
      listing.title,
      listing.description,
      listing.status,
      new Date(listing.createdAt).toISOString(),
      listing.closedAt === null ? '' : new Date(listing.closedAt).toISOString(),
      listing.totalVoiceMs,
    ]),
  );
  add(
    'log-records.csv',
    ['at', 'level', 'source', 'message', 'fields'],
    data.logs.map((record) => [
      new Date(record.at).toISOString(),
      record.level,
      record.source,
      record.message,
      JSON.stringify(record.fields),
    ]),
  );
  return files;
}
