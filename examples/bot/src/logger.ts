import pino, { type Logger } from 'pino';

/** The bot's logger: JSON lines on stdout; secrets are censored wherever they appear in a record. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(1)): Logger {
  return pino(
    {
      level,
      base: { app: 'guildkit-bot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'config.token',
          'headers.authorization',
          '*.headers.authorization',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
