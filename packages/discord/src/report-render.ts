import {
  type ActivityHeatmap,
  type ActivityReport,
  formatDuration,
  type GuildkitLocale,
  type ReportEntry,
  reportToText,
} from '@guildkit/core';
import { type APIEmbed, EmbedBuilder } from 'discord.js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';
import { stringsFor } from './i18n/translations.ts';

/** The name of the chart attached to a report message. */
const CHART_FILE = 'report.png';
/** The name of the heatmap attached to a report message. */
const HEATMAP_FILE = 'heatmap.png';

/**
 * Draws a report's chart as PNG bytes, in a language: what `@guildkit/discord/chart`'s
 * `reportChart()` returns. Charts are optional, so that bots that draw none never load the
 * renderer's native module.
 *
 * @example Passing the renderer to a report message
 * ```ts
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const chart: ReportChart = reportChart();
 * await channel.send(reportMessage(report, 'en', { chart }));
 * ```
 */
export interface ReportChart {
  (report: ActivityReport, strings: GuildkitStrings): Uint8Array;
  /** Draws the report's hour-of-week heatmap; without it, reports carry no heatmap image. */
  readonly heatmap?: (heatmap: ActivityHeatmap, strings: GuildkitStrings) => Uint8Array;
}

/**
 * Options of {@link reportMessage}.
 *
 * @example With a chart
 * ```ts
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const options: ReportMessageOptions = { chart: reportChart() };
 * ```
 */
export interface ReportMessageOptions {
  /** Draws the chart attached to the message. @defaultValue none: the message has no chart */
  readonly chart?: ReportChart | undefined;
  /**
   * Told when the chart cannot be drawn (its renderer failed to load or to draw): the message then
   * goes without it, so that a report is never lost to its picture. @defaultValue the error is thrown
   */
  readonly chartFailed?: ((error: unknown) => void) | undefined;
}

/**
 * A report's Discord message: an embed with the period, the members counted and active, the total
 * and average time, the change against the period before, the top ten and the least active five
 * (as mentions, which in an embed never ping), and, with a `chart` renderer, the chart of the top
 * members as a PNG.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any, from {@link Translations.strings}
 *
 * @example Posting a report in a channel
 * ```ts
 * import { reportMessage } from '@guildkit/discord';
 *
 * await channel.send(reportMessage(report, 'en'));
 * ```
 */
export function reportMessage(
  report: ActivityReport,
  locale: GuildkitLocale | GuildkitStrings,
  options: ReportMessageOptions = {},
): {
  embeds: APIEmbed[];
  files: { attachment: Buffer; name: string }[];
  allowedMentions: { parse: [] };
} {
  const strings = stringsFor(locale);
  const { chart } = options;
  const embed = reportEmbed(report, strings);
  const draw = (work: () => Uint8Array | undefined) => {
    try {
      return work();
    } catch (error) {
      if (options.chartFailed === undefined) throw error;
      options.chartFailed(error);
      return undefined;
    }
  };
  const png = report.top.length > 0 ? draw(() => chart?.(report, strings)) : undefined;
  const busy = report.heatmap?.ms.some((row) => row.some((ms) => ms > 0)) === true;
  const heatmap = busy ? draw(() => chart?.heatmap?.(report.heatmap as ActivityHeatmap, strings)) : undefined;
  const file = (bytes: Uint8Array, name: string) => ({
    attachment: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    name,
  });
  return {
    embeds: [
      png === undefined ? embed : { ...embed, image: { url: `attachment://${CHART_FILE}` } },
      ...(heatmap === undefined
        ? []
        : [{ color: 0x5865f2, title: strings.reportEmbed.heatmap, image: { url: `attachment://${HEATMAP_FILE}` } }]),
    ],
    files: [
      ...(png === undefined ? [] : [file(png, CHART_FILE)]),
      ...(heatmap === undefined ? [] : [file(heatmap, HEATMAP_FILE)]),
    ],
    allowedMentions: { parse: [] },
  };
}

/**
 * A report as a Discord embed.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any, from {@link Translations.strings}
 *
 * @example
 * ```ts
 * const embed = reportEmbed(report, 'en');
 * ```
 */
export function reportEmbed(report: ActivityReport, locale: GuildkitLocale | GuildkitStrings): APIEmbed {
  const strings = stringsFor(locale);
  const text = strings.reportEmbed;
  const lines = (entries: readonly ReportEntry[]) =>
    entries.length === 0
      ? text.none
      : entries.map((entry, i) => `${i + 1}. <@${entry.userId}> — ${formatDuration(entry.ms, strings)}`).join('\n');
  // The plain text's first lines are the title and the summary; the embed shows them as such.
  const [title = '', ...summary] = reportToText(report, strings).split('\n').slice(0, 4);
  return new EmbedBuilder()
    .setColor(0x5865f2)
    .setTitle(title)
    .setDescription(summary.join('\n'))
    .addFields(
      { name: text.top, value: lines(report.top).slice(0, 1024) },
      { name: text.least, value: lines(report.leastActive).slice(0, 1024) },
      { name: text.inactive, value: String(report.inactive.length), inline: true },
      ...(report.totalMessages > 0 ? [{ name: text.messages, value: String(report.totalMessages), inline: true }] : []),
      ...(report.channels === undefined || report.channels.length === 0
        ? []
        : [
            {
              name: text.channels,
              value: report.channels
                .map((channel, i) => `${i + 1}. <#${channel.channelId}> — ${formatDuration(channel.ms, strings)}`)
                .join('\n')
                .slice(0, 1024),
            },
          ]),
    )
    .toJSON();
}

/**
 * A report's hour-of-week heatmap as SVG text: a row a day from the week's first, a column an hour,
 * darker for more voice time.
 *
 * @example
 * ```ts
 * await writeFile('heatmap.svg', heatmapSvg(report.heatmap, 'en'));
 * ```
 */
export function heatmapSvg(heatmap: ActivityHeatmap, locale: GuildkitLocale | GuildkitStrings): string {
  const strings = stringsFor(locale);
  const cell = 28;
  const left = 56;
  const top = 64;
  const width = left + 24 * cell + 16;
  const height = top + 7 * cell + 16;
  const most = Math.max(1, ...heatmap.ms.flat());
  const cells = heatmap.ms.flatMap((row, r) =>
    row.map((ms, hour) => {
      const share = ms / most;
      // From the page's white to the embed's blurple, by the share of the busiest hour.
      const mix = (from: number, to: number) => Math.round(from + (to - from) * share);
      const fill = ms === 0 ? '#f2f3f5' : `rgb(${mix(235, 88)},${mix(237, 101)},${mix(254, 242)})`;
      return `<rect x="${left + hour * cell + 1}" y="${top + r * cell + 1}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="${fill}"/>`;
    }),
  );
  const days = Array.from({ length: 7 }, (_, r) => {
    const name = strings.reportEmbed.weekdays[(heatmap.weekStartsOn + r) % 7] ?? '';
    return `<text x="${left - 8}" y="${top + r * cell + 19}" text-anchor="end" font-size="13">${xmlText(name)}</text>`;
  });
  const hours = [0, 3, 6, 9, 12, 15, 18, 21].map(
    (hour) =>
      `<text x="${left + hour * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="12" fill="#4e5058">${hour}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="NanumGothic, 'Noto Sans CJK KR', 'Noto Sans KR', 'DejaVu Sans', sans-serif" fill="#2e3338">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="30" font-size="18" font-weight="bold">${xmlText(strings.reportEmbed.heatmap)}</text>`,
    ...hours,
    ...days,
    ...cells,
    '</svg>',
  ].join('');
}

/**
 * The bar chart of a report's top members, as SVG text.
 *
 * @example
 * ```ts
 * await writeFile('top.svg', reportChartSvg(report, 'en'));
 * ```
 */
export function reportChartSvg(report: ActivityReport, locale: GuildkitLocale | GuildkitStrings): string {
  const strings = stringsFor(locale);
  const width = 800;
  const row = 36;
  const top = 56;
  const label = 220;
  const most = Math.max(1, ...report.top.map((entry) => entry.ms));
  const height = top + row * Math.max(1, report.top.length) + 24;
  const bars = report.top.map((entry, i) => {
    const y = top + i * row;
    const length = Math.max(2, Math.round(((width - label - 140) * entry.ms) / most));
    return [
      `<text x="${label - 12}" y="${y + 23}" text-anchor="end" font-size="16">${xmlText(clip(entry.displayName, 22))}</text>`,
      `<rect x="${label}" y="${y + 6}" width="${length}" height="${row - 12}" rx="4" fill="#5865f2"/>`,
      `<text x="${label + length + 8}" y="${y + 23}" font-size="15" fill="#4e5058">${xmlText(formatDuration(entry.ms, strings))}</text>`,
    ].join('');
  });
  const title = reportToText(report, strings).split('\n')[0] ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="NanumGothic, 'Noto Sans CJK KR', 'Noto Sans KR', 'DejaVu Sans', sans-serif" fill="#2e3338">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="36" font-size="20" font-weight="bold">${xmlText(title)}</text>`,
    ...bars,
    '</svg>',
  ].join('');
}

function clip(value: string, length: number): string {
  const characters = [...value];
  return characters.length <= length ? value : `${characters.slice(0, length - 1).join('')}…`;
}

function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
