import type { ChatContext } from "../chat/chat-context.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { buildSupervisorReport, caseloadChart } from "./supervisor-report.ts";
import { germanCsv, xlsxMimeType } from "./table.ts";

const isSupervision = (actor: ChatContext["actor"]) => actor.kind === "staff" && (actor.role === "supervisor" || actor.role === "admin");

/**
 * `/report` in the chat (Telegram and Teams): the supervisor's current quarter as a summary (the chart's text
 * equivalent), chart images (open cases and overdue reviews per manager; pages of 20) and the figures as a German CSV
 * and an XLSX file. Managers without the supervisor role are refused.
 */
export async function supervisorReportReply(context: ChatContext): Promise<Outbound[]> {
  if (!isSupervision(context.actor)) return [say("manager_reports.refused")];
  const report = await buildSupervisorReport(context.deps, context.actor);
  const { quarter, figures } = report;
  const period = `${quarter.year}-Q${quarter.quarter}`;
  const lines: TextPart[] = figures.managers.map((m, i) => ({
    key: "manager_reports.manager_line",
    params: { index: i + 1, name: m.managerName, openCases: m.openCases, overdue: m.overduePlanReviews, contacts: m.contacts },
  }));
  const summary: Outbound = {
    parts: [
      { key: "manager_reports.title", params: { quarter: quarter.quarter, year: String(quarter.year), from: quarter.firstDay, to: quarter.lastDay } },
      ...(lines.length > 0 ? lines : [{ key: "manager_reports.none" }]),
      {
        key: "manager_reports.totals",
        params: { openCases: figures.totals.openCases, overdue: figures.totals.overduePlanReviews, contacts: figures.totals.contacts },
      },
    ],
  };
  const pngs =
    context.deps.charts && figures.managers.length > 0 ? await context.deps.charts.barChartPngs(caseloadChart(figures, quarter, context.language)) : [];
  const charts: Outbound[] = pngs.map((base64, i) => ({
    parts: [{ key: "manager_reports.chart_caption" }],
    attachment: {
      kind: "image",
      fileName: pngs.length > 1 ? `lotse-${period}-${i + 1}.png` : `lotse-${period}.png`,
      base64,
      unsentKey: "manager_reports.unsent",
    },
  }));
  const file = (captionKey: string, fileName: string, mimeType: string, content: Buffer): Outbound => ({
    parts: [{ key: captionKey }],
    attachment: { kind: "document", unsentKey: "manager_reports.unsent", fileName, mimeType, base64: content.toString("base64") },
  });
  const files = [file("manager_reports.csv_caption", `lotse-fallzahlen-${period}.csv`, "text/csv", Buffer.from(germanCsv(report.table), "utf8"))];
  if (context.deps.spreadsheets) {
    const xlsx = await context.deps.spreadsheets.xlsx([report.table]);
    files.push(file("manager_reports.xlsx_caption", `lotse-fallzahlen-${period}.xlsx`, xlsxMimeType, xlsx));
  }
  return [summary, ...charts, ...files];
}
