import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import { loadNewManager } from "../handover/hand-over-case.ts";
import { reassignCaseload, type ReassignedCaseload } from "../handover/reassign-caseload.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { setManagerActive, type ManagerActivation } from "./set-manager-active.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const deactivateManagerInput = z.object({
  managerId: idSchema,
  /** Who takes over the open cases, in the same step (each a handover with its messages). */
  reassignTo: idSchema.optional(),
  /** Switch the accounts off now and hand the cases over later (an urgent lock-out): said explicitly. */
  reassignLater: z.boolean().default(false),
});

export interface ManagerDeactivation extends ManagerActivation {
  /** The cases handed over in the same step, or null when none were named to take them. */
  reassigned: ReassignedCaseload | null;
}

/**
 * A staff member leaves: their chat accounts are switched off at once (setManagerActive) and their open cases go to a
 * colleague in the same step (reassignCaseload: each a normal handover, the client introduced, the colleague told).
 * With open cases and nobody named, nothing changes, unless "reassign later" is said (an urgent lock-out): then the
 * cases wait for `manager reassign`, and their clients' messages reach nobody until then. Operators and the tenant's
 * admin; audited by the use cases it runs.
 */
export async function deactivateManager(deps: CoreDeps, actor: Actor, input: unknown): Promise<ManagerDeactivation> {
  const parsed = parseInput(deactivateManagerInput, input);
  const manager = await deps.store.managers.get(parsed.managerId);
  if (!manager) throw notFound("manager", parsed.managerId);
  assertCanSetUpTenant(actor, manager.tenantId);
  if (parsed.reassignTo) {
    await loadNewManager(deps.store, manager.tenantId, parsed.reassignTo, manager.id).catch(() => {
      throw new DomainError("invalid_input", `cannot reassign to ${parsed.reassignTo}`, [
        { path: "reassignTo", message: "must be another active staff member of the same tenant" },
      ]);
    });
  } else if (!parsed.reassignLater) {
    const open = await openCases(deps, manager.tenantId, manager.id);
    if (open > 0) {
      throw new DomainError("conflict", `${manager.name} has ${open} open case(s)`, [
        { path: "reassignTo", message: `${open} open case(s) are assigned to ${manager.name}: name who takes them over` },
      ]);
    }
  }
  const activation = await setManagerActive(deps, actor, { managerId: manager.id, active: false });
  const reassigned = parsed.reassignTo ? await reassignCaseload(deps, actor, { fromManagerId: manager.id, toManagerId: parsed.reassignTo }) : null;
  return { ...activation, openCases: reassigned ? await openCases(deps, manager.tenantId, manager.id) : activation.openCases, reassigned };
}

async function openCases(deps: Pick<CoreDeps, "store">, tenantId: string, managerId: string): Promise<number> {
  return (await deps.store.clients.search({ tenantId, managerId, status: "open", limit: 1 })).total;
}
