import { StoreConflictError, StoreError, StoreOpenError, StoreUnavailableError } from '@guildkit/core';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
// SQLSTATEs after which the same call may succeed later: connection exceptions (class 08),
// the server shutting down or starting (57P01-57P03), too many connections (53300).
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * @internal The server, user and database of a connection string, never its password or options.
 */
export function describeLocation(connectionString: string | undefined): string {
  if (connectionString === undefined) return 'PostgreSQL (a pool handed to the store)';
  try {
    const url = new URL(connectionString);
    // Anything but a postgres URL (say `user:secret@host/db`) would put the password where the
    // scheme goes: show nothing of it.
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new TypeError('not a postgres URL');
    const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
    return `postgres://${user}${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL (connection string not shown)';
  }
}

/** @internal Whether a driver error means the server could not be reached or dropped us. */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || TRANSIENT_STATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout expired|connection timeout|connection error and is not queryable/i.test(message)
  );
}

/** @internal Turns a driver error at open time into one readable error naming the server. */
export function openFailure(error: unknown, location: string): StoreError {
  const detail =
    error instanceof Error && error.message !== ''
      ? error.message
      : String((error as { code?: unknown }).code ?? error);
  if (isConnectionFailure(error)) {
    return new StoreUnavailableError(
      location,
      `Cannot reach PostgreSQL at ${location}: ${detail}. Check that the server is running and that the connection string (DATABASE_URL) points at it.`,
      { cause: error },
    );
  }
  return new StoreOpenError(
    location,
    `Cannot open the PostgreSQL database at ${location}: ${detail}. Check the user, password, database name and permissions in the connection string.`,
    { cause: error },
  );
}

/** @internal Turns a driver error during a call into a store error; validation and store errors pass through. */
export function callFailure(error: unknown, location: string): unknown {
  if (error instanceof StoreError || error instanceof TypeError) return error;
  if (isConnectionFailure(error)) {
    return new StoreUnavailableError(
      location,
      `PostgreSQL at ${location} could not be reached, so the call did not complete. A write whose connection ` +
        'dropped while it was being committed may still have landed.',
      { cause: error },
    );
  }
  const { code, constraint } = error as {
    code?: unknown;
    constraint?: unknown;
  };
  if (code === '23505' && typeof constraint === 'string') {
    return new StoreConflictError(constraint, `The write broke the uniqueness rule ${constraint}.`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`PostgreSQL at ${location} failed: ${message}`, {
    cause: error,
  });
}
