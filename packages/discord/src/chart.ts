/**
 * Report charts as PNG images, drawn with resvg (a native module, loaded by this entry when it
 * draws its first chart: bots that draw no charts never load it, and a bot that does pays its
 * 8 MiB only from its first report on).
 *
 * @packageDocumentation
 * @module @guildkit/discord/chart
 */
import { createRequire } from 'node:module';
import type { ActivityHeatmap, ActivityReport, GuildkitLocale } from '@guildkit/core';
import type * as ResvgModule from '@resvg/resvg-js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';
import { heatmapSvg, type ReportChart, reportChartSvg } from './report-render.ts';

let resvg: typeof ResvgModule | undefined;
/** resvg, loaded on first use (synchronously: a chart is drawn inside a synchronous call). */
function loadResvg(): typeof ResvgModule {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgModule;
  return resvg;
}

/**
 * Options of {@link reportChart} and {@link reportChartPng}.
 *
 * @example A Korean font that is not installed system-wide
 * ```ts
 * const options: ReportChartOptions = { fontFiles: ['./fonts/NanumGothic.ttf'] };
 * ```
 */
export interface ReportChartOptions {
  /** Font files to draw with, besides the system's fonts; names in Korean, Japanese or Chinese need a font that has them. */
  readonly fontFiles?: readonly string[];
}

/**
 * The bar chart of a report's top members, as PNG bytes.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any
 *
 * @example
 * ```ts
 * import { reportChartPng } from '@guildkit/discord/chart';
 *
 * await writeFile('top.png', reportChartPng(report, 'en'));
 * ```
 */
export function reportChartPng(
  report: ActivityReport,
  locale: GuildkitLocale | GuildkitStrings,
  options: ReportChartOptions = {},
): Buffer {
  return png(reportChartSvg(report, locale), options);
}

/**
 * A report's hour-of-week heatmap, as PNG bytes.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any
 *
 * @example
 * ```ts
 * import { heatmapPng } from '@guildkit/discord/chart';
 *
 * await writeFile('heatmap.png', heatmapPng(report.heatmap, 'ko'));
 * ```
 */
export function heatmapPng(
  heatmap: ActivityHeatmap,
  locale: GuildkitLocale | GuildkitStrings,
  options: ReportChartOptions = {},
): Buffer {
  return png(heatmapSvg(heatmap, locale), options);
}

function png(svg: string, options: ReportChartOptions): Buffer {
  const { Resvg } = loadResvg();
  const image = new Resvg(svg, {
    font: { loadSystemFonts: true, fontFiles: [...(options.fontFiles ?? [])], defaultFontFamily: 'DejaVu Sans' },
  });
  return image.render().asPng();
}

/**
 * A chart renderer for report messages and for `createGuildkit`'s `reports.chart` option: the bar
 * chart of the top members, and the hour-of-week heatmap.
 *
 * @example Reports with charts
 * ```ts
 * import { createGuildkit } from '@guildkit/discord';
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * createGuildkit(client, { store, activity: {}, reports: { chart: reportChart() } });
 * ```
 */
export function reportChart(options: ReportChartOptions = {}): ReportChart {
  return Object.assign((report: ActivityReport, strings: GuildkitStrings) => reportChartPng(report, strings, options), {
    heatmap: (heatmap: ActivityHeatmap, strings: GuildkitStrings) => heatmapPng(heatmap, strings, options),
  });
}
