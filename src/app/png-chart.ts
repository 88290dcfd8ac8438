import { PNG } from "pngjs";
import type { BarChart, ChartRenderer } from "../core/reports/chart.ts";

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const AXIS: Rgb = [90, 90, 90];
const GRID: Rgb = [225, 225, 225];
const TEXT: Rgb = [40, 40, 40];
/** Series colours in order: blue, red, then green and amber for further series. */
const SERIES: Rgb[] = [
  [43, 108, 176],
  [197, 48, 48],
  [47, 133, 90],
  [214, 158, 46],
];

const HEIGHT = 360;
const MARGIN = { left: 48, right: 24, top: 32, bottom: 40 };
const BAR_WIDTH = 22;
const BAR_GAP = 4;
const GROUP_GAP = 28;
const MIN_WIDTH = 480;

/** Digits 0-9 in a 3×5 pixel font, rows top to bottom (bit 2 = left column). */
const DIGITS = [
  "111101101101111",
  "010110010010111",
  "111001111100111",
  "111001111001111",
  "101101111001001",
  "111100111001111",
  "111100111101111",
  "111001010010010",
  "111101111101111",
  "111101111001111",
];
const DIGIT_SCALE = 3;

function fill(png: PNG, x0: number, y0: number, width: number, height: number, color: Rgb): void {
  for (let y = Math.max(0, y0); y < Math.min(png.height, y0 + height); y += 1) {
    for (let x = Math.max(0, x0); x < Math.min(png.width, x0 + width); x += 1) {
      const at = (png.width * y + x) << 2;
      png.data[at] = color[0];
      png.data[at + 1] = color[1];
      png.data[at + 2] = color[2];
      png.data[at + 3] = 255;
    }
  }
}

/** Writes a whole number centred on `centerX` with its bottom at `bottomY`. */
function drawNumber(png: PNG, value: number, centerX: number, bottomY: number): void {
  const text = String(Math.max(0, Math.round(value)));
  const charWidth = 4 * DIGIT_SCALE;
  let x = Math.round(centerX - (text.length * charWidth - DIGIT_SCALE) / 2);
  const top = bottomY - 5 * DIGIT_SCALE;
  for (const char of text) {
    const pattern = DIGITS[Number(char)] ?? "";
    for (let i = 0; i < pattern.length; i += 1) {
      if (pattern[i] === "1") fill(png, x + (i % 3) * DIGIT_SCALE, top + Math.floor(i / 3) * DIGIT_SCALE, DIGIT_SCALE, DIGIT_SCALE, TEXT);
    }
    x += charWidth;
  }
}

/** A grouped bar chart with value labels, numbered groups and light grid lines; names go into the message text. */
export function renderBarChartPng(chart: BarChart): Buffer {
  const perGroup = chart.series.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP;
  const plotWidth = Math.max(1, chart.groups.length) * (perGroup + GROUP_GAP);
  const width = Math.max(MIN_WIDTH, MARGIN.left + plotWidth + MARGIN.right);
  const png = new PNG({ width, height: HEIGHT });
  fill(png, 0, 0, width, HEIGHT, WHITE);
  const plotTop = MARGIN.top + 5 * DIGIT_SCALE + 6;
  const baseline = HEIGHT - MARGIN.bottom;
  const plotHeight = baseline - plotTop;
  const max = Math.max(1, ...chart.groups.flatMap((g) => g.values));
  for (let line = 1; line <= 4; line += 1) fill(png, MARGIN.left, baseline - Math.round((plotHeight * line) / 4), plotWidth, 1, GRID);
  fill(png, MARGIN.left - 2, plotTop, 2, plotHeight + 2, AXIS);
  fill(png, MARGIN.left - 2, baseline, plotWidth + 2, 2, AXIS);
  chart.groups.forEach((group, g) => {
    const groupX = MARGIN.left + GROUP_GAP / 2 + g * (perGroup + GROUP_GAP);
    group.values.forEach((value, s) => {
      const x = groupX + s * (BAR_WIDTH + BAR_GAP);
      const barHeight = Math.round((plotHeight * Math.max(0, value)) / max);
      fill(png, x, baseline - barHeight, BAR_WIDTH, barHeight, SERIES[s % SERIES.length] ?? AXIS);
      drawNumber(png, value, x + BAR_WIDTH / 2, baseline - barHeight - 4);
    });
    // The group's number under it, matching the numbered list in the message.
    drawNumber(png, g + 1, groupX + perGroup / 2, baseline + 8 + 5 * DIGIT_SCALE);
  });
  return PNG.sync.write(png);
}

export const pngChartRenderer: ChartRenderer = {
  barChartPng: (chart) => renderBarChartPng(chart).toString("base64"),
};
