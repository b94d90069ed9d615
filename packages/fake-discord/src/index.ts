/**
 * A loopback Discord for tests and demos: a REST API and gateway on 127.0.0.1 that a real
 * discord.js client connects to, with drivers for what members and Discord do.
 *
 * @packageDocumentation
 * @module @guildkit/fake-discord
 */

export type { ButtonPress, MemberMessage, SlashCommandUse, VoiceChange } from './drivers.ts';
export { type AnswerObserver, type FakeAnswer, observeAnswers } from './rest/answers.ts';
export type { InteractionResponse } from './rest/interactions.ts';
export type { FakeOAuth2 } from './rest/oauth2.ts';
export type { InjectedFailure, RateLimitOptions } from './rest/rate-limits.ts';
export type { RecordedRequest } from './rest/rest-server.ts';
export type { UploadedFile } from './rest/router.ts';
export { DISCORD_EPOCH_MS, SnowflakeGenerator, type SnowflakeGeneratorOptions } from './snowflake-generator.ts';
export {
  type DispatchedEvent,
  type FakeDiscord,
  type FakeDiscordOptions,
  startFakeDiscord,
} from './start-fake-discord.ts';
export type {
  ChannelPermissionsSeed,
  ChannelSeed,
  GuildSeed,
  MemberSeed,
  PermissionName,
  RoleSeed,
} from './state/seed.ts';
