import { createRequire } from "node:module";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { MessageParams } from "../core/dialog/messages.ts";
import type { BarChart, ChartRenderer } from "../core/reports/chart.ts";

/** Renders a message key in a language (the adapters' translator). */
export type ChartText = (key: string, params: MessageParams | undefined, language: string) => string;

/**
 * Horizontal grouped bars, laid out for a phone: 720 px wide (a phone shows it at about half, so 20 px names read as
 * 10 px), names on the left (wrapped to two lines, abbreviated with "…" beyond), values at the bars' ends, the axis
 * values below. At most `groupsPerPage` groups per image, so an image stays under Telegram's 1280 px (it scales larger
 * photos down) and far from its 20:1 ratio limit; more groups make pages with the same axis.
 */
export const chartLayout = {
  width: 720,
  pad: 24,
  nameWidth: 240,
  valueRoom: 44,
  barHeight: 16,
  barGap: 2,
  groupGap: 14,
  groupsPerPage: 20,
  font: { title: 26, subtitle: 18, legend: 18, name: 20, value: 18, tick: 16 },
  /** Average advances of Noto Sans and Noto Sans Arabic, in em, a little generous, to wrap names without measuring them. */
  charWidthEm: 0.56,
  arabicCharEm: 0.45,
} as const;

/** Blue and orange first (told apart with red-green colour blindness too), then green and purple. */
const seriesColours = ["#2B6CB0", "#DD6B20", "#2F855A", "#6B46C1"];
const ink = "#1A202C";
const muted = "#4A5568";
const grid = "#E2E8F0";
const stripe = "#F7FAFC";
/** Arabic names are shaped by Noto Sans Arabic; everything else falls back to Noto Sans. */
const fontFamily = "'Noto Sans Arabic', 'Noto Sans'";

const require = createRequire(import.meta.url);
/**
 * Noto Sans and Noto Sans Arabic as TrueType files from the @expo-google-fonts packages (the Google Fonts files,
 * OFL): resvg reads TTF/OTF only, and the @fontsource packages the playground uses ship WOFF/WOFF2 only.
 */
const fontFiles = [
  "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
  "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
].map((file) => require.resolve(file));

export const resvgOptions: ResvgRenderOptions = {
  font: { loadSystemFonts: false, fontFiles, defaultFontFamily: "Noto Sans" },
  background: "#FFFFFF",
  logLevel: "off",
};

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const arabic = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/u;

/** The width of a text, estimated from average advances of the fonts (resvg measures nothing before it draws). */
export function textWidth(text: string, fontSize: number): number {
  return Array.from(text).reduce((sum, char) => sum + fontSize * (arabic.test(char) ? chartLayout.arabicCharEm : chartLayout.charWidthEm), 0);
}

/** The longest start of `text` that fits `width` with "…" after it. */
function cutToWidth(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && textWidth(`${chars.join("").trimEnd()}…`, fontSize) > width) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/**
 * A text in at most `maxLines` lines of at most `width`, broken after spaces and hyphens ("Müller-" / "Lüdenscheidt");
 * what does not fit ends in "…" (the last line takes the rest, cut).
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const tokens = text
    .trim()
    .replace(/\s+/g, " ")
    .split(/(?<=[ -])/u);
  const lines: string[] = [];
  let current = "";
  for (const token of tokens) {
    if (current && textWidth((current + token).trimEnd(), fontSize) > width) {
      lines.push(current.trimEnd());
      current = "";
    }
    current += token;
  }
  if (current.trim()) lines.push(current.trimEnd());
  const kept =
    lines.length <= maxLines
      ? lines
      : [
          ...lines.slice(0, maxLines - 1),
          lines
            .slice(maxLines - 1)
            .join(" ")
            .replace(/- /g, "-"),
        ];
  return kept.map((line) => cutToWidth(line, width, fontSize));
}

/** A round step for about five axis values: 1, 2 or 5 times a power of ten, never below 1 (counts are whole). */
export function axisStep(max: number): number {
  const rough = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((candidate) => candidate >= rough) ?? rough;
  return Math.max(1, step);
}

interface Texts {
  title: string;
  subtitle: string;
  series: string[];
}

interface Page {
  groups: BarChart["groups"];
  number: number;
  count: number;
}

/** Splits the groups into pages of at most `groupsPerPage`, evenly (41 managers: 14, 14 and 13, not 20, 20 and 1). */
export function pagesOf(groups: BarChart["groups"]): Page[] {
  const count = Math.max(1, Math.ceil(groups.length / chartLayout.groupsPerPage));
  const size = Math.ceil(groups.length / count);
  return Array.from({ length: count }, (_, i) => ({ groups: groups.slice(i * size, (i + 1) * size), number: i + 1, count }));
}

function text(x: number, y: number, size: number, content: string, extra = ""): string {
  return `<text x="${x}" y="${y}" font-size="${size}" ${extra}>${escapeXml(content)}</text>`;
}

function headerSvg(texts: Texts, page: Page, pageLabel: string): { svg: string; bottom: number } {
  const { pad, width, font } = chartLayout;
  const parts: string[] = [];
  let y = pad;
  for (const line of wrapText(texts.title, width - 2 * pad, font.title, 2)) {
    y += font.title + 6;
    parts.push(text(pad, y, font.title, line, `font-weight="700" fill="${ink}"`));
  }
  y += font.subtitle + 10;
  parts.push(text(pad, y, font.subtitle, page.count > 1 ? `${texts.subtitle} · ${pageLabel}` : texts.subtitle, `fill="${muted}"`));
  // The legend: a square in the series' colour before its name, wrapping when the names are long.
  y += 14;
  let x = pad;
  let rowTop = y;
  texts.series.forEach((label, i) => {
    const itemWidth = font.legend + 8 + textWidth(label, font.legend) + 24;
    if (x > pad && x + itemWidth > width - pad) {
      x = pad;
      rowTop += font.legend + 12;
    }
    parts.push(`<rect x="${x}" y="${rowTop + 3}" width="${font.legend}" height="${font.legend}" rx="3" fill="${seriesColours[i % seriesColours.length]}"/>`);
    parts.push(text(x + font.legend + 8, rowTop + font.legend, font.legend, label, `fill="${ink}"`));
    x += itemWidth;
  });
  return { svg: parts.join(""), bottom: rowTop + font.legend + 22 };
}

/** One page of the chart as SVG. `withText: false` leaves every text out (the tests compare both renderings). */
export function barChartSvg(chart: BarChart, texts: Texts, page: Page, axisMax: number, pageLabel: string, withText = true): string {
  const { pad, width, nameWidth, valueRoom, barHeight, barGap, groupGap, font } = chartLayout;
  const header = headerSvg(texts, page, pageLabel);
  const x0 = pad + nameWidth;
  const plotWidth = width - pad - valueRoom - x0;
  const lineHeight = font.name + 4;
  const seriesCount = Math.max(1, chart.series.length);
  const barsHeight = seriesCount * barHeight + (seriesCount - 1) * barGap;
  const scale = (value: number) => (plotWidth * Math.max(0, value)) / axisMax;

  const stripes: string[] = [];
  const body: string[] = [];
  let y = header.bottom;
  const plotTop = y;
  page.groups.forEach((group, index) => {
    const lines = wrapText(group.label, nameWidth - 16, font.name, 2);
    const height = Math.max(barsHeight, lines.length * lineHeight) + groupGap;
    if (index % 2 === 0) stripes.push(`<rect x="${pad}" y="${y}" width="${width - 2 * pad}" height="${height}" fill="${stripe}"/>`);
    const middle = y + height / 2;
    const nameTop = middle - (lines.length * lineHeight) / 2;
    lines.forEach((line, i) => {
      body.push(text(x0 - 12, nameTop + (i + 1) * lineHeight - 5, font.name, line, `text-anchor="end" fill="${ink}"`));
    });
    const barsTop = middle - barsHeight / 2;
    group.values.forEach((value, s) => {
      const top = barsTop + s * (barHeight + barGap);
      const length = scale(value);
      body.push(`<rect x="${x0}" y="${top}" width="${length}" height="${barHeight}" fill="${seriesColours[s % seriesColours.length]}"/>`);
      body.push(text(x0 + length + 6, top + barHeight - 2, font.value, String(value), `fill="${ink}"`));
    });
    y += height;
  });
  const plotBottom = y;

  // Grid lines and axis values at round steps; the axis is the same on every page.
  const step = axisStep(axisMax);
  const axis: string[] = [];
  for (let tick = 0; tick <= axisMax; tick += step) {
    const x = x0 + scale(tick);
    axis.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}" stroke="${tick === 0 ? muted : grid}" stroke-width="${tick === 0 ? 2 : 1}"/>`);
    axis.push(text(x, plotBottom + font.tick + 8, font.tick, String(tick), `text-anchor="middle" fill="${muted}"`));
  }
  const height = Math.ceil(plotBottom + font.tick + 8 + pad);
  // Stripes, then the grid, then bars and texts over it.
  const content = [...stripes, ...axis, ...body, header.svg].join("");
  const visible = withText ? content : content.replace(/<text\b[^>]*>[^<]*<\/text>/g, "");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${fontFamily}">${visible}</svg>`;
}

/** Every page of the chart as SVG, with the texts rendered in the chart's language. */
export function barChartSvgs(chart: BarChart, render: ChartText, withText = true): string[] {
  const textOf = (part: { key: string; params?: MessageParams }) => render(part.key, part.params, chart.language);
  const texts: Texts = { title: textOf(chart.title), subtitle: textOf(chart.subtitle), series: chart.series.map(textOf) };
  const max = Math.max(0, ...chart.groups.flatMap((g) => g.values));
  const step = axisStep(max);
  const axisMax = Math.max(step, Math.ceil(max / step) * step);
  return pagesOf(chart.groups).map((page) =>
    barChartSvg(chart, texts, page, axisMax, textOf({ key: chart.pageKey, params: { page: page.number, pages: page.count } }), withText),
  );
}

/**
 * resvg's native library is loaded at the first chart, not at start-up: about 7 MB of resident memory that a server
 * which never renders a chart does not need (docs/benchmarks.md, P5).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js");
  return (await renderAsync(svg, resvgOptions)).asPng();
}

/** The chart renderer of the service: SVG from the report data, PNG by resvg (on libuv's thread pool, not the event loop). */
export function svgChartRenderer(render: ChartText): ChartRenderer {
  return {
    async barChartPngs(chart) {
      const pngs = await Promise.all(barChartSvgs(chart, render).map(svgToPng));
      return pngs.map((png) => png.toString("base64"));
    },
  };
}
