import type { Actor } from "../actor.ts";
import { DomainError, forbidden } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import type { Municipality } from "../setup/model.ts";

/** The register is kept by managers and tenant admins (and the operator at the command line). */
export function assertCanKeepRegister(actor: Actor): void {
  if (actor.kind === "operator") return;
  if (actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin")) return;
  throw forbidden(`${actor.kind} may not keep the volunteer register`);
}

/** A municipality the actor may register volunteers for: any for the operator, their tenant's for staff. */
export async function municipalityFor(repositories: Pick<Repositories, "municipalities">, actor: Actor, municipalityId: string): Promise<Municipality> {
  const municipality = await repositories.municipalities.get(municipalityId);
  if (!municipality || (actor.kind === "staff" && municipality.tenantId !== actor.tenantId)) {
    throw new DomainError("invalid_input", "unknown municipality", [{ path: "municipalityId", message: "unknown municipality" }]);
  }
  return municipality;
}

/** The first word of a name: all a volunteer learns about a client's identity. */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? "";
