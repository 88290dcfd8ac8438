import type { FundingReport, MunicipalityReport } from "./model.ts";
import type { TextPart } from "../dialog/messages.ts";
import { figureName } from "./figure-names.ts";
import { germanCsv, type ReportTable } from "./table.ts";

/** Renders a figure's name (a text of the locales) in German: given by the adapter that writes the file. */
export type FigureNamer = (name: TextPart) => string;

/** csv: German CSV (";", BOM, German headings); xlsx: the same table as an Excel workbook (an adapter writes it). */
export const reportFormats = ["csv", "json", "md", "xlsx"] as const;
export type ReportFormat = (typeof reportFormats)[number];

const blockId = (block: MunicipalityReport) => (block.scope === "municipality" ? (block.municipalityId ?? "") : block.scope === "all" ? "alle" : "ohne");
const blockName = (block: MunicipalityReport) => (block.scope === "all" ? "Alle Gemeinden" : block.scope === "none" ? "Ohne Gemeinde" : block.name);

/** German names of the sections; the figures keep their codes (stable for spreadsheets that read the file). */
const sectionNames: Record<MunicipalityReport["figures"][number]["section"], string> = {
  clients: "Klientinnen und Klienten",
  cases: "Fälle",
  contacts: "Kontakte",
  plans: "Integrationspläne",
  goals: "Ziele",
  referrals: "Vermittlungen",
  managers: "Integrationsmanager/innen",
};

/** "Bezeichnung" last, so that the columns of files read before keep their places. */
export const reportColumns = ["Mandant-ID", "Mandant", "Von", "Bis", "Gemeinde-ID", "Gemeinde", "Bereich", "Kennzahl", "Wert", "Bezeichnung"];

/**
 * One row per figure, and per block a row for the qualification flag ("ja"/"nein"): what the CSV and XLSX hold. Each
 * figure keeps its code ("Kennzahl") and is named in German ("Bezeichnung": "Ziele (Sprache): erreicht").
 */
export function reportTable(report: FundingReport, nameOf: FigureNamer): ReportTable {
  const start = (block: MunicipalityReport) => [report.tenantId, report.tenantName, report.from, report.to, blockId(block), blockName(block)];
  const described = (section: MunicipalityReport["figures"][number]["section"], key: string) => {
    const name = figureName({ section, key });
    return name ? nameOf(name) : "";
  };
  const rows = report.municipalities.flatMap((block) => [
    ...block.figures.map((f) => [...start(block), sectionNames[f.section], f.key, f.value, described(f.section, f.key)]),
    [...start(block), sectionNames.managers, "no_qualification_a", block.noQualificationA ? "ja" : "nein", described("managers", "no_qualification_a")],
  ]);
  return { sheet: "Förderbericht", columns: reportColumns, rows };
}

/** The second worksheet of the XLSX file: what the report is, for whom, and when it was made. */
export function reportAbout(report: FundingReport): ReportTable {
  return {
    sheet: "Angaben",
    columns: ["Angabe", "Wert"],
    rows: [
      ["Bericht", "Förderbericht Integrationsmanagement (Pakt für Integration)"],
      ["Mandant", report.tenantName],
      ["Zeitraum", `${report.from} bis ${report.to}`],
      ["Erstellt (UTC)", report.generatedAt.toISOString()],
      ["Anzahlen", report.audience === "funding_authority" ? "genau (für die Förderstelle)" : "1 bis 4 als <5 (für einen größeren Kreis)"],
    ],
  };
}

export function reportCsv(report: FundingReport, nameOf: FigureNamer): string {
  return germanCsv(reportTable(report, nameOf));
}

const mdCell = (value: string | number) => String(value).replaceAll("|", "\\|");

/** A Markdown document: one table per municipality. */
export function reportMarkdown(report: FundingReport): string {
  const counts = report.audience === "shared" ? 'Counts of 1 to 4 are shown as "<5".' : "Exact counts (for the funding authority).";
  const lines = [`# Funding report: ${mdCell(report.tenantName)}`, "", `Period ${report.from} to ${report.to}. ${counts}`, ""];
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

/** The text formats; XLSX is binary and written by the adapter from `reportTable` and `reportAbout`. */
export function formatReport(report: FundingReport, format: Exclude<ReportFormat, "xlsx">, nameOf: FigureNamer): string {
  switch (format) {
    case "csv":
      return reportCsv(report, nameOf);
    case "md":
      return reportMarkdown(report);
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
  }
}
