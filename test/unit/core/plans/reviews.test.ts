import { beforeEach, describe, expect, it } from "vitest";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { completeReview } from "../../../../src/core/plans/complete-review.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { editGoal } from "../../../../src/core/plans/edit-goal.ts";
import { listPlanVersions } from "../../../../src/core/plans/list-plan-versions.ts";
import { listReviewsDue } from "../../../../src/core/plans/list-reviews-due.ts";
import type { Goal, IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { localDayInMonths } from "../../../../src/core/plans/review-dates.ts";
import { setReviewDate } from "../../../../src/core/plans/set-review-date.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedClient } from "../../../support/seed.ts";
import { seedPlanWithGoal, seedPlanWorld, snapshotState, type PlanWorld } from "../../../support/seed-plans.ts";

describe("reviews (Fortschreibung)", () => {
  let core: TestCore;
  let world: PlanWorld;
  let plan: IntegrationPlan;
  let goal: Goal;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
    ({ plan, goal } = await seedPlanWithGoal(core, world));
    await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv", note: "Zeugnisse fehlen" });
  });

  it("records a new version with the goals and steps as reviewed, and moves the next review six months on", async () => {
    core.clock.set("2027-08-31T10:00:00Z");
    const { plan: reviewed, version } = await completeReview(core.deps, world.actors.manager, { planId: plan.id });
    expect(reviewed).toMatchObject({ version: 2, nextReviewAt: new Date("2028-02-29T22:59:59.999Z"), updatedAt: core.clock.now() });
    expect(await core.store.plans.get(plan.id)).toEqual(reviewed);
    expect(version).toMatchObject({ version: 2, reason: "reviewed", createdBy: world.manager.id, createdAt: core.clock.now() });
    expect(version.snapshot.goals).toEqual([
      expect.objectContaining({ id: goal.id, text: "Deutsch auf B1 lernen", steps: [expect.objectContaining({ catalogueKey: "write_cv" })] }),
    ]);
    expect(version.snapshot.goals[0]?.steps[0]?.note).toBe("sealed(Zeugnisse fehlen)");
  });

  it("takes a chosen next review date", async () => {
    const { plan: reviewed } = await completeReview(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: "2027-06-01T08:00:00Z" });
    expect(reviewed.nextReviewAt).toEqual(new Date("2027-06-01T08:00:00Z"));
  });

  it("keeps older versions readable after the plan changed, notes only for the plan's manager", async () => {
    await completeReview(core.deps, world.actors.manager, { planId: plan.id });
    await editGoal(core.deps, world.actors.manager, { goalId: goal.id, text: "Deutsch auf B2 lernen" });
    await completeReview(core.deps, world.actors.manager, { planId: plan.id });
    const versions = await listPlanVersions(core.deps, world.actors.manager, { planId: plan.id });
    expect(versions.map((v) => [v.version, v.reason, v.goals[0]?.text])).toEqual([
      // Version 1 (the plan as written) is kept when the first review is recorded, without a "begin" before it.
      [1, "created", "Deutsch auf B1 lernen"],
      [2, "reviewed", "Deutsch auf B1 lernen"],
      [3, "reviewed", "Deutsch auf B2 lernen"],
    ]);
    expect(versions[1]?.goals[0]?.steps[0]?.note).toBe("Zeugnisse fehlen");
    const supervised = await listPlanVersions(core.deps, world.actors.supervisor, { planId: plan.id });
    expect(supervised[1]?.goals[0]?.steps[0]?.note).toBeNull();
    expect(JSON.stringify(supervised)).not.toContain("Zeugnisse");
    await expect(listPlanVersions(core.deps, world.actors.colleague, { planId: plan.id })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a review by the client or supervisor and changes nothing", async () => {
    const before = snapshotState(core);
    for (const actor of [world.actors.client, world.actors.supervisor, world.actors.stranger]) {
      await expect(completeReview(core.deps, actor, { planId: plan.id })).rejects.toMatchObject({ code: "forbidden" });
      await expect(setReviewDate(core.deps, actor, { planId: plan.id, nextReviewAt: "2027-05-01T08:00:00Z" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect(core.store.state).toEqual(before);
  });

  it("sets and clears the review date", async () => {
    const moved = await setReviewDate(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: "2027-05-01T08:00:00Z" });
    expect(moved.nextReviewAt).toEqual(new Date("2027-05-01T08:00:00Z"));
    await setReviewDate(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: null });
    expect((await core.store.plans.get(plan.id))?.nextReviewAt).toBeNull();
    await expect(setReviewDate(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: "soon" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  describe("due reviews", () => {
    let family: IntegrationPlan;
    let colleaguesPlan: IntegrationPlan;

    beforeEach(async () => {
      family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId, nextReviewAt: "2027-05-01T08:00:00Z" });
      const colleaguesClient = await seedClient(core.store, world.tenantId, { managerId: world.colleague.id, name: "Yusuf Colleague" });
      colleaguesPlan = await createPlan(core.deps, world.actors.colleague, { clientId: colleaguesClient.id, nextReviewAt: "2027-04-01T08:00:00Z" });
      await createPlan(core.deps, world.actors.stranger, { clientId: world.otherClient.id, nextReviewAt: "2027-04-01T08:00:00Z" });
    });

    it("lists a manager's own caseload, earliest first, with names, and nothing of colleagues", async () => {
      const due = await listReviewsDue(core.deps, world.actors.manager, { dueBy: "2027-09-01" });
      expect(due.map((d) => [d.planId, d.name])).toEqual([
        [family.id, "Familie"],
        [plan.id, "Amina Haddad"],
      ]);
      expect(await listReviewsDue(core.deps, world.actors.manager, { dueBy: "2027-08-31" })).toEqual([
        expect.objectContaining({ planId: family.id, overdue: false }),
      ]);
    });

    it("counts a review on the given day as due until that day ends in the tenant's time zone", async () => {
      const dueOn1September = async () => (await listReviewsDue(core.deps, world.actors.manager, { dueBy: "2027-09-01" })).map((d) => d.planId);
      await setReviewDate(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: "2027-09-01T21:30:00Z" });
      expect(await dueOn1September()).toEqual([family.id, plan.id]);
      await setReviewDate(core.deps, world.actors.manager, { planId: plan.id, nextReviewAt: "2027-09-01T22:30:00Z" });
      expect(await dueOn1September()).toEqual([family.id]);
    });

    it("marks reviews as overdue as time passes", async () => {
      core.clock.set("2027-06-01T08:00:00Z");
      expect(await listReviewsDue(core.deps, world.actors.manager, {})).toEqual([expect.objectContaining({ planId: family.id, overdue: true })]);
    });

    it("lists the whole tenant for a supervisor, not other tenants", async () => {
      const due = await listReviewsDue(core.deps, world.actors.supervisor, { dueBy: "2027-12-31" });
      expect(due.map((d) => d.planId)).toEqual([colleaguesPlan.id, family.id, plan.id]);
    });

    it("refuses the tenant-wide list to a manager and to clients", async () => {
      await expect(listReviewsDue(core.deps, world.actors.manager, { scope: "tenant" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listReviewsDue(core.deps, world.actors.client, {})).rejects.toMatchObject({ code: "forbidden" });
    });

    it("leaves out plans of closed cases", async () => {
      const client = await core.store.clients.get(world.client.id);
      if (!client) throw new Error("seeded client missing");
      await core.store.clients.update({ ...client, status: "closed", closedAt: core.clock.now() });
      expect((await listReviewsDue(core.deps, world.actors.supervisor, { dueBy: "2027-12-31" })).map((d) => d.planId)).toEqual([colleaguesPlan.id, family.id]);
    });
  });

  it("counts months in local calendar days, ending on the last day of a shorter month", () => {
    const zone = "Europe/Berlin";
    expect(localDayInMonths(new Date("2027-03-01T09:00:00Z"), zone, 6)).toEqual({ year: 2027, month: 9, day: 1 });
    expect(localDayInMonths(new Date("2027-08-31T09:00:00Z"), zone, 6)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(localDayInMonths(new Date("2027-12-15T09:00:00Z"), zone, 12)).toEqual({ year: 2028, month: 12, day: 15 });
    // 23:30 UTC on 31 December is already 1 January in Berlin.
    expect(localDayInMonths(new Date("2027-12-31T23:30:00Z"), zone, 1)).toEqual({ year: 2028, month: 2, day: 1 });
  });

  it("does not add goals to a plan without an open case", async () => {
    const client = await core.store.clients.get(world.client.id);
    if (!client) throw new Error("seeded client missing");
    await core.store.clients.update({ ...client, status: "closed", closedAt: core.clock.now() });
    await expect(addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "work", text: "Arbeit" })).rejects.toMatchObject({
      code: "case_closed",
    });
  });
});
