/**
 * guildkit's web dashboard: people sign in with Discord and see their communities' activity (an
 * overview, a leaderboard, their own page), the job board and the report archive; administrators
 * change the guild's settings. Server-rendered pages without script, mounted on any bot's HTTP
 * port over a running guildkit.
 *
 * @packageDocumentation
 * @module @guildkit/dashboard
 */
export { createDashboard, type Dashboard } from './create-dashboard.ts';
export type { DashboardLogger, DashboardOptions } from './dashboard-options.ts';
export type { DashboardPeriod, DashboardStrings, PartialDashboardStrings } from './dashboard-strings.ts';
export type { OAuth2Settings } from './sign-in.ts';
