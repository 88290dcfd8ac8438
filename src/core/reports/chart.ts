import type { TextPart } from "../dialog/messages.ts";

/**
 * A grouped bar chart: one group per label (e.g. a manager), one bar per series (e.g. open cases, overdue reviews).
 * Texts are message keys, rendered by the renderer in `language`; group labels are names, drawn as they are.
 */
export interface BarChart {
  title: TextPart;
  /** The period, under the title. */
  subtitle: TextPart;
  /** Series in drawing order (the legend); colours are the renderer's. */
  series: TextPart[];
  /** "page {{page}} of {{pages}}", added to the period when the groups need more than one image. */
  pageKey: string;
  groups: { label: string; values: number[] }[];
  language: string;
}

/**
 * Draws charts as PNG images. Owned by the core, implemented outside it (src/app/svg-chart.ts: SVG rendered by resvg),
 * so the core stays free of I/O and image code.
 */
export interface ChartRenderer {
  /**
   * PNG images, base64-encoded: one, or several pages when there are too many groups for one image that stays
   * readable on a phone. Each page carries the title, the period, the legend and its page number.
   */
  barChartPngs(chart: BarChart): Promise<string[]>;
}
