import { z } from "zod";
import type { Actor } from "../actor.ts";
import { escalationHandledAction } from "../chat/card-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { managerAlertDueAt } from "../reminders/escalation-due.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { openHelpRequestAction } from "./actions.ts";
import { planAnswerKinds, type PlanAnswer } from "./model.ts";
import { auditPlan, loadPlanInScope, type PlanInScope, type PlanSubject } from "./plan-scope.ts";

export const answerPlanInput = z.object({
  planId: idSchema,
  /** The version the client read (the message they answer names it). */
  version: z.coerce.number().int().min(1),
  answer: z.enum(planAnswerKinds),
});

export const planQuestionMessageKey = "manager.escalation.plan_question";

/**
 * - `recorded`: the answer is kept (a question reached the manager);
 * - `repeated`: the same answer to the same version again (a double tap): nothing new;
 * - `outdated`: the plan has a newer version than the one read: nothing is recorded (the newer one is asked for).
 */
export type PlanAnswerOutcome = { kind: "recorded" | "repeated"; answer: PlanAnswer } | { kind: "outdated"; version: number };

/**
 * A question about the plan is an escalation for the primary manager, like a check-in's "I need help": it is a task
 * with an owner that stays on the agenda and the client card until it is handled, and the manager is told at once
 * (after their quiet hours). A client-manager message would need words the tap does not have.
 */
async function escalateQuestion(deps: CoreDeps, repositories: Repositories, scope: PlanInScope, subject: PlanSubject, version: number): Promise<void> {
  const open = (await repositories.escalations.listForClient(subject.client.id)).find(
    (e) => e.kind === "plan_question" && e.status === "open" && e.subjectId === scope.plan.id,
  );
  if (open) return;
  const managerId = primaryManagerId(subject.assignments) ?? scope.subjects.map((s) => primaryManagerId(s.assignments)).find(Boolean);
  if (!managerId) return;
  const now = deps.clock.now();
  const escalation: Escalation = {
    id: deps.ids.newId(),
    tenantId: scope.plan.tenantId,
    clientId: subject.client.id,
    managerId,
    kind: "plan_question",
    subjectId: scope.plan.id,
    status: "open",
    createdAt: now,
    resolvedAt: null,
  };
  await repositories.escalations.create(escalation);
  await planMessage(deps, repositories, {
    dedupeKey: `escalation:${escalation.id}`,
    tenantId: escalation.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: subject.client.id,
    ...outboxContent(planQuestionMessageKey, { clientName: subject.client.name, version, askedAt: now.toISOString() }),
    actions: [
      { labelKey: "manager_card.button.open_card", data: openHelpRequestAction.encode(escalation.id) },
      { labelKey: "manager_card.button.handled", data: escalationHandledAction.encode(escalation.id) },
    ],
    dueAt: await managerAlertDueAt(repositories, escalation.tenantId, now, deps.defaultZone),
  });
}

/**
 * A client answers the plan sent to them: "I agree" or "I have a question", kept with time and version (the plan
 * agreed in writing); a question reaches the primary manager.
 */
export async function answerPlan(deps: CoreDeps, actor: Actor, input: unknown): Promise<PlanAnswerOutcome> {
  const parsed = parseInput(answerPlanInput, input);
  if (actor.kind !== "client") throw forbidden("only a client answers their plan");
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "basic");
    const subject = scope.subjects.find((s) => s.client.id === actor.clientId);
    if (!subject) throw forbidden(`client ${actor.clientId} is not a person of plan ${scope.plan.id}`);
    if (parsed.version !== scope.plan.version) return { kind: "outdated", version: scope.plan.version };
    const earlier = (await repositories.planAnswers.listForPlan(scope.plan.id)).filter((a) => a.clientId === subject.client.id && a.version === parsed.version);
    const last = earlier.at(-1);
    if (last && last.answer === parsed.answer) return { kind: "repeated", answer: last };
    const answer: PlanAnswer = {
      id: deps.ids.newId(),
      planId: scope.plan.id,
      version: parsed.version,
      clientId: subject.client.id,
      answer: parsed.answer,
      at: deps.clock.now(),
    };
    await repositories.planAnswers.record(answer);
    if (answer.answer === "question") await escalateQuestion(deps, repositories, scope, subject, answer.version);
    await auditPlan(deps, repositories, actor, scope, `plan.answer:${answer.answer}`);
    return { kind: "recorded", answer };
  });
}
