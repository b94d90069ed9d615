/**
 * The Node.js versions guildkit supports, as `engines.node` says and CI proves: 22.18 or later on
 * Node 22, 23.6 or later on Node 23, and every later major. Older ones lack what guildkit's
 * dependencies need (better-sqlite3 13 needs Node-API 10, and crashes without a message where it
 * is missing).
 *
 * @example
 * ```ts
 * import { SUPPORTED_NODE_VERSIONS } from '@guildkit/core';
 *
 * console.log(`guildkit runs on Node.js ${SUPPORTED_NODE_VERSIONS}`);
 * ```
 */
export const SUPPORTED_NODE_VERSIONS = '^22.18.0 || >=23.6.0';

/**
 * @internal Throws a readable error on a Node.js that guildkit does not support; does nothing on
 * other runtimes (which have no `process.versions.node`).
 */
export function assertSupportedRuntime(version: string | undefined = globalThis.process?.versions?.node): void {
  if (typeof version !== 'string') return;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const supported = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
  if (!supported) {
    throw new Error(
      `guildkit needs Node.js ${SUPPORTED_NODE_VERSIONS}; this is Node.js ${version}. ` +
        'Upgrade Node.js (22.18 or later): on older versions the SQLite store would crash the process without a message.',
    );
  }
}
