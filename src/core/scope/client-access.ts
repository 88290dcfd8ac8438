import type { Actor } from "../actor.ts";
import type { CaseAssignment, Client } from "../cases/model.ts";
import { forbidden, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";

/**
 * What an actor wants to do with a client's case:
 * - "basic": see the case (name, language, appointments, plan, status) — caseload level;
 * - "notes": also read note texts and sensitive assessment fields;
 * - "write": change the case (plan, appointments, contacts, assessment, status).
 */
export type ClientAccess = "basic" | "notes" | "write";

/**
 * The scope rules, in one place:
 * - a manager: their own caseload and cases shared with them (primary or shared assignment), same tenant;
 * - a supervisor or tenant admin: every case of their tenant at "basic" level (caseloads and figures), never
 *   notes or changes of cases that are not assigned to them;
 * - a client: their own household's cases at "basic" level (their own answers go through dedicated use cases);
 * - the system (scheduled jobs): everything; the operator and strangers: nothing.
 */
export function canAccessClient(actor: Actor, client: Client, assignments: CaseAssignment[], access: ClientAccess): boolean {
  switch (actor.kind) {
    case "system":
      return true;
    case "client":
      return access === "basic" && actor.tenantId === client.tenantId && actor.householdId === client.householdId;
    case "staff": {
      if (actor.tenantId !== client.tenantId) return false;
      if (assignments.some((a) => a.managerId === actor.managerId)) return true;
      return access === "basic" && (actor.role === "supervisor" || actor.role === "admin");
    }
    default:
      return false;
  }
}

export interface ClientInScope {
  client: Client;
  assignments: CaseAssignment[];
}

/** Loads a client and checks the actor's access: `not_found` when there is no such client, `forbidden` when out of scope. */
export async function loadClientInScope(
  repositories: Pick<Repositories, "clients" | "assignments">,
  actor: Actor,
  clientId: string,
  access: ClientAccess,
): Promise<ClientInScope> {
  const client = await repositories.clients.get(clientId);
  if (!client || client.anonymizedAt) throw notFound("client", clientId);
  const assignments = await repositories.assignments.listForClient(clientId);
  if (!canAccessClient(actor, client, assignments, access)) {
    throw forbidden(`${actor.kind} may not ${access === "basic" ? "see" : access === "notes" ? "read notes of" : "change"} client ${clientId}`);
  }
  return { client, assignments };
}

/** The manager responsible for a case: the primary assignment, else the earliest shared one. */
export function primaryManagerId(assignments: CaseAssignment[]): string | null {
  return (assignments.find((a) => a.kind === "primary") ?? assignments[0])?.managerId ?? null;
}

/** Staff of a tenant acting on their own work (agenda, caseload). */
export function assertStaff(actor: Actor): asserts actor is Extract<Actor, { kind: "staff" }> {
  if (actor.kind !== "staff") throw forbidden(`${actor.kind} is not staff`);
}
