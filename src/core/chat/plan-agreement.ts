import { say, type Attachment, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import { answerPlan } from "../plans/answer-plan.ts";
import { sendPlanForAgreement } from "../plans/ask-agreement.ts";
import { findCatalogueGoal, goalTitleKey } from "../plans/goal-catalogue.ts";
import type { PlanSnapshot } from "../plans/model.ts";
import { loadPlanInScope } from "../plans/plan-scope.ts";
import { catalogueStepTitle } from "../plans/step-title.ts";
import type { Repositories } from "../ports/store.ts";
import type { ChatContext } from "./chat-context.ts";
import type { PlanContext } from "./plan-message.ts";

/** The plan agreed in writing the plan as its client reads it, their answer, and the document they keep. */

type SnapshotGoal = PlanSnapshot["goals"][number];
type SnapshotStep = SnapshotGoal["steps"][number];

const stepTitle = (step: SnapshotStep): MessageParam =>
  (step.catalogueKey ? catalogueStepTitle(step.catalogueKey, step.params) : null) ?? { t: "key", key: "client.step.custom" };

/** A goal in the client's words: the catalogue goal, or for a goal worded in German its area and that it was agreed. */
function goalPart(goal: SnapshotGoal): TextPart {
  const area: MessageParam = { t: "key", key: `areas.${goal.area}` };
  if (goal.catalogueKey && findCatalogueGoal(goal.catalogueKey)) {
    return { key: "client.plan.goal", params: { area, text: { t: "key", key: goalTitleKey(goal.catalogueKey) } } };
  }
  return { key: "client.plan.goal_agreed", params: { area } };
}

function stepPart(step: SnapshotStep, zone: string): TextPart {
  const title = stepTitle(step);
  if (step.status === "done") return { key: "client.plan.agreement.step_done", params: { title } };
  if (!step.dueAt) return { key: "client.plan.agreement.step", params: { title } };
  return { key: "client.plan.agreement.step_due", params: { title, dueAt: { t: "date", iso: step.dueAt, zone } } };
}

/**
 * One version of a plan as its client reads it, one part per goal with its steps (due days, done ones marked): never
 * a German sentence of the manager, never a note. Dropped goals and steps are left out.
 */
export function clientPlanParts(snapshot: PlanSnapshot, zone: string): TextPart[] {
  return snapshot.goals
    .filter((goal) => goal.status !== "dropped")
    .map((goal) => {
      const steps = goal.steps.filter((step) => step.status !== "dropped").map((step) => stepPart(step, zone));
      return { key: "client.plan.agreement.goal_block", params: { goal: part(goalPart(goal)), steps: { t: "lines", items: steps.map(part) } } };
    });
}

const part = (text: TextPart): MessageParam => ({ t: "key", key: text.key, ...(text.params ? { params: text.params } : {}) });

/** A version's snapshot, if it is on record. */
async function snapshotOf(repositories: Pick<Repositories, "planVersions">, planId: string, version: number): Promise<PlanSnapshot | null> {
  return (await repositories.planVersions.listForPlan(planId)).find((v) => v.version === version)?.snapshot ?? null;
}

/**
 * What the outbox row asking a client to agree shows below its text (the renderer adds it at sending): the plan at the
 * version the row names, then the question. Nothing when that version is not on record.
 */
export async function agreementPlanParts(repositories: Pick<Repositories, "planVersions">, planId: string, version: number, zone: string): Promise<TextPart[]> {
  const snapshot = await snapshotOf(repositories, planId, version);
  if (!snapshot) return [];
  return [...clientPlanParts(snapshot, zone), { key: "client.plan.agreement.ask" }];
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * The plan document the client keeps: the version's goals and steps, the pact (schriftlich fixiert, verbindlich) and
 * when it was agreed, in the client's language and German (the adapter renders it as HTML). No notes, no health or
 * residence details: only what the client reads in the chat.
 */
async function planDocument(
  repositories: Pick<Repositories, "planVersions" | "planAnswers">,
  subject: { id: string; name: string; language: string },
  planId: string,
  version: number,
  zone: string,
  unsentKey: string,
): Promise<Attachment | null> {
  const snapshot = await snapshotOf(repositories, planId, version);
  if (!snapshot) return null;
  const recorded = (await repositories.planVersions.listForPlan(planId)).find((v) => v.version === version);
  const agreed = (await repositories.planAnswers.listForPlan(planId))
    .filter((a) => a.version === version && a.clientId === subject.id && a.answer === "agreed")
    .at(-1);
  const date = (at: Date): MessageParam => ({ t: "date", iso: at.toISOString(), zone });
  const parts: TextPart[] = [
    { key: "client.plan.document.person", params: { name: subject.name } },
    { key: "client.plan.document.version", params: { version, date: date(recorded?.createdAt ?? new Date(0)) } },
    ...clientPlanParts(snapshot, zone),
    { key: "client.plan.document.pact" },
    agreed ? { key: "client.plan.document.agreed", params: { date: date(agreed.at) } } : { key: "client.plan.document.not_agreed" },
  ];
  const day = agreed?.at ?? recorded?.createdAt ?? new Date(0);
  const fileName = `Integrationsplan-v${version}-${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}.html`;
  return { kind: "bilingual", fileName, language: subject.language, zone, titleKey: "client.plan.document.title", parts, unsentKey };
}

/** "I agree" / "I have a question" under the plan sent to a client. "I agree" brings the plan document to keep. */
export async function answerPlanNotice(context: ChatContext, clientId: string, planId: string, version: string, code: "a" | "q"): Promise<Outbound[]> {
  const outcome = await answerPlan(context.deps, context.actor, { planId, version, answer: code === "a" ? "agreed" : "question" });
  if (outcome.kind === "outdated") return [say("client.plan.agreement.outdated")];
  if (outcome.answer.answer === "question") return [say("client.plan.agreement.question_sent")];
  const client = await context.deps.store.clients.get(clientId);
  const document = client ? await planDocument(context.deps.store, client, planId, outcome.answer.version, context.zone, "client.plan.agreement.unsent") : null;
  const agreed = say("client.plan.agreement.agreed", { version: outcome.answer.version });
  return document ? [agreed, { ...say("client.plan.agreement.file"), attachment: document }] : [agreed];
}

/** The manager's "send for agreement" button on the plan view. */
export async function sendForAgreementMessage(context: PlanContext, planId: string): Promise<Outbound> {
  try {
    const sent = await sendPlanForAgreement(context.deps, context.actor, { planId });
    if (sent.asked === 0) return say("manager.plan.agreement.nobody", { version: sent.version });
    return say("manager.plan.agreement.sent", { version: sent.version, count: sent.asked });
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid_input") return say("manager.plan.agreement.no_goals");
    throw error;
  }
}

/** The manager's "plan as a file" button: the same document the client keeps, in the client's language and German. */
export async function planDocumentMessage(context: PlanContext, planId: string): Promise<Outbound> {
  const scope = await context.deps.store.transaction((repositories) => loadPlanInScope(repositories, context.actor, planId, "basic"));
  const subject = scope.subjects[0]?.client;
  const document = subject ? await planDocument(context.deps.store, subject, planId, scope.plan.version, context.zone, "manager.plan.agreement.unsent") : null;
  if (!document) return say("manager.plan.agreement.no_goals");
  return { ...say("manager.plan.agreement.file", { version: scope.plan.version }), attachment: document };
}
