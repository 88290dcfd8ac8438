import type { FundingReport, MunicipalityReport } from "./model.ts";

export const reportFormats = ["csv", "json", "md"] as const;
export type ReportFormat = (typeof reportFormats)[number];

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const blockId = (block: MunicipalityReport) => (block.scope === "municipality" ? (block.municipalityId ?? "") : block.scope);

/** One row per figure: tenant, period, municipality (id or "all"/"none"), section, key, value. */
export function reportCsv(report: FundingReport): string {
  const header = ["tenant_id", "from", "to", "municipality_id", "municipality", "section", "key", "value"];
  const rows = report.municipalities.flatMap((block) => [
    ...block.figures.map((f) => [report.tenantId, report.from, report.to, blockId(block), block.name, f.section, f.key, f.value]),
    [report.tenantId, report.from, report.to, blockId(block), block.name, "managers", "no_qualification_a", block.noQualificationA ? "yes" : "no"],
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

const mdCell = (value: string | number) => String(value).replaceAll("|", "\\|");

/** A Markdown document: one table per municipality. */
export function reportMarkdown(report: FundingReport): string {
  const lines = [`# Funding report: ${mdCell(report.tenantName)}`, "", `Period ${report.from} to ${report.to}. Counts of 1 to 4 are shown as "<5".`, ""];
  for (const block of report.municipalities) {
    const title = block.scope === "all" ? "All municipalities" : block.scope === "none" ? "Without municipality" : block.name;
    lines.push(`## ${mdCell(title)}`, "");
    if (block.noQualificationA) lines.push("**Note:** this team has managers with qualification b or c but none with qualification a.", "");
    lines.push("| section | figure | value |", "|---|---|---:|");
    for (const figure of block.figures) lines.push(`| ${figure.section} | ${mdCell(figure.key)} | ${figure.value} |`);
    lines.push("");
  }
  return lines.join("\n");
}

export function formatReport(report: FundingReport, format: ReportFormat): string {
  switch (format) {
    case "csv":
      return reportCsv(report);
    case "md":
      return reportMarkdown(report);
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
  }
}
