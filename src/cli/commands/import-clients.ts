import { readFile } from "node:fs/promises";
import { operator } from "../../core/actor.ts";
import { importClients, type ImportRowPlan, type ImportResult } from "../../core/import/import-clients.ts";
import { UsageError, type CliCommand } from "../command.ts";
import { describeInvite } from "../invite-link.ts";
import { CsvEncodingError, csvEncodingNames, decodeCsv, type CsvEncoding } from "../csv-encoding.ts";

function describeRow(row: ImportRowPlan): string {
  const household = `household "${row.household.label}"${row.household.isNew ? " (new)" : " (with the row above)"}`;
  const municipality = row.municipality ? `, ${row.municipality.name}` : "";
  const assessment = row.assessmentFields.length > 0 ? `, assessment: ${row.assessmentFields.join(", ")}` : "";
  const started = row.caseStartedOn;
  const earlier = row.earlierWork
    ? `, handed over by ${row.earlierWork.agency} on ${row.earlierWork.handedOverOn}${row.earlierWork.withSummary ? " (with summary)" : ""}`
    : "";
  return `${row.name} (${row.language}), ${household}${municipality}, manager ${row.manager.name}, case started ${started}${assessment}${earlier}`;
}

async function readCsvFile(path: unknown): Promise<{ text: string; encoding: CsvEncoding }> {
  if (typeof path !== "string" || path.trim() === "") throw new UsageError("--file is required");
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read --file ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    return decodeCsv(bytes);
  } catch (error) {
    if (error instanceof CsvEncodingError) throw new UsageError(`--file ${path}: ${error.message}`);
    throw error;
  }
}

export const importClientsCommand: CliCommand = {
  path: ["import", "clients"],
  summary: "take over clients from a CSV file (all rows or none); --dry-run shows what would happen",
  usage: "lotse import clients --tenant ID --file CLIENTS.csv [--dry-run] [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    file: { type: "string", description: "CSV with a header: name, language, manager, and optional household, municipality, case_started, assessment columns" },
    "dry-run": { type: "boolean", description: "validate and print row by row what would happen; change nothing" },
  },
  async run(options, { deps }) {
    const { text: csv, encoding } = await readCsvFile(options.file);
    const result: ImportResult = await importClients(deps, operator, { tenantId: options.tenant, csv, dryRun: options["dry-run"] === true });
    const read = `Read ${String(options.file)} as ${csvEncodingNames[encoding]}.`;
    if (result.dryRun) {
      return {
        json: { dryRun: true, encoding, rows: result.rows },
        text: [
          read,
          ...result.rows.map((row) => `row ${row.row}: would import ${describeRow(row)}`),
          `Dry run: ${result.rows.length} client(s) would be imported; nothing was changed.`,
        ].join("\n"),
      };
    }
    const described = await Promise.all(result.rows.map(async (row) => ({ row, invite: await describeInvite(deps.store.settings, row.invite) })));
    return {
      json: { dryRun: false, encoding, rows: described.map(({ row, invite }) => ({ ...row, invite: invite.json })) },
      text: [
        read,
        ...described.map(({ row, invite }) => `row ${row.row}: imported ${describeRow(row)}\n  id: ${row.clientId}\n  ${invite.text.split("\n").join("\n  ")}`),
        `${result.rows.length} client(s) imported. Give each client their invite code.`,
      ].join("\n"),
    };
  },
};
