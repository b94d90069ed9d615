import type { ChannelRecord, FakeState, GuildRecord } from '../state/fake-state.ts';
import type { InteractionBook } from './interactions.ts';
import { Router } from './router.ts';
import { addApplicationRoutes } from './routes-application.ts';
import { addChannelRoutes } from './routes-channels.ts';
import { addGuildRoutes } from './routes-guilds.ts';
import { addInteractionRoutes } from './routes-interactions.ts';

/** @internal What the routes work with. */
export interface RouteDeps {
  readonly state: FakeState;
  readonly interactions: InteractionBook;
  readonly dispatch: (event: string, data: unknown, guildId: string | null) => void;
  readonly gatewayUrl: () => string;
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  /** Deletes a channel as Discord does: members in a voice channel are disconnected first. */
  readonly deleteChannel: (channel: ChannelRecord) => void;
  /** Forgets a guild the bot left, and sends GUILD_DELETE. */
  readonly removeGuild: (guild: GuildRecord) => void;
}

/** @internal Every REST route the fake covers. */
export function buildRouter(deps: RouteDeps): Router {
  const router = new Router();
  addApplicationRoutes(router, deps);
  addGuildRoutes(router, deps);
  addChannelRoutes(router, deps);
  addInteractionRoutes(router, deps);
  return router;
}
