/**
 * Parts of field names that mark a secret: a field whose name, lower-cased and without `_` or
 * `-`, contains one of them has its value replaced before any sink sees it.
 *
 * @example Adding one
 * ```ts
 * import { BatchLogger, DEFAULT_REDACT_KEYS } from '@guildkit/core';
 *
 * const logger = new BatchLogger({ sinks, redactKeys: [...DEFAULT_REDACT_KEYS, 'webhookurl'] });
 * ```
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'credential',
  'connectionstring',
  'databaseurl',
]);

/** What a redacted value becomes. */
export const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/**
 * @internal Copies fields for a log record: secret-named values replaced (at any depth), the top
 * level copied so that later changes by the caller do not reach the record, cycles and values
 * deeper than 8 levels cut. Returns undefined for no fields.
 */
export function redactFields(
  fields: Readonly<Record<string, unknown>> | undefined,
  isSecret: (key: string) => boolean,
): Record<string, unknown> | undefined {
  if (fields === undefined || fields === null || typeof fields !== 'object') return undefined;
  const copy: Record<string, unknown> = {};
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    copy[key] = isSecret(key)
      ? REDACTED
      : typeof value === 'object' && value !== null
        ? nested(value, isSecret, 1, [fields])
        : value;
  }
  return copy;
}

function nested(value: object, isSecret: (key: string) => boolean, depth: number, path: object[]): unknown {
  if (path.includes(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date || value instanceof Error)
    return value instanceof Error ? { name: value.name, message: value.message } : value;
  const inner = [...path, value];
  if (Array.isArray(value)) {
    return value.map((item) =>
      typeof item === 'object' && item !== null ? nested(item, isSecret, depth + 1, inner) : item,
    );
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecret(key)
      ? REDACTED
      : typeof item === 'object' && item !== null
        ? nested(item, isSecret, depth + 1, inner)
        : item;
  }
  return copy;
}

/** @internal A test of field names against redaction keys, remembering its answers. */
export function secretTest(keys: readonly string[]): (key: string) => boolean {
  const parts = keys.map((key) => normalise(key)).filter((key) => key.length > 0);
  const known = new Map<string, boolean>();
  return (key) => {
    let secret = known.get(key);
    if (secret === undefined) {
      const name = normalise(key);
      secret = parts.some((part) => name.includes(part));
      if (known.size < 10_000) known.set(key, secret);
    }
    return secret;
  };
}

function normalise(key: string): string {
  return key.toLowerCase().replace(/[_\-\s.]/g, '');
}
