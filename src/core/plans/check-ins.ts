import type { Client } from "../cases/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { checkInAnswerAction, checkInAnswerOptions } from "./actions.ts";
import type { IntegrationPlan, PlanStep, StepStatus } from "./model.ts";

const dayMs = 86_400_000;

export const checkInMessageKey = "client.step.checkin";

export const checkInDedupePrefix = (stepId: string): string => `step:${stepId}:checkin:`;
export const checkInDedupeKey = (stepId: string, number: number): string => `${checkInDedupePrefix(stepId)}${number}`;

/** What a message may say about a step: its catalogue key, never its custom text or note. */
export const stepKeyParam = (step: PlanStep): string => step.catalogueKey ?? "custom";

/**
 * Who is asked about a plan's steps: the plan's client, or for a household plan the member with the earliest
 * case start who consented to check-ins and messaging. Null when nobody may be asked.
 */
export async function checkInRecipient(repositories: Pick<Repositories, "consents">, people: Client[]): Promise<Client | null> {
  const candidates = people
    .filter((p) => p.status === "open" && !p.anonymizedAt)
    .sort((a, b) => a.caseStartedAt.getTime() - b.caseStartedAt.getTime() || a.id.localeCompare(b.id));
  for (const person of candidates) {
    const ledger = await repositories.consents.listForClient(person.id);
    if (hasCurrentConsent(ledger, "plan_checkins") && hasCurrentConsent(ledger, "messaging")) return person;
  }
  return null;
}

/** Plans check-in number `number` of a step for `recipient`, `cadenceDays` after `from`. Returns whether it was planned. */
export async function planStepCheckIn(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "outbox" | "consents">,
  args: { plan: IntegrationPlan; step: PlanStep; recipient: Client; number: number; from: Date },
): Promise<boolean> {
  const { plan, step, recipient, number, from } = args;
  if (step.cadenceDays === null) return false;
  return planClientMessage(deps, repositories, {
    dedupeKey: checkInDedupeKey(step.id, number),
    tenantId: plan.tenantId,
    recipientId: recipient.id,
    messageKey: checkInMessageKey,
    params: { stepKey: stepKeyParam(step) },
    actions: (Object.keys(checkInAnswerOptions) as (keyof typeof checkInAnswerOptions)[]).map((answer) => ({
      labelKey: `actions.checkin.${answer}`,
      data: checkInAnswerAction.encode(step.id, checkInAnswerOptions[answer]),
    })),
    dueAt: new Date(from.getTime() + step.cadenceDays * dayMs),
  });
}

export const isFinished = (status: StepStatus): boolean => status === "done" || status === "dropped";

/** A finished step is asked about no more. */
export async function cancelCheckInsWhenFinished(repositories: Pick<Repositories, "outbox">, step: PlanStep): Promise<void> {
  if (isFinished(step.status)) await repositories.outbox.cancelPendingByPrefix(checkInDedupePrefix(step.id));
}
