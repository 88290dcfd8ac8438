import { beforeEach, describe, expect, it } from "vitest";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { answerPlan } from "../../../../src/core/plans/answer-plan.ts";
import { sendPlanForAgreement } from "../../../../src/core/plans/ask-agreement.ts";
import type { IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWithGoal, seedPlanWorld, type PlanWorld } from "../../../support/seed-plans.ts";

describe("the plan agreed in writing", () => {
  let core: TestCore;
  let world: PlanWorld;
  let plan: IntegrationPlan;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
    ({ plan } = await seedPlanWithGoal(core, world));
  });

  const agreementRequests = () => [...core.store.state.outbox.values()].filter((m) => m.messageKey === "client.plan.agreement.request");

  it("sends one version to the plan's people; an agreement is recorded with its version and time, a second tap adds nothing", async () => {
    const sent = await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    expect(sent.version).toBe(1);
    expect(agreementRequests().map((m) => [m.recipientId, m.params.version])).toContainEqual([world.client.id, 1]);

    core.clock.advance(60_000);
    const agreed = await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "agreed" });
    expect(agreed).toMatchObject({
      kind: "recorded",
      answer: { planId: plan.id, version: 1, clientId: world.client.id, answer: "agreed", at: core.clock.now() },
    });
    expect((await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "agreed" })).kind).toBe("repeated");
    expect(await core.store.planAnswers.listForPlan(plan.id)).toHaveLength(1);
  });

  it("a plan changed since it was read is sent as the next version; an answer to the older one records nothing", async () => {
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "housing", text: "Eigene Wohnung" });
    expect((await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id })).version).toBe(2);
    expect(await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "agreed" })).toEqual({ kind: "outdated", version: 2 });
    expect(await core.store.planAnswers.listForPlan(plan.id)).toEqual([]);
  });

  it("a question reaches the primary manager as an open request, once", async () => {
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "question" });
    await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "question" });
    const requests = (await core.store.escalations.listForClient(world.client.id)).filter((e) => e.kind === "plan_question");
    expect(requests).toMatchObject([{ managerId: world.manager.id, subjectId: plan.id, status: "open" }]);
  });

  it("only the client answers for themselves: a manager's answer is refused and nothing is recorded", async () => {
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    await expect(answerPlan(core.deps, world.actors.manager, { planId: plan.id, version: 1, answer: "agreed" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await core.store.planAnswers.listForPlan(plan.id)).toEqual([]);
  });
});
