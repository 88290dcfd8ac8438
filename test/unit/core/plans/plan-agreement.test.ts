import { beforeEach, describe, expect, it } from "vitest";
import { planMessage } from "../../../../src/core/chat/plan-message.ts";
import { exportClientData } from "../../../../src/core/privacy/export-client-data.ts";
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

  it("the manager's plan view says who agreed to which version and when, and when the plan has changed since", async () => {
    const context = { deps: core.deps, actor: world.actors.manager, zone: "Europe/Berlin" };
    const agreement = async () => (await planMessage(context, plan.id)).parts.filter((p) => p.key.startsWith("manager.plan.agreement."));
    expect(await agreement()).toEqual([{ key: "manager.plan.agreement.none" }]);
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    core.clock.advance(60_000);
    await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "agreed" });
    const at = { t: "datetime", iso: "2027-03-01T09:01:00.000Z", zone: "Europe/Berlin" };
    expect(await agreement()).toEqual([{ key: "manager.plan.agreement.agreed", params: { name: world.client.name, version: 1, at } }]);
    await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "housing", text: "Eigene Wohnung" });
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    expect(await agreement()).toEqual([{ key: "manager.plan.agreement.agreed_earlier", params: { name: world.client.name, version: 1, at, current: 2 } }]);
  });

  it("the client's data export holds their answers to the plan (version, answer, time)", async () => {
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "question" });
    core.clock.advance(60_000);
    await answerPlan(core.deps, world.actors.client, { planId: plan.id, version: 1, answer: "agreed" });
    const exported = await exportClientData(core.deps, world.actors.client, { clientId: world.client.id });
    expect(exported.planAnswers).toEqual([
      { planId: plan.id, version: 1, answer: "question", at: "2027-03-01T09:00:00.000Z" },
      { planId: plan.id, version: 1, answer: "agreed", at: "2027-03-01T09:01:00.000Z" },
    ]);
  });

  it("only the client answers for themselves: a manager's answer is refused and nothing is recorded", async () => {
    await sendPlanForAgreement(core.deps, world.actors.manager, { planId: plan.id });
    await expect(answerPlan(core.deps, world.actors.manager, { planId: plan.id, version: 1, answer: "agreed" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await core.store.planAnswers.listForPlan(plan.id)).toEqual([]);
  });
});
