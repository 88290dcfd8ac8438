import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";

/** Set-up (tenants, municipalities, staff) is for the operator, and for a tenant's admin within that tenant. */
export function assertCanSetUpTenant(actor: Actor, tenantId: string): void {
  if (actor.kind === "operator") return;
  if (actor.kind === "staff" && actor.role === "admin" && actor.tenantId === tenantId) return;
  throw forbidden(`${actor.kind} may not set up tenant ${tenantId}`);
}

export function assertOperator(actor: Actor): void {
  if (actor.kind !== "operator") throw forbidden(`${actor.kind} may not create tenants`);
}

/**
 * The tenant's staff and municipalities as lists (who works here, with which role, qualification and caseload): the
 * operator, and the tenant's supervisors and admins (the Fachaufsicht sees the team's composition).
 */
export function assertCanSeeStaff(actor: Actor, tenantId: string): void {
  if (actor.kind === "operator") return;
  if (actor.kind === "staff" && (actor.role === "supervisor" || actor.role === "admin") && actor.tenantId === tenantId) return;
  throw forbidden(`${actor.kind === "staff" ? actor.role : actor.kind} may not list the staff of tenant ${tenantId}`);
}
