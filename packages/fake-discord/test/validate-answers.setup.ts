// A vitest setup file (see .config/vitest.config.ts): every fake Discord a test file starts in
// this process has each JSON answer checked against Discord's OpenAPI description, and a test
// during which the fake gave an answer Discord would not give fails, with every violation listed.
// Answers given outside a test (a fake shared by a file, closing) fail the file's afterAll.
//
// FAKE_DISCORD_ANSWER_REPORT=<file> also appends one JSON line per answer ({ route, ok, allowed })
// to that file: how many distinct routes and statuses the suites exercise, and how many validate.
import { appendFileSync } from 'node:fs';
import { afterAll, afterEach } from 'vitest';
import { observeAnswers } from '../src/index.ts';
import { type AllowedAnswer, AnswerValidator } from './answer-validator.ts';

/** The answers checked by no schema, each with its reason. */
export const ALLOWED_ANSWERS: readonly AllowedAnswer[] = [
  {
    // Discord's description lists only 2xx, 4xx and 429 answers; tests inject 5xx answers
    // (`fake.injectFailure`) on purpose, to see that clients retry.
    reason: "server errors: Discord's OpenAPI description describes none; tests inject them to test retries",
    matches: (answer) => answer.status >= 500,
  },
  {
    // The token exchange answers as RFC 6749 says, and Discord documents it apart from its OpenAPI
    // description; oauth2.test.ts checks those answers field by field.
    reason: "OAuth2's token exchange: described by RFC 6749 and Discord's OAuth2 guide, not its OpenAPI description",
    matches: (answer) => answer.path === '/oauth2/token' || answer.path === '/oauth2/token/revoke',
  },
];

const report = process.env.FAKE_DISCORD_ANSWER_REPORT;
const violations: string[] = [];
let validator: AnswerValidator | undefined;

const stop = observeAnswers((answer) => {
  try {
    validator ??= new AnswerValidator(undefined, ALLOWED_ANSWERS);
    const check = validator.check(answer);
    violations.push(...check.violations);
    if (report !== undefined) {
      const line = { route: check.route, ok: check.violations.length === 0, allowed: check.allowedBecause ?? null };
      appendFileSync(report, `${JSON.stringify(line)}\n`);
    }
  } catch (error) {
    // The fake must answer whatever happens here; a validator that breaks is a violation too.
    violations.push(`${answer.method} ${answer.path}: the validator failed: ${String(error)}`);
  }
});

function failOnViolations(when: string): void {
  if (violations.length === 0) return;
  const found = violations.splice(0);
  throw new Error(
    `fake-discord gave ${found.length} answer(s) ${when} that Discord's OpenAPI description does not allow:\n${found.join('\n')}`,
  );
}

afterEach(() => failOnViolations('during this test'));
afterAll(() => {
  stop();
  failOnViolations('outside any test (before or after the tests of this file)');
});
