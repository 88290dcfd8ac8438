import { z } from "zod";
import type { Actor } from "../actor.ts";
import { clientsOfTenant } from "../counselling/list-periods.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { matchOutcomes, volunteerOffers, type MatchOutcome, type VolunteerOffer } from "./model.ts";

export const countMatchesInput = z
  .object({ tenantId: idSchema, municipalityId: idSchema.optional(), from: z.date(), to: z.date() })
  .refine((input) => input.from < input.to, { message: "from must be before to", path: ["to"] });

/** Volunteer matches of a period, as counts only (funding report: pact 1.2 and 1.3). */
export interface MatchCounts {
  /** Matches started in the period, by kind of help. */
  started: Record<VolunteerOffer, number>;
  /** Matches ended in the period, by outcome. */
  ended: Record<MatchOutcome, number>;
  /** Matches active at the end of the period. */
  activeAtEnd: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** For the funding report: volunteer matches started, ended (by outcome) and active, per tenant or municipality. */
export async function countVolunteerMatches(deps: CoreDeps, actor: Actor, input: unknown): Promise<MatchCounts> {
  const parsed = parseInput(countMatchesInput, input);
  const allowed =
    actor.kind === "system" ||
    actor.kind === "operator" ||
    (actor.kind === "staff" && actor.tenantId === parsed.tenantId && (actor.role === "supervisor" || actor.role === "admin"));
  if (!allowed) throw forbidden(`${actor.kind} may not count the matches of tenant ${parsed.tenantId}`);
  const counts: MatchCounts = { started: zeros(volunteerOffers), ended: zeros(matchOutcomes), activeAtEnd: 0 };
  const within = (at: Date) => at >= parsed.from && at < parsed.to;
  for await (const client of clientsOfTenant(deps.store, parsed.tenantId)) {
    if (parsed.municipalityId && client.municipalityId !== parsed.municipalityId) continue;
    for (const match of await deps.store.volunteerMatches.listForClient(client.id)) {
      if (within(match.startedAt)) counts.started[match.offer] += 1;
      if (match.endedAt && match.outcome && within(match.endedAt)) counts.ended[match.outcome] += 1;
      if (match.startedAt < parsed.to && (!match.endedAt || match.endedAt >= parsed.to)) counts.activeAtEnd += 1;
    }
  }
  return counts;
}
