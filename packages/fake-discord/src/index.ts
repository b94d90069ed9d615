export {
  DISCORD_EPOCH_MS,
  SnowflakeGenerator,
  type SnowflakeGeneratorOptions,
} from './snowflake-generator.ts';
