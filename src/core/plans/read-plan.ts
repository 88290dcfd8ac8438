import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditPlan, loadPlanInScope, mayAccessPlan } from "./plan-scope.ts";
import type { PlanAnswerKind } from "./model.ts";
import { loadGoalsWithSteps, toPlanView, type PlanView } from "./plan-view.ts";

export const readPlanInput = z.object({ planId: idSchema });

/** A person's latest answer to the plan sent for agreement: which version, agreed or a question, when. */
export interface PlanAnswerView {
  clientName: string;
  version: number;
  answer: PlanAnswerKind;
  at: Date;
}

/** The plan as read, with each of its people's latest answer to it (the plan agreed in writing), oldest first. */
export type ReadPlanView = PlanView & { answers: PlanAnswerView[] };

/** A plan with its goals and steps: for its people, their managers and supervisors; step notes only at "notes" access. */
export async function readPlan(deps: CoreDeps, actor: Actor, input: unknown): Promise<ReadPlanView> {
  const { planId } = parseInput(readPlanInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, planId, "basic");
    const notesVisible = mayAccessPlan(actor, scope.subjects, "notes");
    const { goals, steps } = await loadGoalsWithSteps(repositories, planId);
    await auditPlan(deps, repositories, actor, scope, notesVisible ? "plan.read_with_notes" : "plan.read");
    const latest = new Map<string, PlanAnswerView>();
    for (const answer of await repositories.planAnswers.listForPlan(planId)) {
      const subject = scope.subjects.find((s) => s.client.id === answer.clientId);
      if (subject) latest.set(answer.clientId, { clientName: subject.client.name, version: answer.version, answer: answer.answer, at: answer.at });
    }
    return {
      ...toPlanView(deps.crypto, scope.plan, goals, steps, notesVisible),
      answers: [...latest.values()].sort((a, b) => a.at.getTime() - b.at.getTime()),
    };
  });
}
