import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { IntegrationPlan } from "./model.ts";

export const listClientPlansInput = z.object({ clientId: idSchema });

/** The plans that concern a client: their own plan and their household's plan (either may be missing). */
export async function listClientPlans(deps: CoreDeps, actor: Actor, input: unknown): Promise<IntegrationPlan[]> {
  const { clientId } = parseInput(listClientPlansInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "basic");
    const own = await repositories.plans.findForClient(client.id);
    const household = await repositories.plans.findForHousehold(client.householdId);
    await recordAudit(deps, repositories, actor, {
      action: "plan.list",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return [own, household].filter((plan): plan is IntegrationPlan => plan !== null);
  });
}
