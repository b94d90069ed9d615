import { isSnowflake, type VoiceChannelRef, type VoiceStateEvent } from '@guildkit/core';
import { type Client, type Guild, Status, type VoiceBasedChannel, type VoiceState } from 'discord.js';

/**
 * @internal The type a malformed dispatch is given before discord.js handles it: a type no
 * handler of discord.js knows, so that discord.js drops it instead of throwing in its own handler
 * (a `VOICE_STATE_UPDATE` with `d: null` ends the process otherwise).
 */
export const DROPPED_DISPATCH = 'GUILDKIT_DROPPED_MALFORMED';

// The dispatches of guilds and their members, channels, messages and interactions, whose ids are
// checked too: a guild they name is named by a snowflake.
const SCREENED = new Set([
  'GUILD_CREATE',
  'GUILD_UPDATE',
  'GUILD_DELETE',
  'GUILD_MEMBER_ADD',
  'GUILD_MEMBER_UPDATE',
  'GUILD_MEMBER_REMOVE',
  'CHANNEL_CREATE',
  'CHANNEL_UPDATE',
  'CHANNEL_DELETE',
  'THREAD_CREATE',
  'THREAD_UPDATE',
  'THREAD_DELETE',
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'MESSAGE_DELETE',
  'INTERACTION_CREATE',
  'VOICE_STATE_UPDATE',
]);

/**
 * @internal What is wrong with a gateway dispatch, before discord.js handles it, or `undefined`
 * when nothing is: its data is not an object, an id is not a snowflake, or a voice state names a
 * guild the client does not have.
 */
export function malformedDispatch(packet: unknown, client: Client): string | undefined {
  if (packet === null || typeof packet !== 'object') return undefined;
  const { op, t, d } = packet as { op?: unknown; t?: unknown; d?: unknown };
  // Every dispatch but READY and RESUMED (which @discordjs/ws handles itself) carries an object.
  if (op !== 0 || typeof t !== 'string' || t === 'READY' || t === 'RESUMED') return undefined;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) {
    return `its data is ${d === null ? 'null' : Array.isArray(d) ? 'an array' : `a ${typeof d}`}, not an object`;
  }
  if (!SCREENED.has(t)) return undefined;
  const data = d as Record<string, unknown>;
  if (t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' || t === 'GUILD_DELETE') {
    return isSnowflake(data.id) ? undefined : `its guild id ${describe(data.id)} is not a snowflake`;
  }
  // A voice state must name its guild; the others may leave it out.
  const voice = t === 'VOICE_STATE_UPDATE';
  if ((voice || (data.guild_id !== undefined && data.guild_id !== null)) && !isSnowflake(data.guild_id)) {
    return `its guild_id ${describe(data.guild_id)} is not a snowflake`;
  }
  if (!voice) return undefined;
  if (!isSnowflake(data.user_id)) return `its user_id ${describe(data.user_id)} is not a snowflake`;
  if (data.channel_id !== null && !isSnowflake(data.channel_id))
    return `its channel_id ${describe(data.channel_id)} is neither null nor a snowflake`;
  const guildId = data.guild_id as string; // a snowflake, tested above
  if (!client.guilds.cache.has(guildId)) return `guild ${guildId} is not one the bot is in`;
  return undefined;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * @internal The voice or stage channel of `guild` with this id, from the client's cache;
 * `undefined` when there is none (not cached, not voice, or another guild's).
 */
export function voiceChannelOf(guild: Guild, channelId: string): VoiceBasedChannel | undefined {
  const channel = guild.channels.cache.get(channelId);
  return channel?.isVoiceBased() && channel.guildId === guild.id ? channel : undefined;
}

/** Voice state dispatches whose arrival times are held at most, waiting for discord.js to hand them on. */
const MAX_ARRIVALS = 10_000;

/** The fields of a screened voice state dispatch this reads. */
interface VoiceDispatch {
  readonly guild_id: string;
  readonly user_id: string;
  readonly channel_id: string | null;
  readonly self_mute?: unknown;
  readonly self_deaf?: unknown;
  readonly mute?: unknown;
  readonly deaf?: unknown;
  readonly member?: { readonly user?: { readonly bot?: unknown } } | null;
}

/** @internal A voice state dispatch screened and not yet handed on by discord.js, and when it arrived. */
interface Arrival {
  readonly guildId: string;
  readonly userId: string;
  readonly at: number;
}

/**
 * @internal What the adapter does with each raw dispatch, before discord.js handles it: drops a
 * malformed or stale frame (saying why), and notes when each voice state arrived.
 */
export class GatewayScreen {
  readonly #client: Client;
  readonly #now: () => number;
  /**
   * The last sequence number of each shard's gateway session. Discord numbers a session's
   * dispatches in order and never sends one twice (a resume replays only what the client missed):
   * a dispatch numbered at or below it is a stale or repeated frame.
   */
  readonly #lastSequence = new Map<number, number>();
  /**
   * The voice state dispatches screened and not yet handed on by discord.js, in order. discord.js
   * hands them on in the same order (at once, or later when it held them back while a shard
   * reconnected), so the one a voice state came from is at the front; the ones before it
   * discord.js dropped. No map: no key to build and hash per event.
   */
  readonly #arrivals: Arrival[] = [];
  /**
   * The event made from the voice state dispatch discord.js is handling now (it handles a dispatch
   * right after its raw event when it is ready): taken by the adapter when discord.js hands the
   * state on, with no list to keep.
   */
  #current: VoiceStateEvent | undefined;
  /** The reference of each voice channel events name, made once while its name and category stay the same. */
  readonly #refs = new WeakMap<object, VoiceChannelRef>();

  constructor(client: Client, now: () => number) {
    this.#client = client;
    this.#now = now;
  }

  /** Why a raw dispatch is dropped (it is retyped so that discord.js ignores it), or `undefined` when it goes on. */
  screen(packet: unknown, shardId: number): string | undefined {
    const reason = malformedDispatch(packet, this.#client) ?? this.#stale(packet, shardId);
    if (reason !== undefined) {
      (packet as { t: string }).t = DROPPED_DISPATCH;
      return reason;
    }
    // Screened: a voice state dispatch here has snowflake guild and user ids, and a channel id or null.
    const dispatch = packet as { op?: unknown; t?: unknown; d: VoiceDispatch } | null;
    if (dispatch?.op === 0 && dispatch.t === 'VOICE_STATE_UPDATE') {
      const at = this.#now();
      // discord.js handles a dispatch right after this when it is ready, and the event is made from
      // the dispatch now. It holds a dispatch back otherwise, and its caches may change before it
      // handles it: the event is made from its state then, and only the arrival time is kept.
      this.#current = undefined;
      const event = this.#client.ws.status === Status.Ready ? this.#event(dispatch.d, at) : undefined;
      this.#current = event;
      if (event !== undefined) return undefined;
      // Stamps of dispatches discord.js never handed on would pile up: past the bound, they go.
      if (this.#arrivals.length >= MAX_ARRIVALS) this.#arrivals.length = 0;
      this.#arrivals.push({ guildId: dispatch.d.guild_id, userId: dispatch.d.user_id, at });
    }
    return undefined;
  }

  /** The event made from the dispatch of this voice state, when discord.js handled it at once. */
  takeEvent(state: VoiceState): VoiceStateEvent | undefined {
    const current = this.#current;
    if (current === undefined || current.userId !== state?.id || current.guildId !== state.guild?.id) return undefined;
    this.#current = undefined;
    return current;
  }

  /**
   * When the dispatch of this voice state arrived, taken off the list of those discord.js held
   * back; `undefined` when it was not seen (a state made by hand).
   */
  arrival(state: VoiceState): number | undefined {
    const arrivals = this.#arrivals;
    const userId = state?.id;
    const guildId = state?.guild?.id;
    for (let i = 0; i < arrivals.length; i += 1) {
      const arrival = arrivals[i] as Arrival;
      if (arrival.userId !== userId || arrival.guildId !== guildId) continue;
      // This one, and those before it that discord.js dropped, are done with.
      if (i === 0) arrivals.shift();
      else arrivals.splice(0, i + 1);
      return arrival.at;
    }
    return undefined;
  }

  /**
   * The guildkit event of a dispatch, read from the dispatch and the client's caches as discord.js
   * is about to read them: what the adapter would map from discord.js's voice state, without
   * reading that state back through its getters. `undefined` for anything but the plain case (a
   * field left out, a channel that is not a voice channel of the guild): the adapter then maps
   * discord.js's state, as it does for a dispatch discord.js held back.
   */
  #event(data: VoiceDispatch, at: number): VoiceStateEvent | undefined {
    const { self_mute: selfMute, self_deaf: selfDeaf, mute: serverMute, deaf: serverDeaf } = data;
    if (
      typeof selfMute !== 'boolean' ||
      typeof selfDeaf !== 'boolean' ||
      typeof serverMute !== 'boolean' ||
      typeof serverDeaf !== 'boolean'
    )
      return undefined;
    const guild = this.#client.guilds.cache.get(data.guild_id);
    if (guild === undefined) return undefined;
    let channel: VoiceStateEvent['channel'] = null;
    if (data.channel_id !== null) {
      const found = voiceChannelOf(guild, data.channel_id);
      if (found === undefined) return undefined;
      channel = this.ref(found);
    }
    // discord.js sets `bot` from the dispatch's user when it says, and keeps what it knew otherwise.
    const bot = data.member?.user?.bot;
    return {
      guildId: data.guild_id,
      userId: data.user_id,
      channel,
      at,
      selfMute,
      selfDeaf,
      serverMute,
      serverDeaf,
      bot: typeof bot === 'boolean' ? bot : (this.#client.users.cache.get(data.user_id)?.bot ?? false),
      afkChannelId: guild.afkChannelId ?? null,
    };
  }

  /** A channel's reference: the one made before, unless the channel was renamed or moved since. */
  ref(channel: { readonly id: string; readonly name: string; readonly parentId: string | null }): VoiceChannelRef {
    const made = this.#refs.get(channel);
    const parentId = channel.parentId ?? null;
    if (made !== undefined && made.name === channel.name && made.parentId === parentId) return made;
    const ref: VoiceChannelRef = Object.freeze({ id: channel.id, name: channel.name, parentId });
    this.#refs.set(channel, ref);
    return ref;
  }

  /** A dispatch numbered at or below the last of its shard's session; a session's READY starts the count again. */
  #stale(packet: unknown, shardId: number): string | undefined {
    if (packet === null || typeof packet !== 'object') return undefined;
    const { op, s, t } = packet as { op?: unknown; s?: unknown; t?: unknown };
    if (op !== 0 || typeof s !== 'number') return undefined;
    const last = this.#lastSequence.get(shardId);
    if (t !== 'READY' && last !== undefined && s <= last) {
      return `a stale or repeated frame: sequence ${s}, when shard ${shardId} is past ${last}`;
    }
    this.#lastSequence.set(shardId, s);
    return undefined;
  }
}
