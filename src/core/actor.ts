import type { ManagerRole } from "./shared/values.ts";

/**
 * Who acts. Every use case receives one and checks scope against it.
 * - operator: a person at the admin command line of the installation (sets up tenants).
 * - staff: a linked manager, supervisor or tenant admin.
 * - client: a linked client (sees only their own household).
 * - volunteer: a linked volunteer (sees only their own matches, with the client's first name and language; no
 *   other use case accepts them).
 * - system: scheduled jobs inside Lotse.
 * - stranger: an unlinked chat user.
 */
export type Actor =
  | { kind: "operator" }
  | { kind: "staff"; managerId: string; tenantId: string; role: ManagerRole }
  | { kind: "client"; clientId: string; householdId: string; tenantId: string }
  | { kind: "volunteer"; volunteerId: string; tenantId: string }
  | { kind: "system" }
  | { kind: "stranger" };

export const operator: Actor = { kind: "operator" };
export const system: Actor = { kind: "system" };

export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case "staff":
      return actor.managerId;
    case "client":
      return actor.clientId;
    case "volunteer":
      return actor.volunteerId;
    default:
      return actor.kind;
  }
}
