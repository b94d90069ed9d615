/**
 * One JSON answer the fake Discord's REST API gave, as the client received it.
 *
 * @example Checking that every user the fake sends has its flags
 * ```ts
 * const check = (answer: FakeAnswer) => {
 *   if (answer.path === '/users/@me' && typeof (answer.body as { flags?: unknown }).flags !== 'number')
 *     throw new Error('a user without flags');
 * };
 * ```
 */
export interface FakeAnswer {
  readonly method: string;
  /** The path after `/api/v10`, such as `/channels/123/messages`. */
  readonly path: string;
  readonly status: number;
  /** The JSON body as sent (parsed back from the bytes on the wire), or `undefined` when it had none (204). */
  readonly body: unknown;
}

/**
 * Receives the answers of a fake Discord, one call per answer, before the client reads it. It
 * must not throw: collect what it finds and check it after the test.
 *
 * @example Collecting every status
 * ```ts
 * const statuses: number[] = [];
 * const observer: AnswerObserver = (answer) => statuses.push(answer.status);
 * ```
 */
export type AnswerObserver = (answer: FakeAnswer) => void;

// On globalThis under a registered symbol, so that the source and a built copy of this package
// loaded in one process (a workspace and its packed tarball) share the observers.
const OBSERVERS = Symbol.for('@guildkit/fake-discord/answer-observers');

function registry(): Set<AnswerObserver> {
  const holder = globalThis as { [OBSERVERS]?: Set<AnswerObserver> };
  holder[OBSERVERS] ??= new Set();
  return holder[OBSERVERS];
}

/**
 * Has every fake Discord started from now on in this process report its answers to `observer`,
 * as if each were started with `onAnswer`: for a test setup file that checks every fake of a
 * suite without touching each test. Fakes already running are not affected.
 *
 * @param observer - called with every answer
 * @returns a function that stops it for fakes started afterwards
 *
 * @example In a vitest setup file
 * ```ts
 * import { afterAll } from 'vitest';
 * import { observeAnswers } from '@guildkit/fake-discord';
 *
 * const answers: FakeAnswer[] = [];
 * afterAll(observeAnswers((answer) => answers.push(answer)));
 * ```
 */
export function observeAnswers(observer: AnswerObserver): () => void {
  registry().add(observer);
  return () => {
    registry().delete(observer);
  };
}

/** @internal The observers a fake starting now reports to: its own and the process's; undefined when none. */
export function answerObserverFor(own: AnswerObserver | undefined): AnswerObserver | undefined {
  const observers = [...(own === undefined ? [] : [own]), ...registry()];
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return (answer) => {
    for (const observer of observers) observer(answer);
  };
}
