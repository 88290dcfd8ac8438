import { describe, expect, it } from "vitest";
import { button, buttons, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

const chat = telegramChat("200");

describe("/plan (manager)", () => {
  it("a plan button pressed by a manager of another tenant is refused before the first question; its own manager is asked", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    const created = await send(tap(button(await send(command("plan", "amina")), byKey("manager.plan.create_button"))));
    const addGoal = button(created, byKey("manager.plan.add_goal_button"));
    const kai = await linkedManager(core, ["Omar Demir"], telegramChat("300"));
    expect(await kai.send(tap(addGoal))).toEqual([{ parts: [{ key: "errors.forbidden" }] }]);
    expect(keys(await kai.send(text("Eine eigene Wohnung finden")))).toEqual(["manager.help"]);
    expect(keys(await send(tap(addGoal)))).toEqual(["manager.plan.goal_form.area"]);
  });

  it("create plan → the first goal is asked at once (area, a catalogue goal) → its first step in the goal's area, with the child's name and a due day → done", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"], chat);
    const client = clients[1];
    if (!client) throw new Error("no client");

    const empty = await send(command("plan", "amina"));
    expect(empty).toMatchObject([{ parts: [{ key: "manager.plan.none", params: { name: "Amina Haddad" } }] }]);
    const created = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    expect(keys(created)).toEqual(["manager.plan.created", "manager.plan.header", "manager.plan.no_goals", "manager.plan.goal_form.area"]);
    const plan = await core.store.plans.findForClient(client.id);
    expect(plan?.clientId).toBe(client.id);
    // A second tap on "create" (a double tap, an old message) opens the plan that exists instead of failing.
    const again = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    expect(keys(again)).toEqual(["manager.plan.exists", "manager.plan.header", "manager.plan.no_goals"]);

    const goalChoice = await send(tap(button(await send(tap(button(created, byKey("manager.plan.add_goal_button")))), byKey("areas.education"))));
    expect(keys(goalChoice)).toEqual(["manager.plan.goal_form.goal"]);
    expect(buttons(goalChoice).map((b) => b.labelKey)).toEqual([
      "goals.children_in_school_or_kita",
      "goals.children_learn_well",
      "goals.own_school_qualification",
      "manager.plan.goal_form.own",
      "dialog.button.cancel",
    ]);
    const withGoal = await send(tap(button(goalChoice, byKey("goals.children_in_school_or_kita"))));
    // The goal is saved and its first step asked at once, from the goal's area (not asked again).
    expect(keys(withGoal)).toEqual([
      "manager.plan.goal_added",
      "manager.plan.header",
      "manager.plan.goal",
      "manager.plan.agreement.none",
      "manager.plan.step_form.step",
    ]);
    expect(withGoal[1]?.parts[1]?.params).toMatchObject({
      n: "1",
      area: { t: "key", key: "areas.education" },
      text: { t: "key", key: "goals.children_in_school_or_kita" },
    });
    const stepButtons = buttons(withGoal.slice(2));
    // Every step of the area, those with values too (shown with "…" until given).
    expect(stepButtons.filter((b) => b.labelKey.startsWith("catalogue."))).toHaveLength(7);
    expect(stepButtons.find(byKey("catalogue.enrol_child_school.title"))?.labelParams).toEqual({ childName: "…" });
    expect(stepButtons.map((b) => b.labelKey)).toEqual(expect.arrayContaining(["manager.plan.step_form.custom", "dialog.button.skip"]));

    const childName = await send(tap(button(withGoal, byKey("catalogue.enrol_child_school.title"))));
    expect(keys(childName)).toEqual(["manager.plan.step_form.param.childName"]);
    expect(keys(await send(text("Sara")))).toEqual(["manager.plan.step_form.due"]);
    const withStep = await send(text("in 2 Wochen"));
    expect(keys(withStep)).toEqual([
      "manager.plan.step_added_checkin",
      "manager.plan.header",
      "manager.plan.goal",
      "manager.plan.step_due",
      "manager.plan.agreement.none",
    ]);
    expect(withStep[1]?.parts[2]?.params).toMatchObject({
      n: "1.1",
      title: { t: "key", key: "catalogue.enrol_child_school.title", params: { childName: "Sara" } },
      status: { t: "key", key: "manager.plan.step_status.open" },
    });
    const [goal] = await core.store.goals.listForPlan(plan?.id ?? "");
    expect(goal).toMatchObject({ area: "education", catalogueKey: "children_in_school_or_kita", text: "" });
    // The catalogue's rhythm (every 14 days for a school enrolment); the due day ends at 23:59 Berlin time.
    expect(await core.store.steps.listForPlan(plan?.id ?? "")).toMatchObject([
      { goalId: goal?.id, catalogueKey: "enrol_child_school", params: { childName: "Sara" }, cadenceDays: 14, dueAt: new Date("2027-03-15T22:59:00Z") },
    ]);
    const checkIns = (await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "client.step.checkin");
    expect(checkIns.map((m) => [m.dueAt, m.params])).toEqual([
      [new Date("2027-03-15T09:00:00Z"), { stepKey: { key: "enrol_child_school", params: { childName: "Sara" } } }],
    ]);

    const doneView = await send(tap(button(withStep, byKey("manager.plan.step_done_button"))));
    expect(doneView[0]?.edit).toBe(true);
    expect(doneView[0]?.parts[2]?.params).toMatchObject({ status: { t: "key", key: "manager.plan.step_status.done" } });
    expect(buttons(doneView).some(byKey("manager.plan.step_done_button"))).toBe(false);
    expect((await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "client.step.checkin")).toEqual([]);
  });

  it("a goal of one's own is typed; its first step may be skipped, and a step of one's own asks for its text and rhythm", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    const pick = await send(command("plan"));
    expect(keys(pick)).toEqual(["manager.plan.client"]);
    const empty = await send(tap(button(pick, byLabel("Yusuf Karimi"))));
    const area = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    const goalChoice = await send(tap(button(area, byKey("areas.work"))));
    expect(keys(await send(tap(button(goalChoice, byKey("manager.plan.goal_form.own")))))).toEqual(["manager.plan.goal_form.text"]);
    const withGoal = await send(text("Als Pflegehelferin arbeiten"));
    expect(withGoal[1]?.parts[1]?.params).toMatchObject({ text: "Als Pflegehelferin arbeiten" });
    // No step for now: the plan stays as it is.
    const skipped = await send(tap(button(withGoal, byKey("dialog.button.skip"))));
    expect(keys(skipped)).toEqual(["manager.plan.header", "manager.plan.goal", "manager.plan.agreement.none"]);
    const plan = await core.store.plans.findForClient(clients[0]?.id ?? "");
    expect(await core.store.steps.listForPlan(plan?.id ?? "")).toEqual([]);

    const stepChoice = await send(tap(button(skipped, byKey("manager.plan.add_step_button"))));
    expect(keys(stepChoice)).toEqual(["manager.plan.step_form.step"]);
    expect(keys(await send(tap(button(stepChoice, byKey("manager.plan.step_form.custom")))))).toEqual(["manager.plan.step_form.custom_text"]);
    const due = await send(text("Lebenslauf mit dem Ehrenamt schreiben"));
    expect(keys(due)).toEqual(["manager.plan.step_form.due"]);
    const cadence = await send(tap(button(due, byKey("dialog.button.skip"))));
    expect(keys(cadence)).toEqual(["manager.plan.step_form.cadence"]);
    const withStep = await send(tap(button(cadence, byKey("manager.plan.cadence.none"))));
    expect(keys(withStep)).toEqual(["manager.plan.step_added", "manager.plan.header", "manager.plan.goal", "manager.plan.step", "manager.plan.agreement.none"]);
    expect(withStep[1]?.parts[2]?.params).toMatchObject({ title: "Lebenslauf mit dem Ehrenamt schreiben" });
    expect(await core.store.steps.listForPlan(plan?.id ?? "")).toMatchObject([{ customText: "Lebenslauf mit dem Ehrenamt schreiben", cadenceDays: null }]);
  });

  it("a step's day value is typed as people say it and kept as a calendar day; a wrong one is named and asked again", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    const area = await send(tap(button(await send(command("plan", "yusuf")), byKey("manager.plan.create_button"))));
    const withGoal = await send(tap(button(await send(tap(button(area, byKey("areas.language")))), byKey("goals.german_a2"))));
    const examDate = await send(tap(button(withGoal, byKey("catalogue.take_dtz_exam.title"))));
    expect(keys(examDate)).toEqual(["manager.plan.step_form.param.examDate"]);
    expect(keys(await send(text("31.02.")))).toEqual(["dialog.error.no_such_date", "manager.plan.step_form.param.examDate"]);
    const due = await send(text("28.3."));
    expect(keys(due)).toEqual(["manager.plan.step_form.due"]);
    const saved = await send(tap(button(due, byKey("dialog.button.skip"))));
    // A one-off step (an exam on its day) has no regular check-in in the catalogue.
    expect(keys(saved)[0]).toBe("manager.plan.step_added");
    expect(saved[1]?.parts[2]?.params).toMatchObject({
      title: { t: "key", key: "catalogue.take_dtz_exam.title", params: { examDate: { t: "date", iso: "2027-03-28", zone: "UTC" } } },
    });
    const plan = await core.store.plans.findForClient(clients[0]?.id ?? "");
    expect(await core.store.steps.listForPlan(plan?.id ?? "")).toMatchObject([
      { catalogueKey: "take_dtz_exam", params: { examDate: "2027-03-28" }, cadenceDays: null },
    ]);
  });

  it('a step\'s deadline may be a day alone ("18.12.", "in 2 Wochen"); a day that does not exist is named', async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    const area = await send(tap(button(await send(command("plan", "yusuf")), byKey("manager.plan.create_button"))));
    const withGoal = await send(tap(button(await send(tap(button(area, byKey("areas.work")))), byKey("goals.find_job"))));
    const addStep = async (due: string) => {
      const stepChoice = await send(tap(button(withGoal, byKey("manager.plan.add_step_button"))));
      await send(tap(button(stepChoice, byKey("catalogue.write_cv.title"))));
      return send(text(due));
    };
    expect(keys(await addStep("31.02."))).toEqual(["dialog.error.no_such_date", "manager.plan.step_form.due"]);
    expect(keys(await send(text("18.12.")))[0]).toBe("manager.plan.step_added_checkin");
    expect(keys(await addStep("in 2 Wochen"))[0]).toBe("manager.plan.step_added_checkin");
    // The end of the day named, Berlin time.
    const plan = await core.store.plans.findForClient(clients[0]?.id ?? "");
    const steps = await core.store.steps.listForPlan(plan?.id ?? "");
    expect(steps.map((step) => step.dueAt?.toISOString())).toEqual(["2027-12-18T22:59:00.000Z", "2027-03-15T22:59:00.000Z"]);
  });

  it("/plan <name> with several matches answers with one button per client", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad", "Amina Said"], chat);
    const several = await send(command("plan", "amina"));
    expect(keys(several)).toEqual(["manager.plan.which_client"]);
    const opened = await send(tap(button(several, byLabel("Amina Said"))));
    expect(opened).toMatchObject([{ parts: [{ key: "manager.plan.none", params: { name: "Amina Said" } }] }]);
  });
});
