import { z } from "zod";
import { operator } from "../../core/actor.ts";
import { auditTable, exportTenantAudit } from "../../core/audit/export-tenant-audit.ts";
import { germanCsv } from "../../core/reports/table.ts";
import { UsageError, type CliCommand } from "../command.ts";
import { outOption, writeOut } from "../out-file.ts";

const formatOption = z.enum(["csv", "json"], { message: "must be csv or json" }).default("csv");

export const auditExportCommand: CliCommand = {
  path: ["audit", "export"],
  summary: "a tenant's audit trail for a period (who read or changed what, and when), optionally of one staff member: German CSV or JSON",
  usage: "lotse audit export --tenant ID --from YYYY-MM-DD --to YYYY-MM-DD [--staff ID] [--format csv|json] [--out FILE] [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    from: { type: "string", description: "first day of the period (YYYY-MM-DD, tenant's time zone)" },
    to: { type: "string", description: "last day of the period, inclusive" },
    staff: { type: "string", description: "only what this staff member did (a manager's, supervisor's or admin's id)" },
    format: { type: "string", description: "csv (default: German Excel's CSV with ;) or json" },
    out: { type: "string", description: "write the export to this new file and print a summary" },
  },
  async run(options, { deps }) {
    const format = formatOption.safeParse(options.format);
    if (!format.success) throw new UsageError(`--format: ${format.error.issues[0]?.message ?? "must be csv or json"}`);
    const out = await outOption(options.out);
    const data = await exportTenantAudit(deps, operator, {
      tenantId: options.tenant,
      from: options.from,
      to: options.to,
      ...(options.staff === undefined ? {} : { staffId: options.staff }),
    });
    const content = format.data === "csv" ? germanCsv(auditTable(data)) : `${JSON.stringify(data, null, 2)}\n`;
    if (out === null) return { json: data, text: content.trimEnd() };
    await writeOut(out, content);
    const whose = data.staffId ? ` of staff member ${data.staffId}` : "";
    return {
      json: {
        file: out,
        format: format.data,
        bytes: Buffer.byteLength(content),
        tenantId: data.tenantId,
        from: data.from,
        to: data.to,
        staffId: data.staffId,
        events: data.events.length,
      },
      text: `Audit trail of ${data.tenantName}${whose} (${data.from} to ${data.to}): ${data.events.length} entr${data.events.length === 1 ? "y" : "ies"} written to ${out} (${format.data}). Check the chain itself with: lotse audit verify`,
    };
  },
};
