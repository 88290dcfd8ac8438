import { outboxContent, type OutboxStep } from "../outbox/message-kinds.ts";
import type { Client } from "../cases/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { ConsentRecord } from "../consent/model.ts";
import type { CoreDeps } from "../deps.ts";
import { resolveOpenEscalations } from "../escalations/resolve-open-escalations.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { stepCheckInDueAt } from "../reminders/manager-times.ts";
import { clientZone, loadReminderSettings } from "../reminders/recipient-zone.ts";
import { checkInAnswerAction, checkInAnswerOptions } from "./actions.ts";
import { checkInDedupeKey, checkInDedupePrefix, checkInMessageKey } from "./check-in-keys.ts";
import type { IntegrationPlan, PlanStep, StepStatus } from "./model.ts";

export { checkInDedupeKey } from "./check-in-keys.ts";

/**
 * What a message may say about a step: its catalogue key and values (e.g. the child's name, the course provider), so
 * the recipient reads the catalogue title in their language; never a custom step's German text or its note.
 */
export const stepParam = (step: PlanStep): OutboxStep => (step.catalogueKey ? { key: step.catalogueKey, params: step.params } : { key: "custom", params: {} });

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

/**
 * Plans check-in number `number` of a step for `recipient`: `cadenceDays` local calendar days after `from`, at 10:00
 * in the recipient's zone (tenant setting), out of the quiet hours (later). Returns whether it was planned.
 */
export async function planStepCheckIn(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Pick<Repositories, "outbox" | "consents" | "tenants" | "settings">,
  args: { plan: IntegrationPlan; step: PlanStep; recipient: Client; number: number; from: Date },
): Promise<boolean> {
  const { plan, step, recipient, number, from } = args;
  if (step.cadenceDays === null) return false;
  const zone = await clientZone(repositories, recipient, deps.defaultZone);
  const settings = await loadReminderSettings(repositories, plan.tenantId);
  const dueAt = stepCheckInDueAt(from, step.cadenceDays, 1, zone, settings);
  return enqueueCheckIn(deps, repositories, { plan, step, recipient, number, dueAt });
}

/** Puts check-in number `number` of a step for `recipient` into the outbox, due at `dueAt`; false without messaging consent. */
export async function enqueueCheckIn(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Pick<Repositories, "outbox" | "consents">,
  args: { plan: IntegrationPlan; step: PlanStep; recipient: Client; number: number; dueAt: Date },
): Promise<boolean> {
  const { plan, step, recipient, number, dueAt } = args;
  return planClientMessage(deps, repositories, {
    dedupeKey: checkInDedupeKey(step.id, number),
    tenantId: plan.tenantId,
    recipientId: recipient.id,
    ...outboxContent(checkInMessageKey, { stepKey: stepParam(step) }),
    actions: (Object.keys(checkInAnswerOptions) as (keyof typeof checkInAnswerOptions)[]).map((answer) => ({
      labelKey: `actions.checkin.${answer}`,
      data: checkInAnswerAction.encode(step.id, checkInAnswerOptions[answer]),
    })),
    dueAt,
  });
}

/**
 * The first check-in number from `from` on that no question already went out under (a sent, failed or sending row
 * keeps its key: the scheduled sweep may have asked several times while the client did not answer).
 */
async function freeCheckInNumber(repositories: Pick<Repositories, "outbox">, stepId: string, from: number): Promise<number> {
  let number = from;
  for (;;) {
    const status = await repositories.outbox.statusByDedupeKey(checkInDedupeKey(stepId, number));
    if (status === null || status === "pending" || status === "cancelled") return number;
    number += 1;
  }
}

export const isFinished = (status: StepStatus): boolean => status === "done" || status === "dropped";

/**
 * The consent ledger read once per person for the rest of one piece of work: choosing whom to ask and planning the
 * question both check it, and nothing in between changes it.
 */
function ledgersReadOnce(consents: Repositories["consents"]): Repositories["consents"] {
  const read = new Map<string, Promise<ConsentRecord[]>>();
  return {
    ...consents,
    listForClient(clientId) {
      const ledger = read.get(clientId) ?? consents.listForClient(clientId);
      read.set(clientId, ledger);
      return ledger;
    },
  };
}

/**
 * After an answer to a step that is not finished, the next check-in after the cadence (10:00 local on its day),
 * replacing any still pending: a client is asked again and again at the step's cadence until it is done or dropped.
 * Returns whether one was planned.
 */
export async function planNextCheckIn(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Pick<Repositories, "outbox" | "consents" | "tenants" | "settings" | "checkIns">,
  args: { plan: IntegrationPlan; step: PlanStep; people: Client[] },
): Promise<boolean> {
  const { plan, step, people } = args;
  if (step.cadenceDays === null || isFinished(step.status)) return false;
  await repositories.outbox.cancelPendingByPrefix(checkInDedupePrefix(step.id));
  const reading = { ...repositories, consents: ledgersReadOnce(repositories.consents) };
  const recipient = await checkInRecipient(reading, people);
  if (!recipient) return false;
  const number = await freeCheckInNumber(repositories, step.id, (await repositories.checkIns.countForStep(step.id)) + 1);
  return planStepCheckIn(deps, reading, { plan, step, recipient, number, from: deps.clock.now() });
}

/**
 * A finished step (done or dropped) is asked about no more, and the help its people asked for with it is settled: the
 * request leaves the agenda and the card instead of staying open about a step that is over.
 */
export async function settleWhenFinished(
  deps: Pick<CoreDeps, "clock">,
  repositories: Pick<Repositories, "outbox" | "escalations">,
  step: PlanStep,
  clientIds: readonly string[],
): Promise<void> {
  if (!isFinished(step.status)) return;
  await repositories.outbox.cancelPendingByPrefix(checkInDedupePrefix(step.id));
  await resolveOpenEscalations(deps, repositories, { subjectId: step.id, clientIds, kinds: ["need_help"] });
}
