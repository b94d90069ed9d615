/**
 * A loopback Discord for tests and demos.
 *
 * @packageDocumentation
 * @module @guildkit/fake-discord
 */
export {
  DISCORD_EPOCH_MS,
  SnowflakeGenerator,
  type SnowflakeGeneratorOptions,
} from './snowflake-generator.ts';
