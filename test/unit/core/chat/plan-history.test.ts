import { describe, expect, it } from "vitest";
import { planHistoryAction } from "../../../../src/core/chat/plan-actions.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { beginReview } from "../../../../src/core/plans/begin-review.ts";
import { completeReview } from "../../../../src/core/plans/complete-review.ts";
import { editGoal } from "../../../../src/core/plans/edit-goal.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { button, buttons, byKey, command, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

describe("the plan's versions from the plan view", () => {
  it("“Fortschreibungen” under a plan lists every recorded version: when, why, how many goals, and what changed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const actor = staffActor(manager);
    const plan = await createPlan(core.deps, actor, { clientId: clients[0]?.id });
    const view = await send(command("plan", "Amina"));
    expect(keys(await send(tap(button(view, byKey("manager.plan.history_button")))))).toEqual(["manager.plan.history.none"]);
    const goal = await addGoal(core.deps, actor, { planId: plan.id, area: "language", text: "Deutsch B1" });
    core.clock.advance(30 * 24 * 60 * 60 * 1000);
    await beginReview(core.deps, actor, { planId: plan.id });
    await editGoal(core.deps, actor, { goalId: goal.id, status: "achieved" });
    await completeReview(core.deps, actor, { planId: plan.id });

    const history = buttons(view).find((button) => button.labelKey === "manager.plan.history_button");
    expect(history?.data).toBe(planHistoryAction.encode(plan.id));
    const [reply] = await send(tap(history?.data));
    expect(reply?.parts[0]).toMatchObject({
      key: "manager.plan.history.list",
      params: {
        versions: {
          t: "lines",
          items: [
            // Version 1: the plan as written since 1 March, kept when the review began.
            { key: "manager.plan.history.created", params: { version: 1, count: 1, at: { iso: "2027-03-01T09:00:00.000Z" } } },
            { key: "manager.plan.history.reviewed", params: { version: 2, count: 1, at: { iso: "2027-03-31T09:00:00.000Z" } } },
            { key: "manager.plan.change.goal_status", params: { n: 1, text: "Deutsch B1", status: { key: "manager.plan.goal_status.achieved" } } },
          ],
        },
      },
    });
  });
});
