// Activity roles on a real discord.js client against fake-discord: rules set with /roles, the dry
// run, a scheduled run in the guild's time zone, the hierarchy checked first, and the log lines.
import { MemoryStore } from '@guildkit/core';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { Client } from 'discord.js';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createGuildkit, type GuildkitOptions, guildkitIntents } from '../src/index.ts';

const MANAGE_ROLES = 1n << 28n;
const MANAGE_GUILD = 1n << 5n;

const seed: GuildSeed = {
  name: 'Test',
  botRoleOnTop: true,
  roles: [{ name: 'Admins', permissions: MANAGE_ROLES | MANAGE_GUILD }, { name: 'Regulars' }, { name: 'Sleepers' }],
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'log', type: 'text' },
    { name: 'Lounge', type: 'voice' },
  ],
  members: [
    { username: 'ana', globalName: 'Ana', roles: ['Admins'] },
    { username: 'ben', globalName: 'Ben', roles: ['Sleepers'] },
    { username: 'cid', globalName: 'Cid', roles: ['Regulars'] },
    { username: 'robo', globalName: 'Robo', bot: true },
  ],
};

async function setUp(guildSeed = seed) {
  const fake = await startFakeDiscord({ guilds: [guildSeed] });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('Test');
  const store = new MemoryStore();
  const options: GuildkitOptions = {
    store,
    activity: true,
    activityRoles: { schedule: null },
    activityLog: { channelId: fake.channelId(guildId, 'log') },
  };
  const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, options);
  onTestFinished(() => guildkit.close());
  await client.login(fake.token);
  await guildkit.ready;
  const user = (name: string) => fake.userId(guildId, name);
  const role = (name: string) => fake.roleId(guildId, name);
  const roles = (name: string) => (fake.member(guildId, user(name))?.roles ?? []) as readonly string[];
  const use = (userId: string, subcommand: string, options: Record<string, unknown>[] = [], locale = 'en-US') =>
    fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId,
      name: 'roles',
      locale,
      options: [{ type: 1, name: subcommand, options }],
    });
  return { fake, guildkit, store, guildId, user, role, roles, use };
}

describe('activity roles', () => {
  it('sets rules with /roles, previews without changing anything, then gives and takes roles on its schedule', async () => {
    const { fake, guildkit, store, guildId, user, role, roles, use } = await setUp();
    const today = guildkit.tracker?.dayOf(guildId, Date.now()) as string;
    await store.addActivity([
      { guildId, userId: user('ana'), day: today, ms: 3 * 3_600_000 },
      { guildId, userId: user('ben'), day: today, ms: 0, messages: 50 },
      { guildId, userId: user('robo'), day: today, ms: 9 * 3_600_000 },
    ]);
    // Ben has no Manage Roles: refused, on the server.
    expect((await use(user('ben'), 'list')).message?.content).toBe(
      'Only members with the Manage Roles permission can use this command.',
    );
    const added = await use(user('ana'), 'add', [
      { type: 3, name: 'kind', value: 'minimum' },
      { type: 8, name: 'role', value: role('Regulars') },
      { type: 4, name: 'days', value: 7 },
      { type: 10, name: 'hours', value: 2 },
      { type: 4, name: 'messages', value: 40 },
    ]);
    expect(added.message?.content).toBe(
      `Rule saved: <@&${role('Regulars')}>: at least 2 h of voice or 40 messages in the last 7 days`,
    );
    await use(user('ana'), 'add', [
      { type: 3, name: 'kind', value: 'inactive' },
      { type: 8, name: 'role', value: role('Sleepers') },
      { type: 4, name: 'days', value: 30 },
    ]);
    expect((await use(user('ana'), 'list', [], 'ko')).message?.content).toContain(
      `<@&${role('Sleepers')}>: 최근 30일 동안 활동 없음`,
    );
    // The dry run: Ana and Ben gain Regulars, Cid loses it and gains Sleepers, Ben loses Sleepers,
    // and the guild's owner (a member with no activity) gains Sleepers. Bots are not counted.
    const preview = String((await use(user('ana'), 'preview')).message?.content);
    expect(preview).toMatch(/^Of 4 members, 4 would gain a role and 2 would lose one\. Nothing was changed\./);
    expect(preview).toContain(`－ <@${user('cid')}> <@&${role('Regulars')}>`);
    expect(roles('cid')).toEqual([role('Regulars')]);
    expect(roles('robo')).toEqual([]); // bots are never touched
    // On a schedule (every second here), in the guild's time zone.
    await guildkit.settings.update(guildId, { set: { activityRoles: { schedule: '* * * * * *' } } });
    await vi.waitFor(() => expect(roles('cid')).toEqual([role('Sleepers')]), { timeout: 5_000 });
    expect(roles('ana').toSorted()).toEqual([role('Admins'), role('Regulars')].toSorted());
    expect(roles('ben')).toEqual([role('Regulars')]);
    expect(roles('robo')).toEqual([]);
    await guildkit.settings.update(guildId, { set: { activityRoles: { schedule: null } } });
    // Exactly one call a change: 6 role calls (4 gains, 2 losses), none for members already right.
    const calls = fake.requests.filter((request) => /\/members\/\d+\/roles\/\d+$/.test(request.path));
    expect(calls).toHaveLength(6);
    // Every change is in the activity log, in the guild's language.
    await guildkit.activityLog?.flush();
    const lines = fake.messages(fake.channelId(guildId, 'log')).map((message) => String(message.content));
    expect(lines.join('\n')).toContain(`gave <@&${role('Regulars')}> to <@${user('ben')}> (activity roles)`);
    expect(lines.join('\n')).toContain(`took <@&${role('Regulars')}> from <@${user('cid')}> (activity roles)`);
    expect(await store.listPendingRoleChanges(guildId)).toEqual([]);
  });

  it('refuses rules with a role above the bot, saying how to fix it, and changes nothing', async () => {
    const { guildkit, guildId, user, role, use } = await setUp({ ...seed, botRoleOnTop: false });
    const answer = await use(user('ana'), 'add', [
      { type: 3, name: 'kind', value: 'top' },
      { type: 8, name: 'role', value: role('Regulars') },
      { type: 4, name: 'days', value: 7 },
      { type: 4, name: 'count', value: 3 },
    ]);
    expect(answer.message?.content).toBe(
      `Nothing was changed:\n• <@&${role('Regulars')}> is not below the bot’s highest role: move the bot’s role above it in Server Settings → Roles`,
    );
    expect(guildkit.settings.of(guildId).activityRoles?.rules).toEqual([]);
  });
});
