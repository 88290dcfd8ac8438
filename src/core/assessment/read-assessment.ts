import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { canAccessClient, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { toAssessmentView, type AssessmentView } from "./assessment-view.ts";

export const readAssessmentInput = z.object({
  clientId: idSchema,
  /** false: the non-sensitive part only, for a reader that shows nothing else (a chat), audited as such. */
  sensitive: z.boolean().default(true),
});

/** A client's assessment, or null when none was recorded; health and residence only at "notes" access. */
export async function readAssessment(deps: CoreDeps, actor: Actor, input: unknown): Promise<AssessmentView | null> {
  const { clientId, sensitive } = parseInput(readAssessmentInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, clientId, "basic");
    const sensitiveVisible = sensitive && canAccessClient(actor, client, assignments, "notes");
    const stored = await repositories.assessments.get(client.id);
    await recordAudit(deps, repositories, actor, {
      action: sensitiveVisible ? "assessment.read_sensitive" : "assessment.read",
      subjectKind: "assessment",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    if (!stored) return null;
    const ledger = sensitiveVisible ? await repositories.consents.listForClient(client.id) : [];
    return toAssessmentView(deps.crypto, stored, ledger, sensitiveVisible);
  });
}
