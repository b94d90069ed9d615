import type { LogRecord } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { discordLogSink, formatLogLine } from '../src/index.ts';
import { messagesOf } from '../src/log-sink.ts';

const more = (count: number) => `… and ${count} more`;

describe('discordLogSink', () => {
  it('packs lines into messages of at most 2,000 characters, in order', () => {
    const lines = Array.from({ length: 30 }, (_, n) => `${String(n).padStart(2, '0')} ${'x'.repeat(97)}`); // 100 characters each
    const messages = messagesOf(lines, 5, more);
    expect(messages.map((message) => message.length)).toEqual([1_918, 1_110]); // 19 lines, then 11
    expect(messages.join('\n').split('\n')).toEqual(lines);
  });

  it('keeps to messagesPerBatch, counting what does not fit in a last line that fits too', () => {
    const lines = Array.from({ length: 500 }, (_, n) => `line ${n} ${'y'.repeat(90)}`);
    const messages = messagesOf(lines, 2, more);
    expect(messages).toHaveLength(2);
    expect(messages.every((message) => message.length <= 2_000)).toBe(true);
    const shown = messages.join('\n').split('\n');
    const last = shown.at(-1) as string;
    expect(last).toMatch(/^… and \d+ more$/);
    expect(shown.length - 1 + Number(/\d+/.exec(last)?.[0])).toBe(500);
    expect(shown.slice(0, -1)).toEqual(lines.slice(0, shown.length - 1));
  });

  it('formats only the records a message shows, and sends what packing every line would', async () => {
    const records: LogRecord[] = Array.from({ length: 200 }, (_, n) => ({
      at: 1_764_000_000_000 + n,
      level: 'info',
      source: 'voice',
      message: `<@1200000000000000${String(n).padStart(3, '0')}> joined 🔊room ${n % 16}`,
      fields: { guildId: '1100000000000000001', userId: `1200000000000000${String(n).padStart(3, '0')}` },
    }));
    const posted: string[] = [];
    const client = {
      rest: { post: async (_route: string, { body }: { body: { content: string } }) => posted.push(body.content) },
    };
    let formatted = 0;
    const format = (record: LogRecord) => {
      formatted += 1;
      return formatLogLine(record);
    };
    const sink = discordLogSink({ client: client as never, channelId: '1400000000000000001', format, locale: 'en' });
    await sink.write(records);
    const english = (count: number) => `… and ${count} more (see the store's log)`;
    expect(posted).toEqual(messagesOf(records.map(formatLogLine), 2, english));
    expect(posted).toHaveLength(2);
    const shown = posted.join('\n').split('\n').length - 1;
    expect(formatted).toBe(shown + 1); // the lines shown, and the one that did not fit
    expect(formatted).toBeLessThan(records.length / 2);
  });

  it("writes each record as one line, its time in the reader's time zone and its Markdown escaped", () => {
    const record: LogRecord = {
      at: 1_764_000_000_123,
      level: 'warn',
      source: 'anti_spam',
      message: 'deleted a message with *6* mentions',
      fields: { userId: '1200000000000000001', count: 6 },
    };
    expect(formatLogLine(record)).toBe(
      '<t:1764000000:T> 🟠 **anti\\_spam** deleted a message with \\*6\\* mentions · userId=1200000000000000001, count=6',
    );
    expect(formatLogLine({ ...record, message: 'z'.repeat(900) })).toHaveLength(500);
  });

  it('refuses a channel id that is not a snowflake', () => {
    expect(() => discordLogSink({ client: {} as never, channelId: '#logs' })).toThrow(/channelId must be a channel id/);
  });
});
