import { z } from "zod";
import { xlsxWriter } from "../../app/xlsx.ts";
import { operator } from "../../core/actor.ts";
import { buildFundingReport } from "../../core/reports/build-funding-report.ts";
import { formatReport, reportAbout, reportFormats, reportTable } from "../../core/reports/format-report.ts";
import type { TextPart } from "../../core/dialog/messages.ts";
import { createTranslator } from "../../i18n/index.ts";
import { localesDir } from "../../i18n/locales-dir.ts";
import { UsageError, type CliCommand } from "../command.ts";
import { outOption, writeOut } from "../out-file.ts";

/** The command's own options, checked before the report is made (and audited). */
const reportOptions = z.object({
  format: z.enum(reportFormats, { message: `must be one of ${reportFormats.join(", ")}` }).default("csv"),
  audience: z.enum(["funding-authority", "shared"], { message: "must be funding-authority or shared" }).default("funding-authority"),
});

function parseOptions(options: Record<string, unknown>) {
  const parsed = reportOptions.safeParse({ format: options.format, audience: options.audience });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join("; "));
  return parsed.data;
}

export const reportCommand: CliCommand = {
  path: ["report"],
  summary: "the funding report of a tenant for a period: counts only (exact for the funding authority), as German CSV, XLSX, JSON or Markdown",
  usage:
    "lotse report --tenant ID --from YYYY-MM-DD --to YYYY-MM-DD [--municipality ID] [--format csv|xlsx|json|md] [--out FILE] [--audience funding-authority|shared]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    from: { type: "string", description: "first day of the period (YYYY-MM-DD, tenant's time zone)" },
    to: { type: "string", description: "last day of the period, inclusive" },
    municipality: { type: "string", description: "only this municipality" },
    format: { type: "string", description: "csv (default: German Excel's CSV with ;), xlsx (needs --out), json or md" },
    out: { type: "string", description: "write the report to this new file and print a summary" },
    audience: {
      type: "string",
      description: "funding-authority (default: exact counts) or shared (1 to 4 shown as <5, for a wider circle)",
    },
  },
  async run(options, { deps }) {
    const { format, audience } = parseOptions(options);
    const out = await outOption(options.out);
    if (format === "xlsx" && out === null) throw new UsageError("--out: --format xlsx writes a file; name it with --out FILE.xlsx");
    const report = await buildFundingReport(deps, operator, {
      tenantId: options.tenant,
      from: options.from,
      to: options.to,
      audience: audience === "shared" ? "shared" : "funding_authority",
      ...(options.municipality === undefined ? {} : { municipalityId: options.municipality }),
    });
    // The figures named in German, as the headings are: the file is for a German funding authority.
    const translator = createTranslator({ localesDir });
    const nameOf = (name: TextPart) => translator.renderText(name.key, name.params, "de");
    const content = format === "xlsx" ? await xlsxWriter.xlsx([reportTable(report, nameOf), reportAbout(report)]) : formatReport(report, format, nameOf);
    if (out === null) return { json: report, text: String(content).trimEnd() };
    await writeOut(out, content);
    const bytes = typeof content === "string" ? Buffer.byteLength(content) : content.length;
    const figures = report.municipalities.reduce((sum, block) => sum + block.figures.length, 0);
    return {
      json: { file: out, format, bytes, tenantId: report.tenantId, from: report.from, to: report.to, audience: report.audience },
      text: `Funding report of ${report.tenantName} (${report.from} to ${report.to}) written to ${out}: ${format}, ${bytes} bytes, ${report.municipalities.length} block(s), ${figures} figures, ${report.audience === "shared" ? "1 to 4 shown as <5" : "exact counts"}.`,
    };
  },
};
