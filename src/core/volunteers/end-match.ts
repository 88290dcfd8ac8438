import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { matchOutcomes, type VolunteerMatch } from "./model.ts";
import { meetingKeyPrefix } from "./set-first-meeting.ts";

export const endMatchInput = z.object({ matchId: idSchema, outcome: z.enum(matchOutcomes) });

/** A match ends with a short outcome (for the funding report: counts, no names). */
export async function endVolunteerMatch(deps: CoreDeps, actor: Actor, input: unknown): Promise<VolunteerMatch> {
  const parsed = parseInput(endMatchInput, input);
  return deps.store.transaction(async (repositories) => {
    const match = await repositories.volunteerMatches.get(parsed.matchId);
    if (!match) throw notFound("match", parsed.matchId);
    await loadClientInScope(repositories, actor, match.clientId, "write");
    if (match.status === "ended") throw new DomainError("conflict", "the match has ended");
    const ended: VolunteerMatch = { ...match, status: "ended", outcome: parsed.outcome, endedAt: deps.clock.now() };
    await repositories.volunteerMatches.update(ended);
    // A first meeting still to come is off: its notices and reminders still waiting are not sent.
    await repositories.outbox.cancelPendingByPrefix(meetingKeyPrefix(match.id));
    await recordAudit(deps, repositories, actor, {
      action: `volunteer.match_end:${parsed.outcome}`,
      subjectKind: "volunteer_match",
      subjectId: match.id,
      tenantId: match.tenantId,
      clientId: match.clientId,
    });
    return ended;
  });
}
