import type { Actor } from "../actor.ts";
import type { AuditEvent } from "./model.ts";

/** An audit entry as a data protection officer reads it: who (with the staff member's name), did what, to what. */
export interface AuditLine {
  at: Date;
  /** manager | supervisor | admin | volunteer | client | system | operator */
  actorKind: string;
  actorId: string;
  /** The staff member's name; for anyone else what `otherwise` gives (ids only, never a client's name). */
  actorName: string;
  action: string;
  subjectKind: string;
  subjectId: string;
  clientId: string | null;
}

/** Who may read a tenant's audit trail (a client's, or the export): operators and that tenant's admins. */
export const mayReadAuditOf = (actor: Actor, tenantId: string): boolean =>
  actor.kind === "operator" || (actor.kind === "staff" && actor.role === "admin" && actor.tenantId === tenantId);

/** Entries as lines, each actor named from the tenant's staff (`staffNames`: id → name) or by `otherwise`. */
export function auditLines(events: AuditEvent[], staffNames: ReadonlyMap<string, string>, otherwise: (event: AuditEvent) => string): AuditLine[] {
  return events.map((event) => ({
    at: event.at,
    actorKind: event.actorKind,
    actorId: event.actorId,
    actorName: staffNames.get(event.actorId) ?? otherwise(event),
    action: event.action,
    subjectKind: event.subjectKind,
    subjectId: event.subjectId,
    clientId: event.clientId,
  }));
}
