import type { MessageParam } from "../dialog/messages.ts";
import type { Escalation } from "../escalations/model.ts";
import type { Repositories } from "../ports/store.ts";
import { staffStepTitle } from "./step-title.ts";

/**
 * The step a help request is about, by its title for staff ("Anmeldung zum Integrationskurs"), so that the agenda and
 * the card say what the client needs help with; null for other requests, or a step no longer there.
 */
export async function helpRequestStep(
  repositories: Pick<Repositories, "steps">,
  escalation: Pick<Escalation, "kind" | "subjectId">,
): Promise<MessageParam | null> {
  if (escalation.kind !== "need_help" || !escalation.subjectId) return null;
  const step = await repositories.steps.get(escalation.subjectId);
  return step ? staffStepTitle(step) : null;
}
