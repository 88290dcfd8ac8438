import { z } from "zod";
import { actorId, type Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { planAnswerAction } from "./actions.ts";
import { keepCurrentVersion } from "./current-version.ts";
import type { IntegrationPlan, PlanVersion } from "./model.ts";
import { auditPlan, loadPlanInScope, type PlanInScope } from "./plan-scope.ts";
import { loadGoalsWithSteps, snapshotOf } from "./plan-view.ts";

export const agreementRequestKey = "client.plan.agreement.request";

/** The one message per client and version: asking again (a double tap, a review completed twice) plans nothing new. */
export const agreementDedupeKey = (planId: string, version: number, clientId: string): string => `plan:${planId}:agree:v${version}:${clientId}`;

/**
 * Sends one version of a plan to each of its people who allow messages: the plan in their language (the renderer adds
 * the version's goals and steps, message-kinds.ts `plan`) with "I agree" and "I have a question". Returns how many
 * were asked. Through the outbox, so quiet hours and consent hold like for every message to a client.
 */
export async function askAgreement(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "outbox" | "consents">,
  scope: PlanInScope,
  version: number,
): Promise<number> {
  let asked = 0;
  const answer = (code: "a" | "q") => planAnswerAction.encode(scope.plan.id, String(version), code);
  for (const { client } of scope.subjects) {
    if (client.status === "closed") continue;
    const planned = await planClientMessage(deps, repositories, {
      dedupeKey: agreementDedupeKey(scope.plan.id, version, client.id),
      tenantId: scope.plan.tenantId,
      recipientId: client.id,
      ...outboxContent(agreementRequestKey, { planId: scope.plan.id, version }),
      actions: [
        { labelKey: "actions.plan.agree", data: answer("a") },
        { labelKey: "actions.plan.question", data: answer("q") },
      ],
      dueAt: deps.clock.now(),
    });
    if (planned) asked += 1;
  }
  return asked;
}

export const sendPlanForAgreementInput = z.object({ planId: idSchema });

export interface SentForAgreement {
  version: number;
  /** People who were asked (0: nobody of the plan allows messages). */
  asked: number;
}

/**
 * The plan as it stands is fixed as a version before it is sent: the version on record when it still says the same,
 * otherwise the next version ("updated"), so that an answer always refers to the text the client read.
 */
async function fixedVersion(deps: CoreDeps, repositories: Repositories, actor: Actor, plan: IntegrationPlan): Promise<PlanVersion> {
  const recorded = await keepCurrentVersion(deps, repositories, actor, plan, { fillEmpty: true });
  const { goals, steps } = await loadGoalsWithSteps(repositories, plan.id);
  const snapshot = snapshotOf(goals, steps);
  if (JSON.stringify(snapshot) === JSON.stringify(recorded.snapshot)) return recorded;
  const now = deps.clock.now();
  if (!(await repositories.plans.bumpVersion(plan.id, plan.version, plan.nextReviewAt, now))) {
    throw new DomainError("conflict", `plan ${plan.id} changed meanwhile`);
  }
  const version: PlanVersion = { planId: plan.id, version: plan.version + 1, snapshot, reason: "updated", createdAt: now, createdBy: actorId(actor) };
  await repositories.planVersions.create(version);
  return version;
}

/** The manager sends a (new) plan to its people to agree to, from the plan view. */
export async function sendPlanForAgreement(deps: CoreDeps, actor: Actor, input: unknown): Promise<SentForAgreement> {
  const parsed = parseInput(sendPlanForAgreementInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    const version = await fixedVersion(deps, repositories, actor, scope.plan);
    if (version.snapshot.goals.length === 0) throw new DomainError("invalid_input", "a plan without goals", [{ path: "planId", message: "no goals" }]);
    const asked = await askAgreement(deps, repositories, { ...scope, plan: { ...scope.plan, version: version.version } }, version.version);
    await auditPlan(deps, repositories, actor, scope, "plan.agreement_asked");
    return { version: version.version, asked };
  });
}
