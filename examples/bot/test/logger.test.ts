import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('the bot logger', () => {
  it('censors the bot token, interaction tokens in URLs and request bodies', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ config: { token: 'bot-token-123' }, headers: { authorization: 'Bot bot-token-123' } }, 'starting');
    const error = Object.assign(new Error('Unknown interaction'), {
      url: 'http://127.0.0.1/api/v10/interactions/1234567890/aW50ZXJhY3Rpb24tdG9rZW4/callback',
      requestBody: { files: [{ data: 'bytes' }], json: { type: 4 } },
    });
    logger.error({ err: error }, 'reply failed');
    const text = lines.join('');
    expect(text).not.toContain('bot-token-123');
    expect(text).not.toContain('aW50ZXJhY3Rpb24tdG9rZW4');
    expect(text).toContain('/interactions/1234567890/[redacted]/callback');
    expect(text).not.toContain('requestBody');
  });
});
