import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { tenantZone } from "../reminders/recipient-zone.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { periodStatuses, type PeriodStatus } from "./model.ts";
import { counsellingPeriod } from "./period.ts";
import { clientsOfTenant } from "./list-periods.ts";

export const countByPeriodStatusInput = z.object({
  tenantId: idSchema,
  municipalityId: idSchema.optional(),
  /** The day the counts describe (default now); cases started later are left out. */
  at: z.date().optional(),
});

export type PeriodStatusCounts = Record<PeriodStatus, number>;

/**
 * For the funding report: how many cases are running, extended, ending soon, past their end or closed, per tenant
 * (optionally one municipality). Counts only, no names. For supervision, tenant admins and the system.
 */
export async function countCasesByPeriodStatus(deps: CoreDeps, actor: Actor, input: unknown): Promise<PeriodStatusCounts> {
  const parsed = parseInput(countByPeriodStatusInput, input);
  const allowed =
    actor.kind === "system" ||
    actor.kind === "operator" ||
    (actor.kind === "staff" && actor.tenantId === parsed.tenantId && (actor.role === "supervisor" || actor.role === "admin"));
  if (!allowed) throw forbidden(`${actor.kind} may not count the cases of tenant ${parsed.tenantId}`);
  const at = parsed.at ?? deps.clock.now();
  return deps.store.transaction(async (repositories) => {
    const counts = Object.fromEntries(periodStatuses.map((status) => [status, 0])) as PeriodStatusCounts;
    const zone = await tenantZone(repositories, parsed.tenantId, deps.defaultZone);
    for await (const client of clientsOfTenant(repositories, parsed.tenantId)) {
      if (parsed.municipalityId && client.municipalityId !== parsed.municipalityId) continue;
      if (client.caseStartedAt > at) continue;
      const extensions = (await repositories.counsellingExtensions.listForClient(client.id)).filter((e) => e.at <= at);
      const closedThen = client.status === "closed" && client.closedAt !== null && client.closedAt <= at;
      const period = counsellingPeriod(
        { caseStartedAt: client.caseStartedAt, status: closedThen ? "closed" : "open" },
        extensions,
        client.timezone ?? zone,
        at,
      );
      counts[period.status] += 1;
    }
    return counts;
  });
}
