import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { StoredAssessment } from "../assessment/model.ts";
import { addAssessmentVersion } from "../assessment/versions.ts";
import type { Client, Household } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound, type ErrorIssue } from "../errors.ts";
import { saveRecord } from "../handover/record-earlier-social-work.ts";
import { issueInvite } from "../invites/issue-invite.ts";
import type { IssuedInvite } from "../invites/model.ts";
import type { Repositories } from "../ports/store.ts";
import type { Manager, Municipality } from "../setup/model.ts";
import { assertCanSetUpTenant } from "../setup/setup-scope.ts";
import { searchKey } from "../shared/search-key.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { assessmentOfRow, clientRowSchema, importColumns, requiredColumns, type ClientRow } from "./client-row.ts";
import { CsvSyntaxError, parseCsv, type CsvTable } from "./csv.ts";

export const importClientsInput = z.object({
  tenantId: idSchema,
  /** The CSV file's text. */
  csv: z.string().max(5_000_000, "the file is too large (at most 5 MB)"),
  dryRun: z.boolean().default(false),
});

export const MAX_IMPORT_ROWS = 2000;

/** What happens (or would happen) with one row. */
export interface ImportRowPlan {
  row: number;
  name: string;
  language: string;
  household: { label: string; isNew: boolean };
  municipality: { id: string; name: string } | null;
  manager: { id: string; name: string };
  caseStartedAt: Date;
  /** The case start as a local date (YYYY-MM-DD) in the tenant's zone. */
  caseStartedOn: string;
  assessmentFields: string[];
  /** The refugee social work that handed the case over, and the day (YYYY-MM-DD); null when the row names none. */
  earlierWork: { agency: string; handedOverOn: string; withSummary: boolean } | null;
}

export interface ImportedRow extends ImportRowPlan {
  clientId: string;
  invite: IssuedInvite;
}

export type ImportResult = { dryRun: true; rows: ImportRowPlan[] } | { dryRun: false; rows: ImportedRow[] };

/** Tenant lookups a row's names resolve against. */
interface TenantIndex {
  timezone: string;
  municipalities: Municipality[];
  managers: Manager[];
}

function issue(row: number, column: string | null, message: string): ErrorIssue {
  return { path: "", message: column ? `row ${row}, column ${column}: ${message}` : `row ${row}: ${message}` };
}

function checkHeader(table: CsvTable): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (!importColumns.includes(column)) problems.push(issue(1, column || "(empty)", `unknown column (known: ${importColumns.join(", ")})`));
    else if (seen.has(column)) problems.push(issue(1, column, "column appears twice"));
    seen.add(column);
  }
  for (const column of requiredColumns) if (!seen.has(column)) problems.push(issue(1, column, "required column is missing"));
  if (table.rows.length === 0) problems.push(issue(2, null, "the file has no client rows"));
  if (table.rows.length > MAX_IMPORT_ROWS) problems.push(issue(2, null, `at most ${MAX_IMPORT_ROWS} rows per file`));
  return problems;
}

/** Finds an entry by id or by its name (case and accents do not matter); an ambiguous name is an error. */
function byIdOrName<T extends { id: string; name: string }>(entries: T[], value: string): T | "ambiguous" | null {
  const byId = entries.find((e) => e.id === value);
  if (byId) return byId;
  const named = entries.filter((e) => searchKey(e.name) === searchKey(value));
  if (named.length > 1) return "ambiguous";
  return named[0] ?? null;
}

function cellsOf(table: CsvTable, cells: string[]): Record<string, string> {
  return Object.fromEntries(table.columns.map((column, i) => [column, cells[i] ?? ""]).filter(([column]) => column !== ""));
}

interface ValidRow {
  number: number;
  row: ClientRow;
  municipality: Municipality | null;
  manager: Manager;
  caseStartedAt: Date;
  caseStartedOn: string;
}

function localDate(at: Date, zone: string): string {
  const { year, month, day } = localParts(at, zone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function validateRow(table: CsvTable, rowNumber: number, cells: string[], index: TenantIndex, now: Date): ValidRow | ErrorIssue[] {
  if (cells.length > table.columns.length) return [issue(rowNumber, null, `has ${cells.length} cells but the header has ${table.columns.length} columns`)];
  const parsed = clientRowSchema.safeParse(cellsOf(table, cells));
  if (!parsed.success) return parsed.error.issues.map((i) => issue(rowNumber, String(i.path[0] ?? "") || null, i.message));
  const row = parsed.data;
  const problems: ErrorIssue[] = [];
  let municipality: Municipality | null = null;
  if (row.municipality) {
    const found = byIdOrName(index.municipalities, row.municipality);
    if (found === "ambiguous") problems.push(issue(rowNumber, "municipality", `"${row.municipality}" names several municipalities; use the id`));
    else if (!found) problems.push(issue(rowNumber, "municipality", `unknown municipality "${row.municipality}"`));
    else municipality = found;
  }
  const manager = byIdOrName(index.managers, row.manager);
  if (manager === "ambiguous") problems.push(issue(rowNumber, "manager", `"${row.manager}" names several managers; use the id`));
  else if (!manager) problems.push(issue(rowNumber, "manager", `unknown manager "${row.manager}"`));
  else if (manager.role === "supervisor") problems.push(issue(rowNumber, "manager", `${manager.name} is a supervisor and does not take on cases`));
  else if (!manager.active) problems.push(issue(rowNumber, "manager", `${manager.name} is no longer active`));
  let caseStartedAt = now;
  if (row.case_started) {
    const [year, month, day] = row.case_started.split("-").map(Number);
    caseStartedAt = zonedLocalToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0 }, index.timezone);
    if (caseStartedAt > now) problems.push(issue(rowNumber, "case_started", "must not be in the future"));
  }
  problems.push(...earlierWorkProblems(row, rowNumber, index.timezone, now));
  if (problems.length > 0 || !manager || manager === "ambiguous") return problems;
  return { number: rowNumber, row, municipality, manager, caseStartedAt, caseStartedOn: row.case_started ?? localDate(now, index.timezone) };
}

/** The earlier refugee social work is named whole (agency and day), and the day has taken place. */
function earlierWorkProblems(row: ClientRow, rowNumber: number, zone: string, now: Date): ErrorIssue[] {
  const named = row.earlier_agency !== undefined || row.earlier_handover !== undefined || row.earlier_summary !== undefined;
  if (!named) return [];
  const problems: ErrorIssue[] = [];
  if (row.earlier_agency === undefined) problems.push(issue(rowNumber, "earlier_agency", "name the agency of the earlier refugee social work"));
  if (row.earlier_handover === undefined) problems.push(issue(rowNumber, "earlier_handover", "give the day of the handover like 2025-02-15"));
  else {
    const [year, month, day] = row.earlier_handover.split("-").map(Number);
    const at = zonedLocalToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0 }, zone);
    if (at > now) problems.push(issue(rowNumber, "earlier_handover", "must not be in the future"));
  }
  return problems;
}

/** Rows of the same household label share one household; the label must mean the same municipality. */
function householdKey(row: ClientRow): string {
  return searchKey(row.household ?? row.name);
}

async function findDuplicate(repositories: Repositories, tenantId: string, valid: ValidRow): Promise<boolean> {
  const { clients } = await repositories.clients.search({ tenantId, nameContains: valid.row.name, limit: 50 });
  for (const client of clients) {
    if (searchKey(client.name) !== searchKey(valid.row.name)) continue;
    const household = await repositories.households.get(client.householdId);
    if (household && searchKey(household.label) === householdKey(valid.row)) return true;
  }
  return false;
}

async function validateAll(repositories: Repositories, tenantId: string, table: CsvTable, index: TenantIndex, now: Date) {
  const problems: ErrorIssue[] = checkHeader(table);
  const valid: ValidRow[] = [];
  if (problems.length > 0) return { problems, valid };
  const seen = new Map<string, number>();
  const householdMunicipality = new Map<string, string | null>();
  for (const { number, cells } of table.rows) {
    const result = validateRow(table, number, cells, index, now);
    if (Array.isArray(result)) {
      problems.push(...result);
      continue;
    }
    const key = `${searchKey(result.row.name)}\u0000${householdKey(result.row)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(issue(number, "name", `the same person as row ${earlier}`));
    else if (await findDuplicate(repositories, tenantId, result)) problems.push(issue(number, "name", "this client already exists in this household"));
    seen.set(key, earlier ?? number);
    const household = householdKey(result.row);
    const municipalityId = result.municipality?.id ?? null;
    if (householdMunicipality.has(household) && householdMunicipality.get(household) !== municipalityId) {
      problems.push(issue(number, "municipality", "differs from an earlier row of the same household"));
    }
    householdMunicipality.set(household, municipalityId);
    valid.push(result);
  }
  return { problems, valid };
}

function planOf(valid: ValidRow, householdIsNew: boolean): ImportRowPlan {
  const assessment = assessmentOfRow(valid.row);
  return {
    row: valid.number,
    name: valid.row.name,
    language: valid.row.language,
    household: { label: valid.row.household ?? valid.row.name, isNew: householdIsNew },
    municipality: valid.municipality ? { id: valid.municipality.id, name: valid.municipality.name } : null,
    manager: { id: valid.manager.id, name: valid.manager.name },
    caseStartedAt: valid.caseStartedAt,
    caseStartedOn: valid.caseStartedOn,
    assessmentFields: assessment ? Object.keys(assessment) : [],
    earlierWork:
      valid.row.earlier_agency && valid.row.earlier_handover
        ? { agency: valid.row.earlier_agency, handedOverOn: valid.row.earlier_handover, withSummary: valid.row.earlier_summary !== undefined }
        : null,
  };
}

/** The row's record of what the earlier refugee social work handed over (the summary sealed like a handover note). */
async function recordEarlierWorkOfRow(
  deps: CoreDeps,
  repositories: Repositories,
  given: { row: ClientRow; clientId: string; managerId: string; zone: string },
): Promise<void> {
  const { row } = given;
  if (!row.earlier_agency || !row.earlier_handover) return;
  await saveRecord(deps, repositories, {
    clientId: given.clientId,
    agency: row.earlier_agency,
    handedOverOn: row.earlier_handover,
    summary: row.earlier_summary,
    toManagerId: given.managerId,
    zone: given.zone,
  });
}

async function importRow(
  deps: CoreDeps,
  repositories: Repositories,
  actor: Actor,
  tenant: { id: string; timezone: string },
  valid: ValidRow,
  households: Map<string, Household>,
): Promise<ImportedRow> {
  const tenantId = tenant.id;
  const zone = tenant.timezone;
  const now = deps.clock.now();
  const key = householdKey(valid.row);
  let household = households.get(key);
  const householdIsNew = !household;
  if (!household) {
    household = {
      id: deps.ids.newId(),
      tenantId,
      municipalityId: valid.municipality?.id ?? null,
      label: valid.row.household ?? valid.row.name,
      createdAt: now,
    };
    await repositories.households.create(household);
    households.set(key, household);
  }
  const client: Client = {
    id: deps.ids.newId(),
    tenantId,
    householdId: household.id,
    municipalityId: valid.municipality?.id ?? null,
    name: valid.row.name,
    language: valid.row.language,
    timezone: null,
    status: "open",
    caseStartedAt: valid.caseStartedAt,
    closedAt: null,
    anonymizedAt: null,
    createdAt: now,
  };
  await repositories.clients.create(client);
  await repositories.assignments.assign({ clientId: client.id, managerId: valid.manager.id, kind: "primary", createdAt: now });
  const data = assessmentOfRow(valid.row);
  if (data) {
    const assessment: StoredAssessment = { clientId: client.id, data, sensitive: null, updatedAt: now, updatedBy: "import" };
    await repositories.assessments.put(assessment);
    await addAssessmentVersion(repositories, client.id, { data: {}, gender: null }, { data, gender: null }, { at: now, by: "import" });
  }
  await recordEarlierWorkOfRow(deps, repositories, { row: valid.row, clientId: client.id, managerId: valid.manager.id, zone });
  const invite = await issueInvite(deps, repositories, { purpose: "link_client", tenantId, clientId: client.id });
  await recordAudit(deps, repositories, actor, { action: "client.import", subjectKind: "client", subjectId: client.id, tenantId, clientId: client.id });
  return { ...planOf(valid, householdIsNew), clientId: client.id, invite };
}

/**
 * Takes over clients that the earlier refugee social work recorded (pact 1.1 and 1.3), from a CSV file: every row
 * is validated, errors name row and column, and either every row is imported or none (one transaction). A dry
 * run only says what would happen. Imported clients get an invite like any new client.
 */
export async function importClients(deps: CoreDeps, actor: Actor, input: unknown): Promise<ImportResult> {
  const parsed = parseInput(importClientsInput, input);
  assertCanSetUpTenant(actor, parsed.tenantId);
  let table: CsvTable;
  try {
    table = parseCsv(parsed.csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new DomainError("invalid_input", error.message, [issue(error.rowNumber, null, error.message)]);
    throw error;
  }
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(parsed.tenantId);
    if (!tenant) throw notFound("tenant", parsed.tenantId);
    const index: TenantIndex = {
      timezone: tenant.timezone,
      municipalities: await repositories.municipalities.listByTenant(tenant.id),
      managers: await repositories.managers.listByTenant(tenant.id),
    };
    const { problems, valid } = await validateAll(repositories, tenant.id, table, index, deps.clock.now());
    if (problems.length > 0) throw new DomainError("invalid_input", `${problems.length} problem(s) in the file; nothing was imported`, problems);
    if (parsed.dryRun) {
      const firstOfHousehold = new Set<string>();
      const rows = valid.map((v) => {
        const key = householdKey(v.row);
        const isNew = !firstOfHousehold.has(key);
        firstOfHousehold.add(key);
        return planOf(v, isNew);
      });
      return { dryRun: true, rows };
    }
    const households = new Map<string, Household>();
    const rows: ImportedRow[] = [];
    for (const row of valid) rows.push(await importRow(deps, repositories, actor, tenant, row, households));
    return { dryRun: false, rows };
  });
}
