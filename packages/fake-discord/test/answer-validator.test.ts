import { describe, expect, it } from 'vitest';
import { type FakeAnswer, observeAnswers } from '../src/index.ts';
import { AnswerValidator } from './answer-validator.ts';
import { community, fakeForTest } from './helpers.ts';
import { ALLOWED_ANSWERS } from './validate-answers.setup.ts';

const validator = new AnswerValidator(undefined, ALLOWED_ANSWERS);
const user = {
  id: '1448300000000000001',
  username: 'minji',
  discriminator: '0',
  global_name: '민지',
  avatar: null,
  flags: 0,
  public_flags: 0,
  primary_guild: null,
};
const answer = (method: string, path: string, status: number, body: unknown): FakeAnswer => ({
  method,
  path,
  status,
  body,
});

describe('the answer validator', () => {
  it('passes a user as Discord sends it, and names each field a user lacks or gets wrong', () => {
    expect(validator.check(answer('GET', `/users/${user.id}`, 200, user))).toEqual({
      route: 'GET /users/{user_id} 200',
      violations: [],
    });
    const { flags: _flags, ...withoutFlags } = user;
    expect(validator.check(answer('GET', `/users/${user.id}`, 200, withoutFlags)).violations).toEqual([
      `GET /users/${user.id} (200): /flags is missing (required)`,
    ]);
    expect(validator.check(answer('GET', `/users/${user.id}`, 200, { ...user, public_flags: '0' })).violations).toEqual(
      [`GET /users/${user.id} (200): /public_flags must be integer`],
    );
  });

  it('reports the closest kind of a union: a button without its id, deep in a message', () => {
    const message = {
      id: '1448300000000000002',
      channel_id: '1448300000000000003',
      type: 0,
      content: '',
      author: user,
      timestamp: '2026-11-25T10:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [{ type: 'rich', title: 'A listing' }],
      pinned: false,
      flags: 0,
      components: [{ type: 1, id: 1, components: [{ type: 2, style: 1, label: 'Close', custom_id: 'job:close' }] }],
    };
    const path = `/channels/${message.channel_id}/messages`;
    expect(validator.check(answer('POST', path, 200, message)).violations).toEqual([
      `POST ${path} (200): /components/0/components/0/id is missing (required)`,
    ]);
    const { type: _type, ...untyped } = message.embeds[0] as { type: string; title: string };
    expect(validator.check(answer('POST', path, 200, { ...message, embeds: [untyped] })).violations).toContain(
      `POST ${path} (200): /embeds/0/type is missing (required)`,
    );
  });

  it('fails a route Discord does not have and a status it does not answer, naming method and path', () => {
    expect(validator.check(answer('GET', '/guilds/1/no-such-thing', 200, {})).violations).toEqual([
      "GET /guilds/1/no-such-thing (200): Discord's OpenAPI description has no such route",
    ]);
    expect(validator.check(answer('PUT', '/gateway/bot', 200, {})).violations).toEqual([
      "PUT /gateway/bot (200): Discord's OpenAPI description has no such route",
    ]);
    expect(validator.check(answer('GET', '/gateway/bot', 302, {})).violations).toEqual([
      'GET /gateway/bot (302): status 302 is not one Discord answers (200, 429, 4XX)',
    ]);
  });

  it('knows which answers have a body: none for a 204, one for a 200', () => {
    const path = '/channels/1/messages/2';
    expect(validator.check(answer('DELETE', path, 204, undefined)).violations).toEqual([]);
    expect(validator.check(answer('DELETE', path, 204, { id: '2' })).violations).toEqual([
      `DELETE ${path} (204): Discord answers this with no body, the fake sent one`,
    ]);
    expect(validator.check(answer('GET', path, 200, undefined)).violations).toEqual([
      `GET ${path} (200): Discord answers this with a JSON body, the fake sent none`,
    ]);
  });

  it('checks error bodies too, with field errors coded by name as Discord codes them', () => {
    const path = '/applications/1/commands';
    const invalid = {
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } },
      },
    };
    expect(validator.check(answer('PUT', path, 400, invalid)).violations).toEqual([]);
    expect(validator.check(answer('PUT', path, 400, { message: 'Invalid Form Body' })).violations).toEqual([
      `PUT ${path} (400): /code is missing (required)`,
    ]);
  });

  it('lets through only what the allow-list names, and says why', () => {
    const check = validator.check(answer('PATCH', '/channels/1', 503, { message: '503: Injected failure', code: 0 }));
    expect(check.violations).toEqual([]);
    expect(check.allowedBecause).toMatch(/describes none/);
  });
});

describe('a fake Discord checked against the spec', () => {
  it('has the suite setup file watching every fake this process starts', () => {
    // validate-answers.setup.ts registered its observer: without it, nothing would be checked.
    const registered = (globalThis as Record<symbol, Set<unknown> | undefined>)[
      Symbol.for('@guildkit/fake-discord/answer-observers')
    ];
    expect(registered?.size).toBe(1);
  });

  it('reports every answer to its onAnswer and to the process observers, as JSON as sent', async () => {
    const own: FakeAnswer[] = [];
    const process: FakeAnswer[] = [];
    const stop = observeAnswers((seen) => process.push(seen));
    const fake = await fakeForTest({ onAnswer: (seen) => own.push(seen) }).finally(stop);
    const response = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(response.status).toBe(200);
    expect(own).toEqual([{ method: 'GET', path: '/gateway/bot', status: 200, body: await response.json() }]);
    expect(process).toEqual(own);
  });

  it('answers every route it serves as Discord describes it, successes and failures', async () => {
    const answers: FakeAnswer[] = [];
    const fake = await fakeForTest({ onAnswer: (seen) => answers.push(seen) });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${fake.apiUrl}/v10${path}`, {
        method,
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
    };
    const guildId = fake.guildId(community.name);
    const app = fake.botUserId;
    const minji = fake.userId(guildId, 'minji');
    const chat = fake.channelId(guildId, '채팅');
    const forum = fake.channelId(guildId, '구인구직');
    const moderator = fake.roleId(guildId, '모더레이터');

    for (const path of ['/gateway', '/gateway/bot', '/users/@me', `/users/${minji}`, '/users/1', '/applications/@me'])
      await call('GET', path);
    for (const base of [`/applications/${app}/commands`, `/applications/${app}/guilds/${guildId}/commands`]) {
      const command = await call('POST', base, { name: 'activity', description: 'Voice time' });
      await call('PUT', base, [{ name: 'activity', description: 'Voice time' }]);
      await call('PUT', base, [{ name: 'Not Valid' }]);
      await call('GET', base);
      await call('DELETE', `${base}/${String(command?.id)}`);
      await call('DELETE', `${base}/1`);
    }
    for (const path of ['', '/channels', '/roles', '/members?limit=10', `/members/${minji}`, '/members/1'])
      await call('GET', `/guilds/${guildId}${path}`);
    await call('GET', '/guilds/1');
    await call('PATCH', `/guilds/${guildId}/members/${minji}`, { nick: '민지' });
    await call('PUT', `/guilds/${guildId}/members/${minji}/roles/${moderator}`);
    await call('DELETE', `/guilds/${guildId}/members/${minji}/roles/${moderator}`);
    const room = await call('POST', `/guilds/${guildId}/channels`, {
      name: 'room',
      type: 2,
      permission_overwrites: [{ id: minji, type: 1, allow: '1024' }],
    });
    await call('PATCH', `/channels/${String(room?.id)}`, {
      permission_overwrites: [{ id: guildId, type: 0, deny: '1024' }],
    });
    await call('GET', `/channels/${String(room?.id)}`);
    await call('DELETE', `/channels/${String(room?.id)}`);
    await call('GET', '/channels/1');
    const embed = { title: 'Report', fields: [{ name: 'Members', value: '3' }] };
    const row = { type: 1, components: [{ type: 2, style: 4, label: 'Close', custom_id: 'job:close' }] };
    const post = await call('POST', `/channels/${forum}/threads`, {
      name: 'Ranked',
      message: { embeds: [embed], components: [row] },
    });
    await call('POST', `/channels/${chat}/threads`, { name: 'not a forum', message: { content: 'x' } });
    const sent = await call('POST', `/channels/${chat}/messages`, {
      content: 'hi',
      embeds: [embed],
      components: [row],
    });
    await call('POST', `/channels/${chat}/messages`, {});
    await call('GET', `/channels/${chat}/messages?limit=5`);
    await call('GET', `/channels/${chat}/messages/${String(sent?.id)}`);
    await call('PATCH', `/channels/${chat}/messages/${String(sent?.id)}`, { embeds: [{ ...embed, color: 0x5865f2 }] });
    await call('DELETE', `/channels/${chat}/messages/${String(sent?.id)}`);
    await call('GET', `/channels/${chat}/messages/1`);
    await call('PATCH', `/channels/${String(post?.id)}`, { locked: true, archived: true });
    await call('DELETE', '/users/@me/guilds/1');
    await call('DELETE', `/users/@me/guilds/${guildId}`);

    expect(answers.map(({ status }) => status)).toContain(200);
    expect(answers.map(({ status }) => status)).toContain(404);
    expect(answers.map(({ status }) => status)).toContain(400);
    expect(answers.flatMap((seen) => validator.check(seen).violations)).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(40);
  });
});
