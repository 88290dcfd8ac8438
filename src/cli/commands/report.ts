import { operator } from "../../core/actor.ts";
import { buildFundingReport } from "../../core/reports/build-funding-report.ts";
import { formatReport, reportFormats, type ReportFormat } from "../../core/reports/format-report.ts";
import { UsageError, type CliCommand } from "../command.ts";

const isFormat = (value: unknown): value is ReportFormat => reportFormats.includes(value as ReportFormat);

export const reportCommand: CliCommand = {
  path: ["report"],
  summary: "the funding report of a tenant for a period: counts only, 1 to 4 shown as <5",
  usage: "lotse report --tenant ID --from YYYY-MM-DD --to YYYY-MM-DD [--municipality ID] [--format csv|json|md]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    from: { type: "string", description: "first day of the period (YYYY-MM-DD, tenant's time zone)" },
    to: { type: "string", description: "last day of the period, inclusive" },
    municipality: { type: "string", description: "only this municipality" },
    format: { type: "string", description: "csv (default), json or md" },
  },
  async run(options, { deps }) {
    const format = options.format ?? "csv";
    if (!isFormat(format)) throw new UsageError("--format must be csv, json or md");
    const report = await buildFundingReport(deps, operator, {
      tenantId: options.tenant,
      from: options.from,
      to: options.to,
      ...(options.municipality === undefined ? {} : { municipalityId: options.municipality }),
    });
    return { json: report, text: formatReport(report, format).trimEnd() };
  },
};
