import { type Client, GatewayIntentBits, IntentsBitField } from 'discord.js';

/**
 * The features whose gateway intents {@link guildkitIntents} lists: the keys of `createGuildkit`'s
 * options (a feature is on unless left out or `false`).
 *
 * @example
 * ```ts
 * const features: IntentFeatures = { activity: true, antiSpam: true };
 * ```
 */
export interface IntentFeatures {
  readonly activity?: unknown;
  readonly jobBoard?: unknown;
  readonly reports?: unknown;
  readonly activityLog?: unknown;
  readonly antiSpam?: unknown;
  readonly activityRoles?: unknown;
}

// What each feature receives from the gateway (and GuildMessages for the activity's messages, unless
// `activity.messages` is false; asked for only when it is true). Voice states come with GuildVoiceStates; report
// member lists need GuildMembers (privileged); the anti-spam reads messages (not their content:
// mentions come without the MessageContent intent).
const NEEDS: Readonly<Record<keyof IntentFeatures, readonly (keyof typeof GatewayIntentBits)[]>> = {
  activity: ['Guilds', 'GuildVoiceStates'],
  jobBoard: ['Guilds', 'GuildVoiceStates'],
  reports: ['Guilds', 'GuildMembers'],
  activityLog: ['Guilds', 'GuildVoiceStates'],
  antiSpam: ['Guilds', 'GuildMessages'],
  activityRoles: ['Guilds', 'GuildMembers'],
};

const PRIVILEGED = new Set(['GuildMembers', 'GuildPresences', 'MessageContent']);

/** Whether a feature option turns its feature on: anything but `undefined` and `false`. */
function enabled(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/**
 * The gateway intents the features turned on in `options` need, for `new Client({ intents })`.
 * GuildMembers (for reports) is privileged: turn on "Server Members Intent" for the application in
 * Discord's Developer Portal as well.
 *
 * @param options - `createGuildkit`'s options, or just the features: `{ activity: true, reports: true }`
 *
 * @example
 * ```ts
 * import { guildkitIntents } from '@guildkit/discord';
 *
 * const client = new Client({ intents: guildkitIntents({ activity: {}, reports: {} }) });
 * ```
 */
export function guildkitIntents(options: IntentFeatures): GatewayIntentBits[] {
  const names = new Set<keyof typeof GatewayIntentBits>(['Guilds']);
  for (const [feature, needs] of Object.entries(NEEDS)) {
    if (enabled(options[feature as keyof IntentFeatures])) for (const name of needs) names.add(name);
  }
  // Messages are counted beside voice unless `activity.messages` is false.
  if (enabled(options.activity) && messagesOf(options.activity) !== false) names.add('GuildMessages');
  return [...names].map((name) => GatewayIntentBits[name]);
}

/** `activity.messages` as given: true, false, or left out. */
function messagesOf(activity: unknown): boolean | undefined {
  const value =
    typeof activity === 'object' && activity !== null ? (activity as { messages?: unknown }).messages : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** @internal Whether messages are counted: asked for, or left out and the client gets them. */
export function countsMessages(client: Client, activity: unknown): boolean {
  if (!enabled(activity)) return false;
  const asked = messagesOf(activity);
  return asked ?? new IntentsBitField(client.options.intents).has(GatewayIntentBits.GuildMessages);
}

/**
 * A discord.js client lacks gateway intents that the features asked for need: without them the
 * gateway never sends the events, and the features would see nothing.
 *
 * @example
 * ```ts
 * try {
 *   createGuildkit(client, options);
 * } catch (error) {
 *   if (error instanceof MissingIntentsError) console.error(error.missing);
 * }
 * ```
 */
export class MissingIntentsError extends TypeError {
  /** The intents missing, by discord.js's names (`GatewayIntentBits`), such as `'GuildVoiceStates'`. */
  public readonly missing: readonly string[];
  /** Which features need each missing intent. */
  public readonly neededBy: Readonly<Record<string, readonly string[]>>;

  public constructor(missing: readonly string[], neededBy: Readonly<Record<string, readonly string[]>>) {
    const list = missing.map((name) => `${name} (for ${neededBy[name]?.join(', ')})`).join(', ');
    const privileged = missing.filter((name) => PRIVILEGED.has(name));
    super(
      `The discord.js client lacks the gateway intents ${list}: add them to new Client({ intents }), ` +
        'or use guildkitIntents(options), which lists them' +
        (privileged.length === 0
          ? '.'
          : `; ${privileged.join(', ')} is privileged: also turn it on for the application in the Developer Portal (Bot, Privileged Gateway Intents).`),
    );
    this.name = 'MissingIntentsError';
    this.missing = missing;
    this.neededBy = neededBy;
  }
}

/** @internal Throws {@link MissingIntentsError} when the client lacks what the features need. */
export function assertIntents(client: Client, options: IntentFeatures): void {
  const has = new IntentsBitField(client.options.intents);
  const neededBy: Record<string, string[]> = {};
  for (const [feature, needs] of Object.entries(NEEDS)) {
    if (!enabled(options[feature as keyof IntentFeatures])) continue;
    for (const name of needs) {
      if (has.has(GatewayIntentBits[name])) continue;
      neededBy[name] = [...(neededBy[name] ?? []), feature];
    }
  }
  if (messagesOf(options.activity) === true && !has.has(GatewayIntentBits.GuildMessages))
    neededBy.GuildMessages = [...(neededBy.GuildMessages ?? []), 'activity.messages'];
  const missing = Object.keys(neededBy);
  if (missing.length > 0) throw new MissingIntentsError(missing, neededBy);
}
