import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { AssessmentVersion } from "./model.ts";

export const listAssessmentVersionsInput = z.object({ clientId: idSchema, limit: z.number().int().min(1).max(50).default(5) });

export interface AssessmentHistory {
  /** The newest versions first, at most `limit`. */
  versions: AssessmentVersion[];
  /** Whether older versions exist beyond those (all of them are in the export). */
  more: boolean;
}

/**
 * The assessment's history for everyone who may see the case: its latest dated versions, who recorded them and
 * which sections changed, with the non-sensitive data of each (health and residence never go into a version).
 */
export async function listAssessmentVersions(deps: CoreDeps, actor: Actor, input: unknown): Promise<AssessmentHistory> {
  const { clientId, limit } = parseInput(listAssessmentVersionsInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "basic");
    const versions = await repositories.assessmentVersions.listForClient(client.id, limit + 1);
    await recordAudit(deps, repositories, actor, {
      action: "assessment.versions.read",
      subjectKind: "assessment",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { versions: versions.slice(0, limit), more: versions.length > limit };
  });
}
