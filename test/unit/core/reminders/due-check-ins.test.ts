import { describe, expect, it } from "vitest";
import { withdrawConsent } from "../../../../src/core/consent/withdraw-consent.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../../src/core/plans/answer-check-in.ts";
import { checkInDedupeKey } from "../../../../src/core/plans/check-ins.ts";
import type { PlanStep } from "../../../../src/core/plans/model.ts";
import { setStepStatus } from "../../../../src/core/plans/set-step-status.ts";
import { planDueCheckIns } from "../../../../src/core/reminders/plan-due-check-ins.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { giveConsent, seedPlanWithGoal, seedPlanWorld, type PlanWorld } from "../../../support/seed-plans.ts";

const hourMs = 3_600_000;

/** Amina's plan with one step asked about every `cadenceDays` days, added now (its first check-in planned with it). */
async function stepWorld(now: string, cadenceDays = 7) {
  const core = testCore(now);
  const world = await seedPlanWorld(core);
  const { goal } = await seedPlanWithGoal(core, world);
  const { step } = await addStep(core.deps, world.actors.manager, {
    goalId: goal.id,
    catalogueKey: "apply_for_jobs",
    params: { profession: "Elektriker" },
    cadenceDays,
  });
  return { core, world, step };
}

const checkIns = (core: TestCore, step: PlanStep) =>
  [...core.store.state.outbox.values()]
    .filter((m) => m.messageKey === "client.step.checkin" && m.dedupeKey.startsWith(`step:${step.id}:`))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
const sent = (core: TestCore, step: PlanStep) =>
  checkIns(core, step)
    .filter((m) => m.status === "sent")
    .map((m) => [m.dedupeKey, m.dueAt.toISOString()]);
const pending = (core: TestCore, step: PlanStep) =>
  checkIns(core, step)
    .filter((m) => m.status === "pending")
    .map((m) => [m.dedupeKey, m.dueAt.toISOString()]);

/** The dispatcher's part: every due row is sent now (the client reads it and does not answer). */
async function sendDue(core: TestCore): Promise<void> {
  for (const claim of await core.store.outbox.claimDue(core.clock.now(), 1000, 60_000)) {
    await core.store.outbox.markSent({ id: claim.id, attempts: claim.attempts }, `tg-${claim.id}`, core.clock.now());
  }
}

/** Hour by hour until `until`: due messages go out, then the hourly sweep runs (as the job registry does). */
async function runHourly(core: TestCore, until: string): Promise<number> {
  let planned = 0;
  while (core.clock.now().getTime() + hourMs <= Date.parse(until)) {
    core.clock.advance(hourMs);
    await sendDue(core);
    planned += (await planDueCheckIns(core.deps)).planned;
  }
  return planned;
}

describe("check-ins continue at the step's cadence while the client does not answer", () => {
  it("asks again every 7 days at 10:00 local, across the spring-forward day, with one question pending at a time", async () => {
    const { core, step } = await stepWorld("2027-03-01T09:25:00Z"); // Monday 10:25 CET
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 1), "2027-03-08T09:00:00.000Z"]]);
    const planned = await runHourly(core, "2027-04-06T00:00:00Z");
    expect(sent(core, step)).toEqual([
      [checkInDedupeKey(step.id, 1), "2027-03-08T09:00:00.000Z"],
      [checkInDedupeKey(step.id, 2), "2027-03-15T09:00:00.000Z"],
      [checkInDedupeKey(step.id, 3), "2027-03-22T09:00:00.000Z"],
      [checkInDedupeKey(step.id, 4), "2027-03-29T08:00:00.000Z"], // 10:00 CEST, after the switch on 28 March
      [checkInDedupeKey(step.id, 5), "2027-04-05T08:00:00.000Z"],
    ]);
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 6), "2027-04-12T08:00:00.000Z"]]);
    expect(planned).toBe(5); // one per question sent, none more
  });

  it("a daily step keeps 10:00 local across the fall-back day", async () => {
    const { core, step } = await stepWorld("2027-10-29T09:25:00Z", 1); // Friday 11:25 CEST
    await runHourly(core, "2027-11-02T00:00:00Z");
    expect(sent(core, step).map(([, dueAt]) => dueAt)).toEqual([
      "2027-10-30T08:00:00.000Z", // 10:00 CEST
      "2027-10-31T09:00:00.000Z", // 10:00 CET, the switch day
      "2027-11-01T09:00:00.000Z",
    ]);
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 4), "2027-11-02T09:00:00.000Z"]]);
  });

  it("an answer after unanswered questions plans the next one a cadence after the answer, under a new number", async () => {
    const { core, world, step } = await stepWorld("2027-03-01T09:25:00Z");
    await runHourly(core, "2027-03-16T12:00:00Z"); // #1 and #2 went out unanswered
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "in_progress" });
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 3), "2027-03-23T09:00:00.000Z"]]);
    expect(sent(core, step)).toHaveLength(2);
    await runHourly(core, "2027-03-24T00:00:00Z");
    expect(sent(core, step).map(([key]) => key)).toEqual([1, 2, 3].map((n) => checkInDedupeKey(step.id, n)));
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 4), "2027-03-30T08:00:00.000Z"]]);
  });
});

describe("check-ins stop when the step is finished or consent is withdrawn", () => {
  const stops: [string, (core: TestCore, world: PlanWorld, step: PlanStep) => Promise<unknown>][] = [
    ["the client answers 'done'", (core, world, step) => answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "done" })],
    ["the manager drops the step", (core, world, step) => setStepStatus(core.deps, world.actors.manager, { stepId: step.id, status: "dropped" })],
    [
      "the client withdraws consent to check-ins",
      (core, world) => withdrawConsent(core.deps, world.actors.client, { clientId: world.client.id, purposes: ["plan_checkins"], channel: "telegram" }),
    ],
  ];

  it.each(stops)("%s", async (_label, stop) => {
    const { core, world, step } = await stepWorld("2027-03-01T09:25:00Z");
    await runHourly(core, "2027-03-08T12:00:00Z"); // #1 went out; #2 is pending
    expect(pending(core, step)).toHaveLength(1);
    await stop(core, world, step);
    expect(await runHourly(core, "2027-04-01T00:00:00Z")).toBe(0);
    expect(sent(core, step)).toEqual([[checkInDedupeKey(step.id, 1), "2027-03-08T09:00:00.000Z"]]);
    expect(pending(core, step)).toEqual([]);
  });
});

describe("the sweep plans each question once", () => {
  it("runs twice, or twice at once, leave one pending question per step", async () => {
    const { core, step } = await stepWorld("2027-03-01T09:25:00Z");
    await core.store.outbox.cancelPendingByPrefix(`step:${step.id}:`); // e.g. the row was lost to an old bug
    expect(pending(core, step)).toEqual([]);
    expect(await planDueCheckIns(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    expect(await planDueCheckIns(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    await Promise.all([planDueCheckIns(core.deps), planDueCheckIns(core.deps)]);
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 2), "2027-03-08T09:00:00.000Z"]]); // #1 was cancelled: a new number
  });

  it("after downtime asks once at the next 10:00, not once for every missed week", async () => {
    const { core, step } = await stepWorld("2027-03-01T09:25:00Z");
    await runHourly(core, "2027-03-08T12:00:00Z"); // #1 went out
    await core.store.outbox.cancelPendingByPrefix(`step:${step.id}:`); // the pending #2 was lost meanwhile
    core.clock.set("2027-04-20T12:00:00Z"); // back after six weeks, Tuesday 14:00 CEST
    await planDueCheckIns(core.deps);
    await planDueCheckIns(core.deps);
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 3), "2027-04-21T08:00:00.000Z"]]); // #2 was cancelled: a new number
  });

  it("asks a step added before consent once the client consents, from the next 10:00", async () => {
    const core = testCore("2027-03-01T09:25:00Z");
    const world = await seedPlanWorld(core);
    const { goal } = await seedPlanWithGoal(core, world);
    await withdrawConsent(core.deps, world.actors.client, { clientId: world.client.id, purposes: ["plan_checkins"], channel: "telegram" });
    const { step } = await addStep(core.deps, world.actors.manager, {
      goalId: goal.id,
      catalogueKey: "apply_for_jobs",
      params: { profession: "Elektriker" },
      cadenceDays: 7,
    });
    expect(await runHourly(core, "2027-03-20T00:00:00Z")).toBe(0);
    expect(checkIns(core, step)).toEqual([]);
    await giveConsent(core, world.client.id, ["plan_checkins"]);
    await runHourly(core, "2027-03-20T01:00:00Z");
    expect(pending(core, step)).toEqual([[checkInDedupeKey(step.id, 1), "2027-03-20T09:00:00.000Z"]]);
  });
});
