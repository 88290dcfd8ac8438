import { describe, expect, it } from "vitest";
import { listReviewsDue } from "../../../../src/core/plans/list-reviews-due.ts";
import type { IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { planDueCheckIns } from "../../../../src/core/reminders/plan-due-check-ins.ts";
import { planReviewDigests } from "../../../../src/core/reminders/plan-review-digests.ts";
import { planReviewNudges } from "../../../../src/core/reminders/plan-review-nudges.ts";
import type { Manager } from "../../../../src/core/setup/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { outbox, seedClient, seedStaff, seedTenant, staffActor } from "../../../support/seed-appointments.ts";

const since = new Date("2027-01-01T00:00:00Z");

async function linkChat(core: TestCore, manager: Manager): Promise<void> {
  await core.store.identities.upsert({
    id: `identity-${manager.id}`,
    channel: "telegram",
    externalId: `tg-${manager.id}`,
    conversationRef: null,
    managerId: manager.id,
    clientId: null,
    locale: "de",
    active: true,
    linkedAt: since,
    deactivatedAt: null,
  });
}

async function seedPlan(core: TestCore, id: string, clientId: string, nextReviewAt: string): Promise<void> {
  const plan: IntegrationPlan = {
    id,
    tenantId: "t1",
    clientId,
    householdId: null,
    version: 1,
    nextReviewAt: new Date(nextReviewAt),
    createdAt: since,
    updatedAt: since,
  };
  await core.store.plans.create(plan);
}

/** Sunday 2027-03-28, 14:00 CEST: Amina's review is due tomorrow, Omar's is overdue; Eva and her supervisor Sara have chats. */
async function reviewWorld() {
  const core = testCore("2027-03-28T12:00:00Z");
  const tenant = await seedTenant(core, "t1");
  const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
  const sara = await seedStaff(core, tenant.id, "sara", "Sara Aufsicht", "supervisor");
  await linkChat(core, eva);
  await linkChat(core, sara);
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
  const omar = await seedClient(core, "omar", "Omar Demir", { tenantId: tenant.id, managerId: eva.id });
  await seedPlan(core, "p1", amina.id, "2027-03-29T10:00:00Z");
  await seedPlan(core, "p2", omar.id, "2027-03-01T09:00:00Z");
  return { core, eva, sara };
}

const sweeps = (core: TestCore) => [planReviewNudges(core.deps), planReviewDigests(core.deps), planDueCheckIns(core.deps)];

describe("scheduled sweeps are the system reading, not a person: no audit entries per run", () => {
  it("review nudges and the supervisors' digest are planned, and no run writes an audit entry", async () => {
    const { core } = await reviewWorld();
    const audited = core.store.state.audit.length;
    for (let run = 0; run < 3; run += 1) {
      await Promise.all(sweeps(core));
      core.clock.advance(60_000);
    }
    expect(
      outbox(core)
        .map((m) => [m.recipientId, m.messageKey])
        .sort(),
    ).toEqual([
      ["eva", "manager_jobs.review.nudge"],
      // Omar's review, overdue since 1 March: nudged again on Monday 08:00, as every week.
      ["eva", "manager_jobs.review.overdue"],
      ["sara", "manager_jobs.review.digest"],
    ]);
    expect(core.store.state.audit.length).toBe(audited);
  });

  it("while a person listing the same reviews is audited for each plan", async () => {
    const { core, eva } = await reviewWorld();
    const audited = core.store.state.audit.length;
    expect(await listReviewsDue(core.deps, staffActor(eva), { dueBy: "2027-03-30" })).toHaveLength(2);
    expect(core.store.state.audit.slice(audited).map((e) => [e.actorId, e.action])).toEqual([
      ["eva", "plan.review_due.list"],
      ["eva", "plan.review_due.list"],
    ]);
  });
});
