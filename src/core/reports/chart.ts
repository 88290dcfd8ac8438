/** A grouped bar chart: one group per label (e.g. a manager), one bar per series (e.g. open cases, overdue reviews). */
export interface BarChart {
  /** Series in drawing order; colours are the renderer's. */
  series: string[];
  groups: { label: string; values: number[] }[];
}

/**
 * Draws charts as PNG images. Owned by the core, implemented outside it (src/app/png-chart.ts with pngjs), so the
 * core stays free of I/O and image code.
 */
export interface ChartRenderer {
  /** A PNG image, base64-encoded. */
  barChartPng(chart: BarChart): string;
}
