import { describe, expect, it } from "vitest";
import { planHistoryAction } from "../../../../src/core/chat/plan-actions.ts";
import { reviewAppointmentAction, reviewBeginAction, reviewNextAction, reviewSnoozeAction } from "../../../../src/core/chat/review-actions.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { button, buttons, byKey, command, keys, linkedManager, tap, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

/** Amina's plan with three goals (the first with a step), written on Monday 1 March 2027 at 10:00 in Berlin. */
async function givenPlan(core: TestCore, chat?: ChatSession) {
  const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
  const actor = staffActor(manager);
  const plan = await createPlan(core.deps, actor, { clientId: clients[0]?.id, nextReviewAt: "2027-09-01T09:00:00Z" });
  const language = await addGoal(core.deps, actor, { planId: plan.id, area: "language", text: "Deutsch B1" });
  await addStep(core.deps, actor, { goalId: language.id, catalogueKey: "attend_integration_course" });
  const flat = await addGoal(core.deps, actor, { planId: plan.id, area: "housing", text: "Eigene Wohnung" });
  const licence = await addGoal(core.deps, actor, { planId: plan.id, area: "everyday", text: "Führerschein umschreiben" });
  return { manager, send, plan, goals: { language, flat, licence } };
}

const partsOf = (outbound: Outbound[]) => outbound.flatMap((o) => o.parts);

describe("the review (Fortschreibung) as a conversation", () => {
  it("goes goal by goal: achieved, a new step then kept, dropped; the date records version 2 with what changed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send, plan, goals } = await givenPlan(core);
    core.clock.set("2027-09-01T06:01:00Z"); // 08:01 on the due day

    const begun = await send(tap(reviewBeginAction.encode(plan.id)));
    expect(partsOf(begun).map((p) => [p.key, p.params?.n])).toEqual([
      ["manager.review.begin", undefined],
      ["manager.review.goal", 1],
      ["manager.plan.step", "1.1"],
    ]);
    expect(partsOf(begun)[0]?.params).toMatchObject({ name: "Amina Haddad", version: 1, count: 3 });
    // Version 1 is the plan as written, kept before the review changes it.
    expect((await core.store.planVersions.listForPlan(plan.id)).map((v) => [v.version, v.reason, v.snapshot.goals.length])).toEqual([[1, "created", 3]]);

    const second = await send(tap(button(begun, byKey("manager.review.achieved_button"))));
    expect(second[0]).toMatchObject({ parts: [{ key: "manager.review.decided.achieved", params: { n: 1, text: "Deutsch B1" } }], edit: true });
    expect(second[0]?.buttons).toBeUndefined();
    expect(second[1]?.parts[0]).toMatchObject({ key: "manager.review.goal", params: { n: 2, text: "Eigene Wohnung" } });
    expect((await core.store.goals.get(goals.language.id))?.status).toBe("achieved");

    // A new step: the plan's own step form, goal and area given; afterwards the same goal again for its outcome.
    const stepKind = await send(tap(button(second, byKey("manager.review.step_button"))));
    expect(keys(stepKind)[0]).toBe("manager.plan.step_form.step");
    await send(tap(button(stepKind, byKey("manager.plan.step_form.custom"))));
    const due = await send(text("Wohnungsbesichtigung mit Ehrenamt"));
    const cadence = await send(tap(button(due, byKey("dialog.button.skip"))));
    const afterStep = await send(tap(button(cadence, byKey("manager.plan.cadence.none"))));
    const again = afterStep.at(-1);
    expect(again?.parts.map((p) => p.key)).toEqual(["manager.review.goal", "manager.plan.step"]);
    expect(again?.parts[0]?.params).toMatchObject({ n: 2, text: "Eigene Wohnung" });

    const third = await send(tap(button([again as Outbound], byKey("manager.review.keep_button"))));
    expect(third[0]?.parts[0]).toMatchObject({ key: "manager.review.decided.kept", params: { n: 2 } });
    const finish = await send(tap(button(third, byKey("manager.review.drop_button"))));
    expect(finish.map((o) => o.parts[0]?.key)).toEqual(["manager.review.decided.dropped", "manager.review.finish"]);
    expect((await core.store.goals.get(goals.licence.id))?.status).toBe("dropped");

    const sixMonths = button(finish, byKey("manager.review.next_months.in_6"));
    const [done] = await send(tap(sixMonths));
    expect(done?.parts[0]).toMatchObject({ key: "manager.review.done", params: { version: 2, nextReviewAt: { iso: "2028-03-01T22:59:59.999Z" } } });
    expect(done?.parts[1]).toMatchObject({
      key: "manager.review.changes",
      params: {
        previous: 1,
        changes: {
          items: [
            { key: "manager.plan.change.goal_status", params: { n: 1, text: "Deutsch B1", status: { key: "manager.plan.goal_status.achieved" } } },
            { key: "manager.plan.change.step_added", params: { n: "2.1", title: "Wohnungsbesichtigung mit Ehrenamt" } },
            { key: "manager.plan.change.goal_status", params: { n: 3, status: { key: "manager.plan.goal_status.dropped" } } },
          ],
        },
      },
    });
    expect(await core.store.plans.get(plan.id)).toMatchObject({ version: 2, nextReviewAt: new Date("2028-03-01T22:59:59.999Z") });

    // A second tap on the date records no third version.
    expect(keys(await send(tap(sixMonths)))).toEqual(["manager.review.already_done"]);
    expect((await core.store.planVersions.listForPlan(plan.id)).map((v) => v.version)).toEqual([1, 2]);

    // The history shows both versions and, under version 2, what the review changed.
    const [history] = await send(tap(button([done as Outbound], byKey("manager.plan.history_button"))));
    const lines = (history?.parts[0]?.params?.versions as { items: { key: string }[] }).items.map((item) => item.key);
    expect(lines).toEqual([
      "manager.plan.history.created",
      "manager.plan.history.reviewed",
      "manager.plan.change.goal_status",
      "manager.plan.change.step_added",
      "manager.plan.change.goal_status",
    ]);
  });

  it("rewords a goal, refuses a next review day that is not ahead (nothing recorded), takes a day typed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send, plan, goals } = await givenPlan(core);
    const begun = await send(tap(reviewBeginAction.encode(plan.id)));
    const asked = await send(tap(button(begun, byKey("manager.review.change_button"))));
    expect(keys(asked)).toEqual(["manager.review.reword_form.text"]);
    const next = await send(text("Deutsch B1 bis Sommer 2028"));
    expect(next.map((o) => o.parts[0]?.key)).toEqual(["manager.review.decided.reworded", "manager.review.goal"]);
    expect((await core.store.goals.get(goals.language.id))?.text).toBe("Deutsch B1 bis Sommer 2028");

    const other = reviewNextAction.encode(plan.id, "1", "o");
    expect(keys(await send(tap(other)))).toEqual(["manager.review.date_form.day"]);
    const refused = await send(text("1.3.2027"));
    expect(keys(refused)).toEqual(["manager.review.date_form.not_ahead", "manager.review.finish"]);
    expect(await core.store.plans.get(plan.id)).toMatchObject({ version: 1 });

    await send(tap(other));
    const [done] = await send(text("15.12.2027"));
    expect(done?.parts[0]).toMatchObject({ key: "manager.review.done", params: { version: 2, nextReviewAt: { iso: "2027-12-15T22:59:59.999Z" } } });
    expect(done?.parts[1]).toMatchObject({
      params: {
        changes: { items: [{ key: "manager.plan.change.goal_reworded", params: { n: 1, text: "Deutsch B1 bis Sommer 2028", before: "Deutsch B1" } }] },
      },
    });
  });

  it("a new goal in the review comes back to its end; a plan without open goals goes there at once", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const plan = await createPlan(core.deps, staffActor(manager), { clientId: clients[0]?.id });
    const begun = await send(tap(reviewBeginAction.encode(plan.id)));
    expect(keys(begun)).toEqual(["manager.review.begin", "manager.review.finish"]);
    const area = await send(tap(button(begun, byKey("manager.review.new_goal_button"))));
    const goals = await send(tap(button(area, byKey("areas.work"))));
    const catalogueGoal = buttons(goals).find((b) => b.labelKey.startsWith("goals."));
    // The plan's own goal form goes on to the goal's first step; skipped, the review's end comes back.
    const firstStep = await send(tap(catalogueGoal?.data));
    expect(keys(firstStep)).toContain("manager.plan.step_form.step");
    const added = await send(tap(button(firstStep, byKey("dialog.button.skip"))));
    expect(added.at(-1)?.parts[0]?.key).toBe("manager.review.finish");
    const [done] = await send(tap(button(added, byKey("manager.review.next_months.in_3"))));
    expect(done?.parts[1]).toMatchObject({
      key: "manager.review.changes",
      params: { changes: { items: [{ key: "manager.plan.change.goal_added", params: { n: 1, text: { t: "key", key: catalogueGoal?.labelKey } } }] } },
    });
  });

  it("/review lists a plan due today from 08:01 (not overdue) and overdue from the next day, with begin, appointment and snooze", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send, plan } = await givenPlan(core);
    core.clock.set("2027-09-01T06:01:00Z");
    const due = await send(command("review"));
    expect(keys(due)).toEqual(["manager.review.due"]);
    expect(buttons(due).map((b) => b.labelKey)).toEqual(["manager.review.begin_button", "manager.review.appointment_button", "manager.review.snooze_button"]);
    core.clock.set("2027-09-01T21:59:00Z"); // 23:59 the same day
    expect(keys(await send(command("review")))).toEqual(["manager.review.due"]);
    core.clock.set("2027-09-02T06:00:00Z");
    expect(keys(await send(command("review")))).toEqual(["manager.review.overdue"]);

    // The appointment form, kind and client given: the first question is the day.
    const appointment = await send(tap(reviewAppointmentAction.encode(plan.id)));
    expect(keys(appointment)).toEqual(["manager.appointment.starts_at"]);

    // Snoozed: due a week from today, all that day.
    expect(keys(await send(tap(reviewSnoozeAction.encode(plan.id))))).toEqual(["manager.review.snoozed"]);
    expect((await core.store.plans.get(plan.id))?.nextReviewAt).toEqual(new Date("2027-09-09T21:59:59.999Z"));
    expect(keys(await send(command("review")))).toEqual(["manager.review.none"]);
  });

  it("the plan view has “begin the review”; a colleague's plan is refused and nothing is recorded", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send, plan } = await givenPlan(core);
    const view = await send(command("plan", "Amina"));
    expect(button(view, byKey("manager.review.begin_button"))).toBe(reviewBeginAction.encode(plan.id));
    expect(button(view, byKey("manager.plan.history_button"))).toBe(planHistoryAction.encode(plan.id));
    const stranger = await linkedManager(core, [], { channel: "telegram", externalId: "200", conversationRef: null, locale: "de" });
    expect(keys(await stranger.send(tap(reviewBeginAction.encode(plan.id))))).toEqual(["errors.forbidden"]);
    expect(await core.store.planVersions.listForPlan(plan.id)).toEqual([]);
  });
});

describe("the review on Teams", () => {
  it("takes buttons as card actions; rewording is one card whose submission goes on to the next goal", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const teams: ChatSession = { channel: "teams", externalId: "29:petra", conversationRef: null, locale: "de-DE", forms: "whole" };
    const { send, plan, goals } = await givenPlan(core, teams);
    const begun = await send(tap(reviewBeginAction.encode(plan.id)));
    const card = (await send(tap(button(begun, byKey("manager.review.change_button"))))).find((o) => o.form)?.form;
    if (card?.kind !== "started") throw new Error("no card");
    expect(card.form.fields.map((f) => f.name)).toEqual(["text"]);
    const next = await send({ kind: "form", formId: "rvword", values: { ...card.form.fixed, text: "Deutsch B2" }, fixed: Object.keys(card.form.fixed) });
    expect(next.map((o) => o.parts[0]?.key)).toEqual(["manager.review.decided.reworded", "manager.review.goal"]);
    expect((await core.store.goals.get(goals.language.id))?.text).toBe("Deutsch B2");
  });
});
