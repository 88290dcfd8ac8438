import { describe, expect, it } from "vitest";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import type { MessageParam, TextPart } from "../../../../src/core/dialog/messages.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../../src/core/plans/answer-check-in.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { setReviewDate } from "../../../../src/core/plans/set-review-date.ts";
import { setStepStatus } from "../../../../src/core/plans/set-step-status.ts";
import { planMorningAgendas } from "../../../../src/core/reminders/plan-morning-agendas.ts";
import { buttons, command, keys, linkedManager, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, staffActor } from "../../../support/seed.ts";

const chat = telegramChat("100");
const partsOf = (outbound: { parts: TextPart[] }[], key: string) => outbound.flatMap((o) => o.parts).filter((p) => p.key === key);

/** Monday 1 March 2027, 10:00 in Berlin: Amina's plan has a step overdue, one due tomorrow, one next week; she asked for help. */
async function world() {
  const core = testCore("2027-02-25T09:00:00Z");
  const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
  const amina = clients[0];
  if (!amina) throw new Error("no client");
  const eva = staffActor(manager);
  const plan = await createPlan(core.deps, eva, { clientId: amina.id, nextReviewAt: "2027-09-01T08:00:00Z" });
  const goal = await addGoal(core.deps, eva, { planId: plan.id, area: "language", text: "Deutsch B1" });
  const overdue = await addStep(core.deps, eva, {
    goalId: goal.id,
    catalogueKey: "register_integration_course",
    params: { provider: "VHS Ulm" },
    dueAt: "2027-02-27T23:00:00Z",
    cadenceDays: 7,
  });
  await addStep(core.deps, eva, { goalId: goal.id, customText: "Zeugnisse kopieren", dueAt: "2027-03-02T16:00:00Z" });
  await addStep(core.deps, eva, { goalId: goal.id, catalogueKey: "take_dtz_exam", params: { examDate: "2027-03-20" }, dueAt: "2027-03-01T16:00:00Z" });
  await addStep(core.deps, eva, { goalId: goal.id, customText: "Später", dueAt: "2027-03-09T16:00:00Z" });
  await answerCheckIn(core.deps, clientActor(amina), { stepId: overdue.step.id, answer: "need_help" });
  core.clock.set("2027-03-01T09:00:00Z");
  return { core, amina, manager, send };
}

describe("/agenda lists the work, not counts", () => {
  it("steps due (overdue today, the others on their day) and each open help request with a button to the client's card", async () => {
    const { core, amina, send } = await world();
    const agenda = await send(command("agenda"));
    const steps = partsOf(agenda, "manager.agenda.step_due");
    expect(steps.map((p) => p.params?.step)).toEqual([
      { t: "key", key: "catalogue.register_integration_course.title", params: { provider: "VHS Ulm" } },
      // A date value is a date in the reader's language, never "2027-03-20".
      { t: "key", key: "catalogue.take_dtz_exam.title", params: { examDate: { t: "date", iso: "2027-03-20", zone: "UTC" } } },
      "Zeugnisse kopieren",
    ]);
    expect(steps[0]?.params).toMatchObject({ clientName: "Amina Haddad", due: { t: "date", iso: "2027-02-27T23:00:00.000Z", zone: "Europe/Berlin" } });
    // The overdue step under today, tomorrow's under tomorrow; the one due next week not yet.
    const order = keys(agenda);
    const tomorrow = order.findIndex((key) => key === "manager.agenda.tomorrow" || key === "manager.agenda.tomorrow_none");
    expect(tomorrow).toBeGreaterThan(0);
    expect(order.indexOf("manager.agenda.step_due")).toBeLessThan(tomorrow);
    expect(order.lastIndexOf("manager.agenda.step_due")).toBeGreaterThan(tomorrow);

    const [requests] = partsOf(agenda, "manager.agenda.requests");
    expect(requests?.params?.total).toBe(1);
    expect((requests?.params?.requests as { items: MessageParam[] }).items).toEqual([
      {
        t: "key",
        // The step she needs help with is named.
        key: "manager.agenda.request_step",
        params: {
          kind: { t: "key", key: "manager_card.escalation.need_help" },
          clientName: "Amina Haddad",
          since: { t: "date", iso: "2027-02-25T09:00:00.000Z", zone: "Europe/Berlin" },
          step: { t: "key", key: "catalogue.register_integration_course.title", params: { provider: "VHS Ulm" } },
        },
      },
    ]);
    const [open] = buttons(agenda);
    expect(open).toMatchObject({ labelKey: "manager.agenda.request_button", data: openClientAction.encode(amina.id) });
    const card = await send(tap(open?.data));
    expect(partsOf(card, "manager_card.card.help_request_step")[0]?.params?.step).toEqual({
      t: "key",
      key: "catalogue.register_integration_course.title",
      params: { provider: "VHS Ulm" },
    });

    // The morning brief counts the same items.
    await planMorningAgendas(core.deps);
    const [brief] = [...core.store.state.outbox.values()].filter((m) => m.messageKey.startsWith("manager_jobs.agenda"));
    expect(brief?.params).toMatchObject({ work: { params: { escalations: "1", steps: "3", reviews: "0", messages: "0", followUps: "0" } } });
  });

  it("a help request is settled when its step is done: by the client's 'done', or by the manager", async () => {
    const { core, amina, send } = await world();
    const plan = await core.store.plans.findForClient(amina.id);
    const [step] = await core.store.steps.listForPlan(plan?.id ?? "");
    if (!step) throw new Error("no step");
    expect(partsOf(await send(command("agenda")), "manager.agenda.requests")).toHaveLength(1);
    await answerCheckIn(core.deps, clientActor(amina), { stepId: step.id, answer: "done" });
    expect(partsOf(await send(command("agenda")), "manager.agenda.requests")).toEqual([]);
    expect((await core.store.escalations.listForClient(amina.id)).map((e) => e.status)).toEqual(["resolved"]);
  });

  it("a help request is settled when the manager marks its step done or dropped", async () => {
    const { core, amina, manager } = await world();
    const plan = await core.store.plans.findForClient(amina.id);
    const [step] = await core.store.steps.listForPlan(plan?.id ?? "");
    await setStepStatus(core.deps, staffActor(manager), { stepId: step?.id, status: "dropped" });
    expect((await core.store.escalations.listForClient(amina.id)).map((e) => e.status)).toEqual(["resolved"]);
  });

  it("an overdue review says since when, once under today; a day without appointments says so in its heading", async () => {
    const { core, amina, manager, send } = await world();
    const plan = await core.store.plans.findForClient(amina.id);
    await setReviewDate(core.deps, staffActor(manager), { planId: plan?.id, nextReviewAt: "2027-02-26T08:00:00Z" });
    const agenda = await send(command("agenda"));
    expect(partsOf(agenda, "manager.agenda.review_due")).toEqual([]);
    expect(partsOf(agenda, "manager.agenda.review_overdue")).toEqual([
      {
        key: "manager.agenda.review_overdue",
        params: { clientName: "Amina Haddad", due: { t: "date", iso: "2027-02-26T08:00:00.000Z", zone: "Europe/Berlin" } },
      },
    ]);
    const order = keys(agenda);
    expect(order.indexOf("manager.agenda.review_overdue")).toBeLessThan(order.indexOf("manager.agenda.tomorrow_none"));
    expect(order.slice(0, 1)).toEqual(["manager.agenda.today_none"]);
    expect(order).not.toContain("manager.agenda.free");
  });
});
