import type { ChatContext } from "../chat/chat-context.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { buildSupervisorReport } from "./supervisor-report.ts";

const isSupervision = (actor: ChatContext["actor"]) => actor.kind === "staff" && (actor.role === "supervisor" || actor.role === "admin");

/**
 * `/report` in the chat (Telegram and Teams): the supervisor's current quarter as a summary, a chart image (open
 * cases and overdue reviews per manager) and the CSV file. Managers without the supervisor role are refused.
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
  const chart: Outbound[] =
    context.deps.charts && report.chart.groups.length > 0
      ? [
          {
            parts: [{ key: "manager_reports.chart_caption" }],
            attachment: {
              kind: "image",
              fileName: `lotse-${period}.png`,
              base64: context.deps.charts.barChartPng(report.chart),
              unsentKey: "manager_reports.unsent",
            },
          },
        ]
      : [];
  const csv: Outbound = {
    parts: [{ key: "manager_reports.csv_caption" }],
    attachment: {
      kind: "document",
      unsentKey: "manager_reports.unsent",
      fileName: `lotse-caseload-${period}.csv`,
      mimeType: "text/csv",
      base64: Buffer.from(report.csv, "utf8").toString("base64"),
    },
  };
  return [summary, ...chart, csv];
}
