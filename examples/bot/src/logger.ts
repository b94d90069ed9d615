import pino, { type Logger } from 'pino';

// Interaction and webhook tokens ride in URLs (/interactions/:id/:token, /webhooks/:app/:token).
const TOKEN_IN_URL = /(\/(?:interactions\/\d+|webhooks\/\d+)\/)[^/?\s"']+/g;
const SECRET_KEYS = ['token', 'config.token', 'headers.authorization', 'DISCORD_TOKEN', 'password'];

/** Errors as pino serialises them, with tokens in URLs masked and request bodies (file bytes) left out. */
function serialiseError(error: unknown): unknown {
  const serialised = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const { requestBody: _requestBody, ...rest } = serialised;
  return JSON.parse(JSON.stringify(rest).replace(TOKEN_IN_URL, '$1[redacted]'));
}

/** The bot's logger: JSON lines on stdout; secrets are censored wherever they appear in a record. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(1)): Logger {
  return pino(
    {
      level,
      base: { app: 'guildkit-bot' },
      serializers: { err: serialiseError },
      // Each key at the top and one level down.
      redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
    },
    destination,
  );
}
