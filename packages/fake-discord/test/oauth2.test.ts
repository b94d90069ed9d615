import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FakeDiscord } from '../src/index.ts';
import { browserForTest } from './browser.ts';
import { fakeForTest } from './helpers.ts';

const redirectUri = 'http://127.0.0.1:9/callback';

/** The consent page's link for a person, as a browser would follow it (the page is HTML). */
async function consentLink(fake: FakeDiscord, who: string, scope = 'identify guilds', state = 'xyz'): Promise<string> {
  const query = new URLSearchParams({
    client_id: fake.oauth2.clientId,
    response_type: 'code',
    scope,
    redirect_uri: redirectUri,
    state,
  });
  const page = await fetch(`${fake.oauth2.authorizeUrl}?${query}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await page.text();
  const link = new RegExp(`<a href="([^"]+)" data-user-id="${who}">`).exec(html)?.[1];
  expect(link, `a link to sign in as ${who}`).toBeDefined();
  return new URL((link as string).replaceAll('&#38;', '&'), fake.oauth2.authorizeUrl).toString();
}

/** Follows a consent link: the redirect back to the app, with its query. */
async function choose(link: string): Promise<URLSearchParams> {
  const answer = await fetch(link, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location') as string);
  expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
  return back.searchParams;
}

async function exchange(fake: FakeDiscord, form: Record<string, string>, basic = false) {
  const { clientId, clientSecret } = fake.oauth2;
  const response = await fetch(fake.oauth2.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(basic ? form : { client_id: clientId, client_secret: clientSecret, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const asUser = (fake: FakeDiscord, token: string, path: string) =>
  fetch(`${fake.apiUrl}/v10${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('fake-discord: sign-in with Discord (OAuth2 authorization code grant)', () => {
  it('lets a person pick who signs in, exchanges the code once, and answers /users/@me and their guilds', async () => {
    const fake = await fakeForTest({
      guilds: [
        {
          name: '테스트 서버',
          roles: [{ name: 'staff', permissions: PermissionFlagsBits.ManageGuild }],
          members: [{ username: 'minji', roles: ['staff'] }, { username: 'alex' }],
        },
        { name: 'elsewhere', members: [{ username: 'lee' }] },
      ],
    });
    const guildId = fake.guildId('테스트 서버');
    const minji = fake.userId(guildId, 'minji');
    const alex = fake.userId(guildId, 'alex');
    const back = await choose(await consentLink(fake, minji));
    expect(back.get('state')).toBe('xyz');
    const code = back.get('code') as string;

    const token = await exchange(fake, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 604_800,
      refresh_token: expect.any(String),
      scope: 'identify guilds',
    });
    // A code is good once.
    expect(await exchange(fake, { grant_type: 'authorization_code', code, redirect_uri: redirectUri })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid "code" in request.' },
    });
    // The client's secret is not kept in the fake's record of requests.
    expect(fake.requests.filter((request) => request.path === '/oauth2/token')[0]?.body).not.toHaveProperty(
      'client_secret',
    );

    const accessToken = token.body.access_token as string;
    const me = (await (await asUser(fake, accessToken, '/users/@me')).json()) as { id: string; username: string };
    expect(me).toMatchObject({ id: minji, username: 'minji' });
    const guilds = (await (await asUser(fake, accessToken, '/users/@me/guilds')).json()) as {
      id: string;
      owner: boolean;
      permissions: string;
    }[];
    // Only her guilds, with her permissions there (Manage Server through her role), not the owner.
    expect(guilds.map((guild) => guild.id)).toEqual([guildId]);
    expect(guilds[0]?.owner).toBe(false);
    expect(BigInt(guilds[0]?.permissions ?? '0') & PermissionFlagsBits.ManageGuild).toBe(
      PermissionFlagsBits.ManageGuild,
    );

    // Another member signs in with HTTP Basic client authentication: no Manage Server.
    const alexCode = (await choose(await consentLink(fake, alex))).get('code') as string;
    const alexToken = await exchange(
      fake,
      { grant_type: 'authorization_code', code: alexCode, redirect_uri: redirectUri },
      true,
    );
    const alexGuilds = (await (
      await asUser(fake, alexToken.body.access_token as string, '/users/@me/guilds')
    ).json()) as {
      permissions: string;
    }[];
    expect(BigInt(alexGuilds[0]?.permissions ?? '0') & PermissionFlagsBits.ManageGuild).toBe(0n);

    // The refresh token gives a new access token, once.
    const refreshed = await exchange(fake, {
      grant_type: 'refresh_token',
      refresh_token: token.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect((await asUser(fake, refreshed.body.access_token as string, '/users/@me')).status).toBe(200);
  });

  it('refuses what Discord refuses: a wrong secret or redirect URI, a denial, a user token on bot routes, a missing scope', async () => {
    const fake = await fakeForTest();
    const guildId = fake.guildId('테스트 서버');
    const alex = fake.userId(guildId, 'alex');

    const denied = await choose(`${(await consentLink(fake, alex)).split('&user_id=')[0]}&deny=1`);
    expect(Object.fromEntries(denied)).toEqual({ error: 'access_denied', state: 'xyz' });

    const code = (await choose(await consentLink(fake, alex, 'identify'))).get('code') as string;
    const wrongSecret = await fetch(fake.oauth2.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: fake.oauth2.clientId,
        client_secret: 'guess',
        code,
        grant_type: 'authorization_code',
      }),
    });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client' });
    expect(
      await exchange(fake, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/elsewhere' }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const other = (await choose(await consentLink(fake, alex, 'identify'))).get('code') as string;
    const { body } = await exchange(fake, { grant_type: 'authorization_code', code: other, redirect_uri: redirectUri });
    const token = body.access_token as string;
    // The "identify" scope alone: no guild list; and a user's token never calls bot routes.
    expect((await asUser(fake, token, '/users/@me/guilds')).status).toBe(403);
    expect((await asUser(fake, token, `/guilds/${guildId}`)).status).toBe(401);
    expect((await asUser(fake, 'not-a-token', '/users/@me')).status).toBe(401);

    // A malformed request is answered with a page saying what is wrong.
    const bad = await fetch(`${fake.oauth2.authorizeUrl}?client_id=1&response_type=code&scope=identify&redirect_uri=x`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`client_id must be the application&#39;s id (${fake.oauth2.clientId})`);
    const badScope = await fetch(
      `${fake.oauth2.authorizeUrl}?${new URLSearchParams({ client_id: fake.oauth2.clientId, response_type: 'code', scope: 'bot', redirect_uri: redirectUri })}`,
    );
    expect(await badScope.text()).toContain('scope &#34;bot&#34; is not one the fake grants');
  });

  it('signs a person in from a real browser: the consent page, the click, the redirect with code and state', async () => {
    const fake = await fakeForTest();
    const minji = fake.userId(fake.guildId('테스트 서버'), 'minji');
    // The app's side: a callback page that only says it got the answer.
    const app = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`back: ${request.url}`);
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => app.close(() => resolve())));
    const callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;

    const page = await (await browserForTest()).newPage();
    const query = new URLSearchParams({
      client_id: fake.oauth2.clientId,
      response_type: 'code',
      scope: 'identify guilds',
      redirect_uri: callback,
      state: 's-1',
    });
    await page.goto(`${fake.oauth2.authorizeUrl}?${query}`);
    // The people are listed by their display names, with their guilds.
    expect(await page.textContent(`a[data-user-id="${minji}"]`)).toBe('Sign in as 민지');
    await Promise.all([page.waitForURL(`${callback}?**`), page.click(`a[data-user-id="${minji}"]`)]);
    const back = new URL(page.url()).searchParams;
    expect(back.get('state')).toBe('s-1');
    const token = await exchange(fake, {
      grant_type: 'authorization_code',
      code: back.get('code') as string,
      redirect_uri: callback,
    });
    const me = (await (await asUser(fake, token.body.access_token as string, '/users/@me')).json()) as { id: string };
    expect(me.id).toBe(minji);
  });
});
