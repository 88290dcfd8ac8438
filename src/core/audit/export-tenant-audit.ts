import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { periodOf } from "../reports/build-funding-report.ts";
import type { ReportTable } from "../reports/table.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditLines, mayReadAuditOf, type AuditLine } from "./audit-lines.ts";
import { recordAudit } from "./record-audit.ts";

const localDate = z.iso.date("must be a calendar date YYYY-MM-DD");

export const exportTenantAuditInput = z.object({
  tenantId: idSchema,
  /** First and last day (inclusive), in the tenant's time zone. */
  from: localDate,
  to: localDate,
  /** Only what this staff member did. */
  staffId: idSchema.optional(),
});

export interface TenantAuditExport {
  tenantId: string;
  tenantName: string;
  from: string;
  to: string;
  staffId: string | null;
  exportedAt: Date;
  events: AuditLine[];
}

/**
 * A tenant's audit trail for a period, optionally of one staff member (`lotse audit export`): who read or changed
 * what, and when, for a data protection officer or an inspection. Ids, actions and staff names only, never a
 * client's name or a note. Operators and the tenant's admins; the export itself is audited.
 */
export async function exportTenantAudit(deps: CoreDeps, actor: Actor, input: unknown): Promise<TenantAuditExport> {
  const parsed = parseInput(exportTenantAuditInput, input);
  if (!mayReadAuditOf(actor, parsed.tenantId))
    throw forbidden(`${actor.kind === "staff" ? actor.role : actor.kind} may not export the audit trail of tenant ${parsed.tenantId}`);
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(parsed.tenantId);
    if (!tenant) throw notFound("tenant", parsed.tenantId);
    const period = periodOf(parsed.from, parsed.to, tenant.timezone);
    const staff = new Map((await repositories.managers.listByTenant(tenant.id)).map((m) => [m.id, m.name]));
    if (parsed.staffId !== undefined && !staff.has(parsed.staffId)) {
      throw new DomainError("invalid_input", `no staff member ${parsed.staffId} in tenant ${tenant.id}`, [
        { path: "staff", message: `no staff member with id ${parsed.staffId} in tenant ${tenant.id} (lotse manager list --tenant ${tenant.id})` },
      ]);
    }
    const events = await repositories.audit.listForTenant({
      tenantId: tenant.id,
      from: period.from,
      to: period.to,
      ...(parsed.staffId === undefined ? {} : { actorId: parsed.staffId }),
    });
    await recordAudit(deps, repositories, actor, { action: "audit.export", subjectKind: "tenant", subjectId: tenant.id, tenantId: tenant.id });
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      from: parsed.from,
      to: parsed.to,
      staffId: parsed.staffId ?? null,
      exportedAt: deps.clock.now(),
      events: auditLines(events, staff, () => ""),
    };
  });
}

/** The export as a table with German headings (for the German CSV). */
export function auditTable(data: TenantAuditExport): ReportTable {
  return {
    sheet: "Protokoll",
    columns: ["Zeit (UTC)", "Rolle", "Person-ID", "Person", "Aktion", "Gegenstand", "Gegenstand-ID", "Klient-ID"],
    rows: data.events.map((e) => [e.at.toISOString(), e.actorKind, e.actorId, e.actorName, e.action, e.subjectKind, e.subjectId, e.clientId ?? ""]),
  };
}
