import { describe, expect, it } from "vitest";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { button, byKey, command, keys, linkedManager, tap, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

describe("editing a goal from the plan view", () => {
  it("“Ziel 1 bearbeiten” → achieved, wording kept: the goal counts as achieved; new wording replaces the old", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const actor = staffActor(manager);
    const plan = await createPlan(core.deps, actor, { clientId: clients[0]?.id });
    const goal = await addGoal(core.deps, actor, { planId: plan.id, area: "language", text: "Deutsch B1" });

    const view = await send(command("plan", "Amina"));
    const status = await send(tap(button(view, byKey("manager.plan.edit_goal_button"))));
    expect(keys(status)).toEqual(["manager.plan.edit_goal_form.status"]);
    const wording = await send(tap(button(status, byKey("manager.plan.goal_status.achieved"))));
    expect(keys(wording)).toEqual(["manager.plan.edit_goal_form.text"]);
    const done = await send(tap(button(wording, byKey("dialog.button.skip"))));
    expect(keys(done).slice(0, 2)).toEqual(["manager.plan.goal_edited", "manager.plan.header"]);
    expect(await core.store.goals.get(goal.id)).toMatchObject({ status: "achieved", text: "Deutsch B1" });

    const again = await send(tap(button(await send(command("plan", "Amina")), byKey("manager.plan.edit_goal_button"))));
    await send(tap(button(again, byKey("manager.plan.goal_status.in_progress"))));
    await send(text("Deutsch B1 bis Sommer 2027"));
    expect(await core.store.goals.get(goal.id)).toMatchObject({ status: "in_progress", text: "Deutsch B1 bis Sommer 2027" });
  });
});
