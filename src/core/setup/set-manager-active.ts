import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const setManagerActiveInput = z.object({ managerId: idSchema, active: z.boolean() });

export interface ManagerActivation {
  managerId: string;
  name: string;
  active: boolean;
  changed: boolean;
  /** Chat accounts switched off now (deactivation): the person's chats reach nothing any more. */
  chatAccountsSwitchedOff: number;
  /** Open cases still assigned to them (primary or shared): to hand over or reassign. */
  openCases: number;
}

/**
 * A staff member leaves (or returns): deactivated, their chat accounts are switched off at once, so their Telegram
 * and Teams chats no longer see or change any case, and nothing is sent to them; their cases stay assigned until
 * handed over (the count says how many). Reactivating needs a new invite (`lotse manager invite`). Operators
 * (command line) and the tenant's admin; audited.
 */
export async function setManagerActive(deps: CoreDeps, actor: Actor, input: unknown): Promise<ManagerActivation> {
  const parsed = parseInput(setManagerActiveInput, input);
  return deps.store.transaction(async (repositories) => {
    const manager = await repositories.managers.get(parsed.managerId);
    if (!manager) throw notFound("manager", parsed.managerId);
    assertCanSetUpTenant(actor, manager.tenantId);
    const changed = manager.active !== parsed.active;
    let switchedOff = 0;
    if (changed) await repositories.managers.setActive(manager.id, parsed.active);
    if (!parsed.active) {
      for (const identity of await repositories.identities.listForManager(manager.id)) {
        if (!identity.active) continue;
        await repositories.identities.update({ ...identity, active: false, deactivatedAt: deps.clock.now() });
        switchedOff += 1;
      }
    }
    if (changed) {
      await recordAudit(deps, repositories, actor, {
        action: parsed.active ? "manager.activate" : "manager.deactivate",
        subjectKind: "manager",
        subjectId: manager.id,
        tenantId: manager.tenantId,
      });
    }
    const { total } = await repositories.clients.search({ tenantId: manager.tenantId, managerId: manager.id, status: "open", limit: 1 });
    return { managerId: manager.id, name: manager.name, active: parsed.active, changed, chatAccountsSwitchedOff: switchedOff, openCases: total };
  });
}
