// Activity roles over a guild of 10,000 members, on a real discord.js client against fake-discord.
// The issue's target: "a role run over 10,000 members of which 500 change makes exactly 500 role
// calls". One run shows:
//   1. the dry run (ActivityRoles.preview): how long the plan takes, and that it holds 500 changes;
//   2. the run (ActivityRoles.run): the role calls fake-discord received (PUT/DELETE on
//      /guilds/:g/members/:u/roles/:r, 2xx), which must be exactly 500 (it throws otherwise), the
//      time, calls a second and progress events;
//   3. a second run: nothing left to change, so no role call (it throws otherwise);
//   4. beside it, the seed bot's way: one role call per member whether it changes or not, measured
//      on a sample of the members with the same client and extrapolated to the whole guild.
// Prints its tables and writes them to results/roles-<date>.md. See README.md, "Activity roles".
//
// Run: pnpm bench:roles, or node --conditions=@guildkit/source roles.bench.ts
// All of it twice, each on a new fake and client: with discord.js's own global limit of 50 requests
// a second (its default, Discord's limit: what a bot runs with), and with that limit lifted, so
// that the loopback and guildkit's own work per change set the pace.
// Environment: BENCH_ROLES_NAIVE_SAMPLE (1,000 members), BENCH_ROLES_PREVIEWS (5), BENCH_ROLES_OUT
// (the results folder).
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ActivityIncrement,
  type ActivityRoleRule,
  ActivityRoles,
  days,
  type RoleRunProgress,
} from '@guildkit/core';
import { DiscordRolePlatform, guildkitIntents } from '@guildkit/discord';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { Client, Events, Routes } from 'discord.js';
import { cleanUpOnInterrupt, loadAverage, runTime, writeResults } from './ingest/run.ts';
import { formatTable, median } from './table.ts';

const NAIVE_SAMPLE = Number(process.env.BENCH_ROLES_NAIVE_SAMPLE ?? 1_000);
const PREVIEWS = Number(process.env.BENCH_ROLES_PREVIEWS ?? 5);
/** Members of the guild, the bot and the guild's owner (which fake-discord always adds) included. */
const MEMBERS = 10_000;
/** Members the seed lists: the rest are the owner and the bot. */
const SEEDED = MEMBERS - 2;
const GAINING = 250;
const LOSING = 250;
const CHANGES = GAINING + LOSING;
const GUILD = 'roles bench';
const ROLE = 'Regulars';
const HOUR = 3_600_000;
const WINDOW_DAYS = 30;
const ROLE_CALL = /^\/guilds\/\d+\/members\/\d+\/roles\/\d+$/;

/**
 * Who each seeded member is, by index, spread over the ids (every 40 members: one who gains, one
 * who loses, eight who keep the role, thirty who neither have nor earn it):
 * - `gain`: qualifies (12 h of voice, or 1 h and 400 messages) and lacks the role;
 * - `lose`: holds the role, 3 h in the window (20 h 45 days ago, outside it);
 * - `keep`: holds it and qualifies (15 h);
 * - `none`: lacks it and does not qualify (4 h, or nothing at all).
 */
type Kind = 'gain' | 'lose' | 'keep' | 'none';
const kindOf = (index: number): Kind => {
  const slot = index % 40;
  return slot === 0 ? 'gain' : slot === 1 ? 'lose' : slot < 10 ? 'keep' : 'none';
};
const memberName = (index: number) => `member${String(index).padStart(5, '0')}`;

function seed(): GuildSeed {
  return {
    name: GUILD,
    botRoleOnTop: true,
    roles: [{ name: ROLE }],
    members: Array.from({ length: SEEDED }, (_, i) => {
      const kind = kindOf(i);
      return { username: memberName(i), ...(kind === 'lose' || kind === 'keep' ? { roles: [ROLE] } : {}) };
    }),
  };
}

/** The daily totals that make each member what {@link kindOf} says, with today the window's last day. */
function activity(guildId: string, ids: readonly string[], today: string): ActivityIncrement[] {
  const rows: ActivityIncrement[] = [];
  const add = (userId: string, daysAgo: number, ms: number, messages = 0) =>
    rows.push({ guildId, userId, day: days.add(today, -daysAgo), ms, messages });
  ids.forEach((userId, i) => {
    const kind = kindOf(i);
    if (kind === 'gain' && i % 80 === 0) for (let d = 1; d <= 4; d += 1) add(userId, d, 3 * HOUR);
    else if (kind === 'gain') add(userId, 2, HOUR, 400);
    else if (kind === 'lose') {
      add(userId, 2, 3 * HOUR);
      add(userId, 45, 20 * HOUR);
    } else if (kind === 'keep') for (let d = 0; d < 5; d += 1) add(userId, d * 5, 3 * HOUR, 10);
    else if (i % 2 === 0) {
      add(userId, 3, 2 * HOUR, 20);
      add(userId, 12, 2 * HOUR, 20);
    }
  });
  return rows;
}

const count = (value: number) => Math.round(value).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const isRoleCall = (request: { method: string; path: string; status: number }) =>
  (request.method === 'PUT' || request.method === 'DELETE') &&
  ROLE_CALL.test(request.path) &&
  request.status >= 200 &&
  request.status < 300;

/** What one trial measured. */
interface Figures {
  readonly name: string;
  readonly rows: number;
  readonly members: number;
  readonly gains: number;
  readonly losses: number;
  readonly coldPreviewMs: number;
  readonly previewMs: readonly number[];
  readonly membersMs: readonly number[];
  readonly calls: number;
  readonly otherRequests: number;
  readonly runMs: number;
  /** First role call to last, by fake-discord's clock. */
  readonly spanMs: number;
  readonly waits: number;
  readonly progressEvents: number;
  readonly last: RoleRunProgress | undefined;
  readonly secondChanges: number;
  readonly secondCalls: number;
  readonly secondMs: number;
  readonly secondProgressEvents: number;
  readonly people: number;
  readonly step: number;
  readonly naiveCalls: number;
  readonly naiveMs: number;
  readonly naiveWaits: number;
}

/**
 * One trial on a new fake Discord, client and store: the dry run, the run, the second run and the
 * seed's way on a sample. Throws when the run makes any other number of role calls than 500.
 *
 * @param name - what the trial is, for the tables
 * @param globalRequestsPerSecond - discord.js's own global limit; its default (50) when left out
 */
async function trial(name: string, globalRequestsPerSecond?: number): Promise<Figures> {
  console.log(`\n${name}`);
  // Generous limits: the fake never refuses a request (discord.js keeps its own limit).
  const fake = await startFakeDiscord({
    guilds: [seed()],
    rateLimits: { perRoute: { limit: 1_000_000, windowMs: 1_000 }, global: { limit: 1_000_000, windowMs: 1_000 } },
  });
  const client = new Client({
    intents: guildkitIntents({ activity: true, activityRoles: true }),
    rest: { api: fake.apiUrl, ...(globalRequestsPerSecond === undefined ? {} : { globalRequestsPerSecond }) },
  });
  const store = await SqliteStore.open({ filename: join(folder, `${globalRequestsPerSecond ?? 'default'}.db`) });
  let waits = 0;
  client.rest.on('rateLimited', () => {
    waits += 1;
  });
  try {
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    const guildId = fake.guildId(GUILD);
    const roleId = fake.roleId(guildId, ROLE);
    const guild = client.guilds.cache.get(guildId);
    if (guild === undefined) throw new Error('the client does not hold the guild');

    // The members' ids, by username, over REST (10 pages): not through the gateway, so that the
    // client's member cache is still empty when the first dry run starts.
    const idOf = new Map<string, string>();
    let after = '0';
    for (;;) {
      const page = (await client.rest.get(Routes.guildMembers(guildId), {
        query: new URLSearchParams({ limit: '1000', after }),
      })) as { user: { id: string; username: string } }[];
      for (const member of page) idOf.set(member.user.username, member.user.id);
      if (page.length < 1000) break;
      after = page.at(-1)?.user.id as string;
    }
    const ids = Array.from({ length: SEEDED }, (_, i) => idOf.get(memberName(i)) as string);
    if (ids.some((id) => id === undefined) || idOf.size !== MEMBERS) throw new Error(`${idOf.size} members listed`);

    const today = new Date().toISOString().slice(0, 10);
    const rows = activity(guildId, ids, today);
    await store.addActivity(rows);
    const rules: ActivityRoleRule[] = [{ kind: 'minimum', roleId, days: WINDOW_DAYS, hours: 10, messages: 300 }];
    const platform = new DiscordRolePlatform(client);
    const roles = new ActivityRoles({ store, platform, dayOf: () => today });
    const progress: RoleRunProgress[] = [];
    roles.on('progress', (event) => progress.push(event));
    roles.on('error', (error) => console.error('role change failed:', error));

    // 1. The dry run: first with discord.js holding no member, then again.
    console.log(`the dry run, 1 + ${PREVIEWS}…`);
    let before = performance.now();
    let plan = await roles.preview(guildId, rules);
    const coldPreviewMs = performance.now() - before;
    const previewMs: number[] = [];
    const membersMs: number[] = [];
    for (let i = 0; i < PREVIEWS; i += 1) {
      before = performance.now();
      plan = await roles.preview(guildId, rules);
      previewMs.push(performance.now() - before);
      before = performance.now();
      await platform.members(guildId);
      membersMs.push(performance.now() - before);
    }
    const gains = plan.changes.filter((change) => change.action === 'add').length;
    const losses = plan.changes.length - gains;
    if (plan.problems.length > 0) throw new Error(`the plan has problems: ${JSON.stringify(plan.problems)}`);
    if (plan.members !== MEMBERS || gains !== GAINING || losses !== LOSING)
      throw new Error(`the plan: ${plan.members} members, ${gains} gains, ${losses} losses`);

    // 2. The run.
    console.log('the run…');
    const runFrom = fake.requests.length;
    const waitsBefore = waits;
    before = performance.now();
    const first = await roles.run(guildId, rules);
    const runMs = performance.now() - before;
    const runRequests = fake.requests.slice(runFrom);
    const calls = runRequests.filter(isRoleCall);
    const runWaits = waits - waitsBefore;
    const progressEvents = progress.length;
    if (calls.length !== CHANGES)
      throw new Error(`the run made ${calls.length} role calls, not ${CHANGES}: the issue's target is not met`);
    // Every member now as the rule says, in fake-discord itself, and nothing left in the store.
    let wrong = 0;
    ids.forEach((userId, i) => {
      const has = ((fake.member(guildId, userId)?.roles ?? []) as string[]).includes(roleId);
      if (has !== (kindOf(i) === 'gain' || kindOf(i) === 'keep')) wrong += 1;
    });
    const left = await store.listPendingRoleChanges(guildId);
    if (wrong > 0 || left.length > 0)
      throw new Error(`after the run: ${wrong} members wrong, ${left.length} changes left`);

    // 3. Again: nothing left to change.
    console.log('the second run…');
    const secondFrom = fake.requests.length;
    before = performance.now();
    const second = await roles.run(guildId, rules);
    const secondMs = performance.now() - before;
    const secondCalls = fake.requests.slice(secondFrom).filter(isRoleCall).length;
    if (secondCalls !== 0 || second.plan.changes.length !== 0)
      throw new Error(
        `the second run planned ${second.plan.changes.length} changes and made ${secondCalls} role calls`,
      );

    // 4. The seed bot's way: one call per member (bots aside), the role given if they qualify and
    // taken otherwise, whether they hold it or not. On every (people / sample)th member, after the
    // runs (so no call changes anything, as most of the seed's calls did not), with the same client.
    const people = [...idOf.values()].filter((id) => id !== fake.botUserId);
    const qualifying = new Set(ids.filter((_, i) => kindOf(i) === 'gain' || kindOf(i) === 'keep'));
    const step = Math.max(1, Math.floor(people.length / NAIVE_SAMPLE));
    const sample = people.filter((_, i) => i % step === 0).slice(0, NAIVE_SAMPLE);
    console.log(`the seed's way on ${count(sample.length)} members…`);
    const naiveFrom = fake.requests.length;
    const naiveWaitsBefore = waits;
    before = performance.now();
    for (const userId of sample) {
      if (qualifying.has(userId)) await guild.members.addRole({ user: userId, role: roleId, reason: 'activity roles' });
      else await guild.members.removeRole({ user: userId, role: roleId, reason: 'activity roles' });
    }
    const naiveMs = performance.now() - before;
    const naiveCalls = fake.requests.slice(naiveFrom).filter(isRoleCall).length;
    if (naiveCalls !== sample.length) throw new Error(`the seed's way made ${naiveCalls} calls for ${sample.length}`);

    return {
      name,
      rows: rows.length,
      members: plan.members,
      gains,
      losses,
      coldPreviewMs,
      previewMs,
      membersMs,
      calls: calls.length,
      otherRequests: runRequests.length - calls.length,
      runMs,
      spanMs: (calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0),
      waits: runWaits,
      progressEvents,
      last: first.runs.at(-1),
      secondChanges: second.plan.changes.length,
      secondCalls,
      secondMs,
      secondProgressEvents: progress.length - progressEvents,
      people: people.length,
      step,
      naiveCalls,
      naiveMs,
      naiveWaits: waits - naiveWaitsBefore,
    };
  } finally {
    await client.destroy();
    await store.close();
    await fake.close();
  }
}

const started = runTime(new Date());
const folder = mkdtempSync(join(tmpdir(), 'guildkit-roles-'));
cleanUpOnInterrupt(folder, undefined);
const header = [
  `# Activity roles benchmark, ${started.time} UTC`,
  '',
  `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node.js ${process.version}; a real discord.js client against fake-discord on loopback, SqliteStore (file, WAL).`,
  `Load average (1, 5, 15 min) at the start: ${loadAverage()}.`,
];
console.log(header.join('\n'));

try {
  const trials = [
    await trial("discord.js's default limit (50 requests/s, Discord's own)"),
    await trial('unthrottled (globalRequestsPerSecond 1,000,000)', 1_000_000),
  ];
  const [base] = trials as [Figures, Figures];
  const range = (values: readonly number[]) =>
    `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  const row = (measure: string, cell: (figures: Figures) => string) => [measure, ...trials.map(cell)];
  const naiveFullMs = (f: Figures) => (f.people / f.naiveCalls) * f.naiveMs;
  const lines = [
    '',
    `One guild of ${count(MEMBERS)} members (${count(SEEDED)} seeded, the guild's owner and the bot): ${count(GAINING)} qualify and lack "${ROLE}", ${count(LOSING)} hold it and no longer qualify (3 h in the window, their 20 h are 45 days old), the other ${count(MEMBERS - CHANGES - 1)} people are already right (${count(Math.ceil(SEEDED / 40) * 8)} hold it and qualify). ${count(base.rows)} daily totals in a SqliteStore.`,
    `Rule: \`{ kind: 'minimum', days: ${WINDOW_DAYS}, hours: 10, messages: 300 }\`; \`new ActivityRoles({ store, platform: new DiscordRolePlatform(client), dayOf: () => today })\`. fake-discord's limits are out of reach (no 429); each side is a new fake, client and store.`,
    `Role calls: PUT and DELETE on \`/guilds/:g/members/:u/roles/:r\` answered 2xx, counted from \`fake.requests\`; the bench throws unless the run makes exactly ${CHANGES}, and the second none.`,
    '',
    ...formatTable(
      ['measure', ...trials.map((f) => f.name)],
      [
        row('members the plan looked at', (f) => count(f.members)),
        row(
          'planned changes (gain / lose)',
          (f) => `${count(f.gains + f.losses)} (${count(f.gains)} / ${count(f.losses)})`,
        ),
        row('dry run, the first (discord.js holding no member yet)', (f) => `${f.coldPreviewMs.toFixed(0)} ms`),
        row(`dry run, median of ${PREVIEWS} more (min–max)`, (f) => range(f.previewMs)),
        row(`of it, the member list over the gateway (${PREVIEWS} times alone)`, (f) => range(f.membersMs)),
        row(`**role calls in the run** (target: exactly ${CHANGES})`, (f) => `**${count(f.calls)}**: met`),
        row('other requests in the run', (f) => count(f.otherRequests)),
        row('run (plan, save, apply, complete)', (f) => seconds(f.runMs)),
        row('first role call to last', (f) => seconds(f.spanMs)),
        row('role calls a second (calls / run time)', (f) => `${(f.calls / (f.runMs / 1000)).toFixed(1)}/s`),
        row("discord.js's waits on its own limit in the run", (f) => count(f.waits)),
        row('progress events (a batch of 50 each, and the end)', (f) => count(f.progressEvents)),
        row(
          'the run: applied, skipped, failed of total',
          (f) => `${f.last?.applied}, ${f.last?.skipped}, ${f.last?.failed} of ${f.last?.total}`,
        ),
        row(
          'second run: planned changes, **role calls**',
          (f) => `${count(f.secondChanges)}, **${count(f.secondCalls)}**`,
        ),
        row('second run: time, progress events', (f) => `${seconds(f.secondMs)}, ${count(f.secondProgressEvents)}`),
      ],
    ),
    '',
    `The seed bot's way, beside it: one role call per member (${count(base.people)} people; the bot left out), given if they qualify and taken otherwise, whether it changes anything or not. **Measured on a sample** (every ${base.step}th member: ${count(base.naiveCalls)} calls, made after the runs, so none changed anything) with the same client, and **extrapolated** to the guild (time × ${count(base.people)} / ${count(base.naiveCalls)}):`,
    '',
    ...formatTable(
      ['client', 'way', 'role calls', 'time', 'calls a second', "discord.js's waits"],
      trials.flatMap((f) => [
        [
          f.name,
          'guildkit: the run (measured)',
          count(f.calls),
          seconds(f.runMs),
          (f.calls / (f.runMs / 1000)).toFixed(1),
          count(f.waits),
        ],
        [
          '',
          `seed's way: ${count(f.naiveCalls)} members (measured)`,
          count(f.naiveCalls),
          seconds(f.naiveMs),
          (f.naiveCalls / (f.naiveMs / 1000)).toFixed(1),
          count(f.naiveWaits),
        ],
        [
          '',
          `seed's way: ${count(f.people)} members (extrapolated)`,
          count(f.people),
          `~${seconds(naiveFullMs(f))}`,
          '',
          '',
        ],
        [
          '',
          "seed's way ÷ guildkit",
          `${(f.people / f.calls).toFixed(1)}x`,
          `~${(naiveFullMs(f) / f.runMs).toFixed(1)}x`,
          '',
          '',
        ],
      ]),
    ),
    '',
    `Load average at the end: ${loadAverage()}.`,
  ];
  writeResults(
    process.env.BENCH_ROLES_OUT ?? new URL('./results', import.meta.url).pathname,
    `roles-${started.stamp}.md`,
    [...header, ...lines],
    header.length,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
