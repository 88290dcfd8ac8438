import { beforeEach, describe, expect, it } from "vitest";
import { listReferrals } from "../../../../src/core/referrals/list-referrals.ts";
import { referClient } from "../../../../src/core/referrals/refer-client.ts";
import { updateReferral } from "../../../../src/core/referrals/update-referral.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWorld, snapshotState, type PlanWorld } from "../../../support/seed-plans.ts";

describe("referrals", () => {
  let core: TestCore;
  let world: PlanWorld;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
  });

  it("refers a client to a standard service and to a volunteer, listed oldest first", async () => {
    const jobcenter = await referClient(core.deps, world.actors.manager, {
      clientId: world.client.id,
      targetKind: "service",
      service: "jobcenter",
      followUpAt: "2027-03-15T09:00:00Z",
    });
    expect(jobcenter).toMatchObject({
      tenantId: world.tenantId,
      clientId: world.client.id,
      managerId: world.manager.id,
      targetKind: "service",
      target: "jobcenter",
      status: "open",
      followUpAt: new Date("2027-03-15T09:00:00Z"),
      createdAt: core.clock.now(),
    });
    core.clock.advance(60_000);
    const volunteer = await referClient(core.deps, world.actors.manager, {
      clientId: world.client.id,
      targetKind: "volunteer",
      target: " Lesepatin Frau Maier ",
    });
    expect(volunteer).toMatchObject({ targetKind: "volunteer", target: "Lesepatin Frau Maier", followUpAt: null });
    for (const actor of [world.actors.manager, world.actors.supervisor, world.actors.client]) {
      expect((await listReferrals(core.deps, actor, { clientId: world.client.id })).map((r) => r.id)).toEqual([jobcenter.id, volunteer.id]);
    }
    expect(core.store.state.audit.filter((e) => e.clientId === world.client.id).map((e) => e.action)).toContain("referral.create");
  });

  it("records whether the client went, and moves or clears the follow-up", async () => {
    const referral = await referClient(core.deps, world.actors.manager, {
      clientId: world.client.id,
      targetKind: "service",
      service: "recognition_counselling",
      followUpAt: "2027-03-15T09:00:00Z",
    });
    await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, status: "attended", followUpAt: null });
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ status: "attended", followUpAt: null });
    await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, followUpAt: "2027-04-01T09:00:00Z" });
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ status: "attended", followUpAt: new Date("2027-04-01T09:00:00Z") });
  });

  it.each([
    ["an unknown service", { targetKind: "service", service: "bank" }],
    ["a service given as free text", { targetKind: "service", target: "Jobcenter" }],
    ["an offer without a description", { targetKind: "offer", target: "  " }],
    ["an offer description over 200 characters", { targetKind: "offer", target: "x".repeat(201) }],
    ["an unknown target kind", { targetKind: "friend", target: "Ali" }],
  ])("rejects %s and changes nothing", async (_label, fields) => {
    const before = snapshotState(core);
    await expect(referClient(core.deps, world.actors.manager, { clientId: world.client.id, ...fields })).rejects.toMatchObject({ code: "invalid_input" });
    expect(core.store.state).toEqual(before);
  });

  it("refuses referring or updating by a supervisor, the client, a colleague or another tenant", async () => {
    const referral = await referClient(core.deps, world.actors.manager, { clientId: world.client.id, targetKind: "offer", target: "Sprachcafé im Rathaus" });
    const before = snapshotState(core);
    for (const actor of [world.actors.supervisor, world.actors.client, world.actors.colleague, world.actors.stranger]) {
      await expect(referClient(core.deps, actor, { clientId: world.client.id, targetKind: "service", service: "school" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(updateReferral(core.deps, actor, { referralId: referral.id, status: "closed" })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(listReferrals(core.deps, world.actors.neighbour, { clientId: world.client.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state).toEqual(before);
  });

  it("rejects an unknown status and an update with nothing to change", async () => {
    const referral = await referClient(core.deps, world.actors.manager, { clientId: world.client.id, targetKind: "service", service: "school" });
    await expect(updateReferral(core.deps, world.actors.manager, { referralId: referral.id, status: "lost" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(updateReferral(core.deps, world.actors.manager, { referralId: referral.id })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(updateReferral(core.deps, world.actors.manager, { referralId: "nope", status: "closed" })).rejects.toMatchObject({ code: "not_found" });
  });
});
