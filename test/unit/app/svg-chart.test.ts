import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { barChartSvgs, chartLayout, pagesOf, resvgOptions, svgChartRenderer, wrapText } from "../../../src/app/svg-chart.ts";
import type { BarChart } from "../../../src/core/reports/chart.ts";
import { createTranslator } from "../../../src/i18n/index.ts";
import { localesDir } from "../../../src/i18n/locales-dir.ts";

const translator = createTranslator({ localesDir });
const text = (key: string, params: Parameters<typeof translator.renderText>[1], language: string) => translator.renderText(key, params, language);

const names = ["Eva Muster", "محمد الأحمد", "Jürgen Müller-Lüdenscheidt", "Ayşe Yılmaz", "فاطمة الزهراء", "Olena Kovalenko", "Selam Tesfay", "Jonas Beispiel"];

function chartOf(count: number, language = "de"): BarChart {
  return {
    title: { key: "manager_reports.chart_title" },
    subtitle: { key: "manager_reports.chart_period", params: { quarter: 2, year: "2027", from: "2027-04-01", to: "2027-06-30" } },
    series: [{ key: "manager_reports.chart_open_cases" }, { key: "manager_reports.chart_overdue" }],
    pageKey: "manager_reports.chart_page",
    groups: Array.from({ length: count }, (_, i) => ({ label: `${names[i % names.length]} ${i + 1}`, values: [(i * 37) % 140, i % 9] })),
    language,
  };
}

interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

function render(svg: string): Pixels {
  const image = new Resvg(svg, resvgOptions).render();
  return { width: image.width, height: image.height, data: image.pixels };
}

/** How many pixels differ between two renderings of the same size within a box. */
function differing(a: Pixels, b: Pixels, box = { x: 0, y: 0, width: a.width, height: a.height }): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let count = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const at = (y * a.width + x) * 4;
      if (a.data.readUInt32LE(at) !== b.data.readUInt32LE(at)) count++;
    }
  }
  return count;
}

/** Width and height from a PNG's header (IHDR). */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const nameColumn = (height: number) => ({ x: 0, y: 0, width: chartLayout.pad + chartLayout.nameWidth - 4, height });

describe("report chart (SVG rendered by resvg)", () => {
  it.each([
    [2, 1],
    [10, 1],
    [40, 2],
  ])("for %i managers: %i phone-sized PNG page(s), 720 px wide, under 1280 px high, far from Telegram's 20:1", async (managers, pages) => {
    const pngs = await svgChartRenderer(text).barChartPngs(chartOf(managers));
    expect(pngs).toHaveLength(pages);
    for (const base64 of pngs) {
      const png = Buffer.from(base64, "base64");
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      const { width, height } = pngSize(png);
      expect(width).toBe(720);
      expect(height).toBeGreaterThan(200);
      expect(height).toBeLessThanOrEqual(1280);
      expect(Math.max(width, height) / Math.min(width, height)).toBeLessThan(20);
    }
  });

  it("draws the title, the period, the legend and every name: the picture changes when any of them is left out", () => {
    const chart = chartOf(8);
    const [svg] = barChartSvgs(chart, text);
    const [bare] = barChartSvgs(chart, text, false);
    const full = render(svg ?? "");
    const withoutText = render(bare ?? "");
    // The header (title, period, legend) is the top 130 px; the names are left of the bars.
    expect(differing(full, withoutText, { x: 0, y: 0, width: full.width, height: 130 })).toBeGreaterThan(2000);
    expect(differing(full, withoutText, nameColumn(full.height))).toBeGreaterThan(2000);
    for (const group of chart.groups) {
      // The same picture with only this name's lines left out.
      const lines = wrapText(group.label, chartLayout.nameWidth - 16, chartLayout.font.name, 2);
      const withoutName = lines.reduce((current, line) => current.replace(new RegExp(`<text[^>]*>${line}</text>`), ""), svg ?? "");
      expect(withoutName).not.toBe(svg);
      expect({ name: group.label, drawn: differing(full, render(withoutName), nameColumn(full.height)) > 100 }).toEqual({ name: group.label, drawn: true });
    }
  });

  it("shapes Arabic names with the bundled font: two different names of the same length look different", () => {
    const one = chartOf(1);
    const a = render(barChartSvgs({ ...one, groups: [{ label: "محمد", values: [3, 1] }] }, text)[0] ?? "");
    const b = render(barChartSvgs({ ...one, groups: [{ label: "أحمد", values: [3, 1] }] }, text)[0] ?? "");
    expect(differing(a, b, nameColumn(a.height))).toBeGreaterThan(50);
  });

  it("writes the texts in the supervisor's language and numbers pages only when there are several", () => {
    const [german] = barChartSvgs(chartOf(3, "de"), text);
    expect(german).toContain("Fallzahlen je Integrationsmanager/in");
    expect(german).toContain("Überfällige Fortschreibungen");
    expect(german).not.toContain("Seite");
    const english = barChartSvgs(chartOf(41, "en"), text);
    expect(english).toHaveLength(3);
    expect(english[2]).toContain("Caseload per integration manager");
    expect(english[2]).toContain("page 3 of 3");
  });

  it("keeps names inside their column: wrapped after spaces and hyphens, the rest cut with …", () => {
    expect(wrapText("Eva Muster", 224, 20, 2)).toEqual(["Eva Muster"]);
    expect(wrapText("Jürgen Müller-Lüdenscheidt", 224, 20, 2)).toEqual(["Jürgen Müller-", "Lüdenscheidt"]);
    const long = wrapText("Dr. Maria-Theresa von Hinterberger-Schmidt zu Oberndorf", 224, 20, 2);
    expect(long).toHaveLength(2);
    expect(long[1]?.endsWith("…")).toBe(true);
  });

  it("splits many managers into even pages with one axis for all (41: 14, 14, 13)", () => {
    const groups = chartOf(41).groups;
    expect(pagesOf(groups).map((page) => page.groups.length)).toEqual([14, 14, 13]);
    const svgs = barChartSvgs(chartOf(41), text);
    const lastTick = (svg: string) => [...svg.matchAll(/text-anchor="middle"[^>]*>(\d+)</g)].map((m) => Number(m[1])).at(-1);
    expect(new Set(svgs.map(lastTick)).size).toBe(1);
  });

  it("escapes names that look like markup", () => {
    const [svg] = barChartSvgs({ ...chartOf(1), groups: [{ label: "A & <B>", values: [1, 0] }] }, text);
    expect(svg).toContain("A &amp; &lt;B&gt;");
    expect(() => render(svg ?? "")).not.toThrow();
  });
});
