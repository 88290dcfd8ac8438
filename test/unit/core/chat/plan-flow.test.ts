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

  it("create plan → add a goal by area and text → add a catalogue step every 7 days → mark it done", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"], chat);
    const client = clients[1];
    if (!client) throw new Error("no client");

    const empty = await send(command("plan", "amina"));
    expect(empty).toMatchObject([{ parts: [{ key: "manager.plan.none", params: { name: "Amina Haddad" } }] }]);
    const created = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    expect(keys(created)).toEqual(["manager.plan.created", "manager.plan.header", "manager.plan.no_goals"]);
    const plan = await core.store.plans.findForClient(client.id);
    expect(plan?.clientId).toBe(client.id);
    // A second tap on "create" (a double tap, an old message) opens the plan that exists instead of failing.
    const again = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    expect(keys(again)).toEqual(["manager.plan.exists", "manager.plan.header", "manager.plan.no_goals"]);

    const area = await send(tap(button(created, byKey("manager.plan.add_goal_button"))));
    expect(keys(area)).toEqual(["manager.plan.goal_form.area"]);
    expect(keys(await send(tap(button(area, byKey("areas.housing")))))).toEqual(["manager.plan.goal_form.text"]);
    const withGoal = await send(text("Eine eigene Wohnung finden"));
    expect(keys(withGoal)).toEqual(["manager.plan.goal_added", "manager.plan.header", "manager.plan.goal"]);
    expect(withGoal[1]?.parts[1]?.params).toMatchObject({ n: "1", area: { t: "key", key: "areas.housing" }, text: "Eine eigene Wohnung finden" });

    const stepArea = await send(tap(button(withGoal, byKey("manager.plan.add_step_button"))));
    expect(keys(stepArea)).toEqual(["manager.plan.step_form.area"]);
    const stepChoice = await send(tap(button(stepArea, byKey("areas.housing"))));
    expect(keys(stepChoice)).toEqual(["manager.plan.step_form.step"]);
    // Only catalogue steps without parameters are offered, plus a custom text.
    expect(buttons(stepChoice).map((b) => b.labelKey)).toContain("catalogue.get_rent_approval.title");
    expect(buttons(stepChoice).map((b) => b.labelKey)).not.toContain("catalogue.search_flats.title");
    const due = await send(tap(button(stepChoice, byKey("catalogue.get_rent_approval.title"))));
    expect(keys(due)).toEqual(["manager.plan.step_form.due"]);
    const cadence = await send(tap(button(due, byKey("dialog.button.skip"))));
    expect(keys(cadence)).toEqual(["manager.plan.step_form.cadence"]);
    const withStep = await send(tap(button(cadence, byKey("manager.plan.cadence.days_7"))));
    expect(keys(withStep)).toEqual(["manager.plan.step_added_checkin", "manager.plan.header", "manager.plan.goal", "manager.plan.step"]);
    expect(withStep[1]?.parts[2]?.params).toMatchObject({
      n: "1.1",
      title: { t: "key", key: "catalogue.get_rent_approval.title" },
      status: { t: "key", key: "manager.plan.step_status.open" },
    });

    const checkIns = (await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "client.step.checkin");
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]?.dueAt).toEqual(new Date("2027-03-08T09:00:00Z"));

    const doneView = await send(tap(button(withStep, byKey("manager.plan.step_done_button"))));
    expect(doneView[0]?.edit).toBe(true);
    expect(doneView[0]?.parts[2]?.params).toMatchObject({ status: { t: "key", key: "manager.plan.step_status.done" } });
    expect(buttons(doneView).some(byKey("manager.plan.step_done_button"))).toBe(false);
    const [goal] = await core.store.goals.listForPlan(plan?.id ?? "");
    expect(await core.store.steps.listForPlan(plan?.id ?? "")).toMatchObject([
      { goalId: goal?.id, catalogueKey: "get_rent_approval", cadenceDays: 7, status: "done" },
    ]);
    expect((await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "client.step.checkin")).toEqual([]);
  });

  it("/plan without a name picks a client; a custom step asks for its text", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    const pick = await send(command("plan"));
    expect(keys(pick)).toEqual(["manager.plan.client"]);
    const empty = await send(tap(button(pick, byLabel("Yusuf Karimi"))));
    const created = await send(tap(button(empty, byKey("manager.plan.create_button"))));
    const area = await send(tap(button(created, byKey("manager.plan.add_goal_button"))));
    await send(tap(button(area, byKey("areas.work"))));
    const withGoal = await send(text("Arbeit finden"));
    const stepArea = await send(tap(button(withGoal, byKey("manager.plan.add_step_button"))));
    const stepChoice = await send(tap(button(stepArea, byKey("areas.work"))));
    expect(keys(await send(tap(button(stepChoice, byKey("manager.plan.step_form.custom")))))).toEqual(["manager.plan.step_form.custom_text"]);
    const due = await send(text("Lebenslauf mit dem Ehrenamt schreiben"));
    expect(keys(due)).toEqual(["manager.plan.step_form.due"]);
    const cadence = await send(tap(button(due, byKey("dialog.button.skip"))));
    const withStep = await send(tap(button(cadence, byKey("manager.plan.cadence.none"))));
    expect(keys(withStep)).toEqual(["manager.plan.step_added", "manager.plan.header", "manager.plan.goal", "manager.plan.step"]);
    expect(withStep[1]?.parts[2]?.params).toMatchObject({ title: "Lebenslauf mit dem Ehrenamt schreiben" });
  });

  it('a step\'s deadline may be a day alone ("18.12.", "in 2 Wochen"); a day that does not exist is named', async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    const created = await send(tap(button(await send(command("plan", "yusuf")), byKey("manager.plan.create_button"))));
    await send(tap(button(await send(tap(button(created, byKey("manager.plan.add_goal_button")))), byKey("areas.work"))));
    const withGoal = await send(text("Arbeit finden"));
    const addStep = async (due: string) => {
      const stepArea = await send(tap(button(withGoal, byKey("manager.plan.add_step_button"))));
      const stepChoice = await send(tap(button(stepArea, byKey("areas.work"))));
      await send(tap(button(stepChoice, byKey("manager.plan.step_form.custom"))));
      await send(text(`Schritt bis ${due}`));
      return send(text(due));
    };
    expect(keys(await addStep("31.02."))).toEqual(["dialog.error.no_such_date", "manager.plan.step_form.due"]);
    const cadence = await send(text("18.12."));
    expect(keys(cadence)).toEqual(["manager.plan.step_form.cadence"]);
    await send(tap(button(cadence, byKey("manager.plan.cadence.none"))));
    const inTwoWeeks = await addStep("in 2 Wochen");
    expect(keys(inTwoWeeks)).toEqual(["manager.plan.step_form.cadence"]);
    await send(tap(button(inTwoWeeks, byKey("manager.plan.cadence.none"))));
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
