import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { escalationHandledAction } from "../chat/card-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { openHelpRequestAction } from "./actions.ts";
import { isFinished, planNextCheckIn, settleWhenFinished, stepParam } from "./check-ins.ts";
import { checkInAnswers, type CheckIn, type CheckInAnswer, type PlanStep } from "./model.ts";
import { auditPlan, loadStepInScope, type PlanInScope, type PlanSubject } from "./plan-scope.ts";
import { managerAlertDueAt } from "../reminders/escalation-due.ts";

export const answerCheckInInput = z.object({
  stepId: idSchema,
  answer: z.enum(checkInAnswers),
  /** Whose answer it is; a client answers for themself, staff name the client (optional for a client's own plan). */
  clientId: idSchema.optional(),
});

export const needHelpMessageKey = "manager.escalation.need_help";

export interface AnsweredCheckIn {
  checkIn: CheckIn;
  step: PlanStep;
  escalation: Escalation | null;
}

function answeringSubject(actor: Actor, scope: PlanInScope, requestedClientId: string | undefined): PlanSubject {
  if (actor.kind === "client" && requestedClientId !== undefined && requestedClientId !== actor.clientId) {
    throw forbidden("a client answers only for themself");
  }
  const clientId = actor.kind === "client" ? actor.clientId : (requestedClientId ?? scope.plan.clientId);
  if (!clientId) throw new DomainError("invalid_input", "whose answer is it?", [{ path: "clientId", message: "required for a household plan" }]);
  const subject = scope.subjects.find((s) => s.client.id === clientId);
  if (!subject) throw forbidden(`client ${clientId} is not a person of plan ${scope.plan.id}`);
  return subject;
}

function stepAfterAnswer(step: PlanStep, answer: CheckInAnswer, at: Date): PlanStep {
  const status = answer === "need_help" || isFinished(step.status) ? step.status : answer;
  return { ...step, status, lastCheckinAt: at };
}

function responsibleManagerId(scope: PlanInScope, subject: PlanSubject): string {
  const managerId = primaryManagerId(subject.assignments) ?? scope.subjects.map((s) => primaryManagerId(s.assignments)).find(Boolean);
  if (!managerId) throw new DomainError("conflict", `nobody manages the case of client ${subject.client.id}`);
  return managerId;
}

/**
 * "I need help": an escalation for the primary manager and an immediate message to them with a button to open it.
 * While that request is open, asking again about the same step (a double tap, an impatient second tap) opens no
 * second one: the manager has been told.
 */
async function escalateNeedHelp(deps: CoreDeps, repositories: Repositories, scope: PlanInScope, subject: PlanSubject, step: PlanStep): Promise<Escalation> {
  const open = (await repositories.escalations.listForClient(subject.client.id)).find(
    (e) => e.kind === "need_help" && e.status === "open" && e.subjectId === step.id,
  );
  if (open) return open;
  const now = deps.clock.now();
  const escalation: Escalation = {
    id: deps.ids.newId(),
    tenantId: scope.plan.tenantId,
    clientId: subject.client.id,
    managerId: responsibleManagerId(scope, subject),
    kind: "need_help",
    subjectId: step.id,
    status: "open",
    createdAt: now,
    resolvedAt: null,
  };
  await repositories.escalations.create(escalation);
  await planMessage(deps, repositories, {
    dedupeKey: `escalation:${escalation.id}`,
    tenantId: escalation.tenantId,
    recipientKind: "manager",
    recipientId: escalation.managerId,
    clientId: subject.client.id,
    // When the client asked: the message may wait for the manager's quiet hours to end, and says how long.
    ...outboxContent(needHelpMessageKey, { clientName: subject.client.name, stepKey: stepParam(step), askedAt: now.toISOString() }),
    actions: [
      { labelKey: "actions.escalation.open", data: openHelpRequestAction.encode(escalation.id) },
      { labelKey: "manager_card.button.handled", data: escalationHandledAction.encode(escalation.id) },
    ],
    dueAt: await managerAlertDueAt(repositories, escalation.tenantId, now, deps.defaultZone),
  });
  return escalation;
}

/**
 * A client answers a check-in question about a step (or staff record the answer for them): "done" and "in progress"
 * move the step, "need help" alerts the primary manager. Every answer is kept.
 */
export async function answerCheckIn(deps: CoreDeps, actor: Actor, input: unknown): Promise<AnsweredCheckIn> {
  const parsed = parseInput(answerCheckInInput, input);
  return deps.store.transaction(async (repositories) => {
    const { step, goal: _goal, ...scope } = await loadStepInScope(repositories, actor, parsed.stepId, actor.kind === "client" ? "basic" : "write");
    const subject = answeringSubject(actor, scope, parsed.clientId);
    const now = deps.clock.now();
    const checkIn: CheckIn = { id: deps.ids.newId(), stepId: step.id, clientId: subject.client.id, answer: parsed.answer, at: now };
    await repositories.checkIns.record(checkIn);
    const answered = stepAfterAnswer(step, parsed.answer, now);
    await repositories.steps.update(answered);
    if (answered.status !== step.status) await repositories.plans.touch(scope.plan.id, now);
    await settleWhenFinished(
      deps,
      repositories,
      answered,
      scope.subjects.map((s) => s.client.id),
    );
    await planNextCheckIn(deps, repositories, { plan: scope.plan, step: answered, people: scope.subjects.map((s) => s.client) });
    const escalation = parsed.answer === "need_help" ? await escalateNeedHelp(deps, repositories, scope, subject, step) : null;
    await auditPlan(deps, repositories, actor, scope, `plan.checkin:${parsed.answer}`, { kind: "step", id: step.id });
    return { checkIn, step: answered, escalation };
  });
}
