import { activityHeatmap, type DayActivityTotal, days, type HourActivityTotal } from '@guildkit/core';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, line } from 'd3-shape';

// Charts drawn on the server: d3-scale maps values to pixels and d3-shape draws the paths, so a
// page needs no script (the content security policy allows none) and loads in one request.

/** @internal A line chart of one value a day, as the SVG's parts the template writes out. */
export interface DayChart {
  readonly width: number;
  readonly height: number;
  readonly line: string;
  readonly area: string;
  /** Horizontal grid lines with their value. */
  readonly ticks: readonly { readonly y: number; readonly label: string }[];
  /** Day labels along the bottom. */
  readonly labels: readonly { readonly x: number; readonly label: string }[];
  readonly most: number;
}

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

/**
 * @internal Active members each day of `[startDay, endDay)`, a day without activity at 0.
 */
export function activeMembersChart(series: readonly DayActivityTotal[], startDay: string, endDay: string): DayChart {
  const count = Math.max(1, days.between(startDay, endDay));
  const byDay = new Map(series.map((row) => [row.day, row.members]));
  const points = Array.from({ length: count }, (_, index) => {
    const day = days.add(startDay, index);
    return { at: new Date(`${day}T00:00:00Z`), members: byDay.get(day) ?? 0 };
  });
  const most = Math.max(0, ...points.map((point) => point.members));
  const x = scaleUtc()
    .domain([points[0]?.at ?? new Date(0), points.at(-1)?.at ?? new Date(0)])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, most)])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const drawLine = line<(typeof points)[number]>()
    .x((point) => x(point.at))
    .y((point) => y(point.members));
  const drawArea = area<(typeof points)[number]>()
    .x((point) => x(point.at))
    .y0(y(0))
    .y1((point) => y(point.members));
  const dayTicks = x.ticks(Math.min(count, 6));
  return {
    width: WIDTH,
    height: HEIGHT,
    line: drawLine(points) ?? '',
    area: drawArea(points) ?? '',
    // Whole members only: a quiet range's axis reads 0 and 1, not 0.2, 0.4, …
    ticks: y
      .ticks(4)
      .filter(Number.isInteger)
      .map((value) => ({ y: round(y(value)), label: String(value) })),
    labels: dayTicks.map((at) => ({ x: round(x(at)), label: at.toISOString().slice(5, 10) })),
    most,
  };
}

/** @internal The hour-of-week heatmap as rows of cells, each with a shade from 0 (none) to 8 (the busiest hour). */
export interface HeatmapGrid {
  readonly rows: readonly {
    readonly weekday: number;
    readonly cells: readonly { readonly hour: number; readonly ms: number; readonly shade: number }[];
  }[];
}

/** @internal Folds hour totals into the guild's week (`activityHeatmap`) and shades each hour. */
export function heatmapGrid(hours: readonly HourActivityTotal[], weekStartsOn: number): HeatmapGrid {
  const heatmap = activityHeatmap(hours, { weekStartsOn });
  const most = Math.max(1, ...heatmap.ms.flat());
  return {
    rows: heatmap.ms.map((row, index) => ({
      weekday: (heatmap.weekStartsOn + index) % 7,
      cells: row.map((ms, hour) => ({ hour, ms, shade: ms === 0 ? 0 : Math.max(1, Math.ceil((ms / most) * 8)) })),
    })),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
