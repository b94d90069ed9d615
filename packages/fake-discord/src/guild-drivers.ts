import type { GatewayServer } from './gateway/gateway-server.ts';
import type { FakeState, GuildRecord } from './state/fake-state.ts';
import type { ChannelSeed, GuildSeed } from './state/seed.ts';

/**
 * @internal The drivers of what happens to the bot's guilds: it joins one, is removed from one
 * (or leaves), a channel is made in one. Each is sent to the sessions of the shard that owns the
 * guild, as Discord routes it.
 */
export class GuildDrivers {
  readonly #state: FakeState;
  readonly #gateway: GatewayServer;

  constructor(state: FakeState, gateway: GatewayServer) {
    this.#state = state;
    this.#gateway = gateway;
  }

  /** The bot joins a new guild: GUILD_CREATE, as at IDENTIFY. */
  addGuild(seed: GuildSeed): string {
    const guild = this.#state.addGuild(seed);
    this.#gateway.dispatchGuildCreate(guild);
    return guild.id;
  }

  /** The bot is no longer in a guild (kicked, or it left, or the guild was deleted): GUILD_DELETE without `unavailable`. */
  removeGuild(guild: GuildRecord): void {
    this.#state.removeGuild(guild);
    this.#gateway.dispatch('GUILD_DELETE', { id: guild.id }, guild.id);
  }

  /** A channel is made in a guild, as by a person: CHANNEL_CREATE. */
  addChannel(guildId: string, seed: ChannelSeed): string {
    const guild = this.guild(guildId);
    const channel = this.#state.addSeededChannel(guild, seed);
    this.#gateway.dispatch('CHANNEL_CREATE', channel, guild.id);
    return channel.id;
  }

  guild(guildId: string): GuildRecord {
    const guild = this.#state.guilds.get(guildId);
    if (guild === undefined) throw new TypeError(`no guild ${guildId} in the fake Discord`);
    return guild;
  }
}
