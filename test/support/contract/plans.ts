import { expect, it } from "vitest";
import type { AssessmentVersion, StoredAssessment } from "../../../src/core/assessment/model.ts";
import type { OutboxMessage } from "../../../src/core/outbox/model.ts";
import { checkInDedupeKey, checkInMessageKey } from "../../../src/core/plans/check-in-keys.ts";
import type { StepAwaitingCheckIn } from "../../../src/core/plans/repositories.ts";
import type { Goal, IntegrationPlan, PlanStep, PlanVersion } from "../../../src/core/plans/model.ts";
import type { Referral } from "../../../src/core/referrals/model.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

export function plansContract(context: ContractContext): void {
  const store = () => context.store();

  function plan(tenantId: string, owner: { clientId?: string; householdId?: string }, overrides: Partial<IntegrationPlan> = {}): IntegrationPlan {
    return {
      id: context.unique("plan"),
      tenantId,
      clientId: owner.clientId ?? null,
      householdId: owner.householdId ?? null,
      version: 1,
      nextReviewAt: at("2027-09-01T09:00:00Z"),
      createdAt: at("2027-03-01T09:00:00Z"),
      updatedAt: at("2027-03-01T09:00:00Z"),
      ...overrides,
    };
  }

  const goal = (planId: string, position: number, overrides: Partial<Goal> = {}): Goal => ({
    id: context.unique("goal"),
    planId,
    area: "language",
    catalogueKey: null,
    text: "Deutsch auf B1 lernen",
    status: "open",
    position,
    createdAt: at("2027-03-01T09:00:00Z"),
    ...overrides,
  });

  const step = (goalId: string, overrides: Partial<PlanStep> = {}): PlanStep => ({
    id: context.unique("step"),
    goalId,
    catalogueKey: "register_integration_course",
    params: { provider: "VHS Göppingen" },
    customText: null,
    note: "sealed(Kinderbetreuung klären)",
    responsible: "client",
    dueAt: at("2027-04-01T10:00:00Z"),
    cadenceDays: 14,
    status: "open",
    lastCheckinAt: null,
    createdAt: at("2027-03-01T09:00:00Z"),
    ...overrides,
  });

  async function seedManager(tenantId: string): Promise<string> {
    const id = context.unique("manager");
    await store().managers.create({
      id,
      tenantId,
      name: "Eva",
      role: "manager",
      qualification: null,
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: at("2027-01-01T00:00:00Z"),
    });
    return id;
  }

  it("keeps a client plan and a household plan and finds each by its owner", async () => {
    const { tenantId, householdId, client } = await seedClient(context);
    const own = plan(tenantId, { clientId: client.id });
    const family = plan(tenantId, { householdId }, { nextReviewAt: null });
    await store().plans.create(own);
    await store().plans.create(family);
    expect(await store().plans.get(own.id)).toEqual(own);
    expect(await store().plans.findForClient(client.id)).toEqual(own);
    expect(await store().plans.findForHousehold(householdId)).toEqual(family);
    expect(await store().plans.findForClient(context.unique("client"))).toBeNull();
    expect(await store().plans.get("nothing")).toBeNull();
  });

  it("touches, re-dates and moves a plan to its next version only from the version it is at", async () => {
    const { tenantId, client } = await seedClient(context);
    const p = plan(tenantId, { clientId: client.id });
    await store().plans.create(p);
    await store().plans.touch(p.id, at("2027-03-02T09:00:00Z"));
    await store().plans.setNextReviewAt(p.id, null, at("2027-03-03T09:00:00Z"));
    expect(await store().plans.get(p.id)).toEqual({ ...p, nextReviewAt: null, updatedAt: at("2027-03-03T09:00:00Z") });
    expect(await store().plans.bumpVersion(p.id, 1, at("2028-03-04T09:00:00Z"), at("2027-03-04T09:00:00Z"))).toBe(true);
    expect(await store().plans.bumpVersion(p.id, 1, at("2028-03-05T09:00:00Z"), at("2027-03-05T09:00:00Z"))).toBe(false);
    expect(await store().plans.get(p.id)).toEqual({
      ...p,
      version: 2,
      nextReviewAt: at("2028-03-04T09:00:00Z"),
      updatedAt: at("2027-03-04T09:00:00Z"),
    });
  });

  it("lists due reviews of a tenant earliest first, and of a manager's caseload including their clients' households", async () => {
    const { tenantId, householdId, client } = await seedClient(context);
    const { client: stranger } = await seedClient(context, { tenantId, name: "Fremd" });
    const managerId = await seedManager(tenantId);
    await store().assignments.assign({ clientId: client.id, managerId, kind: "primary", createdAt: at("2027-01-01T00:00:00Z") });
    const mine = plan(tenantId, { clientId: client.id }, { nextReviewAt: at("2027-09-02T00:00:00Z") });
    const family = plan(tenantId, { householdId }, { nextReviewAt: at("2027-08-01T00:00:00Z") });
    const other = plan(tenantId, { clientId: stranger.id }, { nextReviewAt: at("2027-07-01T00:00:00Z") });
    const later = plan(tenantId, { householdId: context.unique("household") }, { nextReviewAt: at("2027-12-01T00:00:00Z") });
    const undated = plan(tenantId, { householdId: context.unique("household") }, { nextReviewAt: null });
    const { tenantId: otherTenant, client: elsewhere } = await seedClient(context);
    const foreign = plan(otherTenant, { clientId: elsewhere.id }, { nextReviewAt: at("2027-01-01T00:00:00Z") });
    for (const p of [mine, family, other, later, undated, foreign]) await store().plans.create(p);
    const dueBy = at("2027-09-02T00:00:00Z");
    expect((await store().plans.listDueForReview({ tenantId, dueBy })).map((p) => p.id)).toEqual([other.id, family.id, mine.id]);
    expect((await store().plans.listDueForReview({ tenantId, dueBy, managerId })).map((p) => p.id)).toEqual([family.id, mine.id]);
    expect(await store().plans.listDueForReview({ tenantId, dueBy, managerId: context.unique("manager") })).toEqual([]);
  });

  it("lists the open steps due in a manager's caseload (their clients' and households' plans), earliest first", async () => {
    const { tenantId, householdId, client } = await seedClient(context);
    const { client: stranger } = await seedClient(context, { tenantId, name: "Fremd" });
    const managerId = await seedManager(tenantId);
    await store().assignments.assign({ clientId: client.id, managerId, kind: "primary", createdAt: at("2027-01-01T00:00:00Z") });
    const own = plan(tenantId, { clientId: client.id });
    const family = plan(tenantId, { householdId });
    const other = plan(tenantId, { clientId: stranger.id });
    for (const p of [own, family, other]) await store().plans.create(p);
    const ownGoal = goal(own.id, 0);
    const familyGoal = goal(family.id, 0, { area: "housing" });
    const otherGoal = goal(other.id, 0);
    for (const g of [ownGoal, familyGoal, otherGoal]) await store().goals.create(g);
    const dueBy = at("2027-03-10T23:00:00Z");
    const overdue = step(ownGoal.id, { dueAt: at("2027-03-05T09:00:00Z") });
    const dueToday = step(familyGoal.id, { dueAt: at("2027-03-10T22:59:00Z"), status: "in_progress" });
    const done = step(ownGoal.id, { dueAt: at("2027-03-04T09:00:00Z"), status: "done" });
    const later = step(ownGoal.id, { dueAt: at("2027-03-11T09:00:00Z") });
    const undated = step(ownGoal.id, { dueAt: null });
    const notMine = step(otherGoal.id, { dueAt: at("2027-03-01T09:00:00Z") });
    for (const s of [overdue, dueToday, done, later, undated, notMine]) await store().steps.create(s);
    const due = await store().steps.listDueForManager({ tenantId, managerId, dueBy });
    expect(due.map((d) => d.step.id)).toEqual([overdue.id, dueToday.id]);
    expect(due[0]).toEqual({ step: overdue, plan: { id: own.id, clientId: client.id, householdId: null } });
    expect(due[1]?.plan).toEqual({ id: family.id, clientId: null, householdId });
    expect(await store().steps.listDueForManager({ tenantId, managerId: context.unique("manager"), dueBy })).toEqual([]);
  });

  it("keeps goals in position order (a catalogue goal with its key and an empty note) and changes them in place", async () => {
    const { tenantId, client } = await seedClient(context);
    const p = plan(tenantId, { clientId: client.id });
    await store().plans.create(p);
    const second = goal(p.id, 1, { area: "housing", catalogueKey: "own_flat", text: "" });
    const first = goal(p.id, 0);
    await store().goals.create(second);
    await store().goals.create(first);
    expect(await store().goals.listForPlan(p.id)).toEqual([first, second]);
    const achieved = { ...first, status: "achieved" as const, text: "Deutsch B1 bestanden" };
    await store().goals.update(achieved);
    expect(await store().goals.get(first.id)).toEqual(achieved);
    expect(await store().goals.listForPlan(context.unique("plan"))).toEqual([]);
  });

  it("keeps steps with their parameters and lists every step of a plan, oldest first", async () => {
    const { tenantId, client } = await seedClient(context);
    const p = plan(tenantId, { clientId: client.id });
    const elsewhere = plan(tenantId, { householdId: context.unique("household") });
    await store().plans.create(p);
    await store().plans.create(elsewhere);
    const language = goal(p.id, 0);
    const housing = goal(p.id, 1, { area: "housing" });
    const foreignGoal = goal(elsewhere.id, 0);
    for (const g of [language, housing, foreignGoal]) await store().goals.create(g);
    const late = step(language.id, { createdAt: at("2027-03-03T09:00:00Z") });
    const custom = step(housing.id, {
      catalogueKey: null,
      params: {},
      customText: "Mit Vermieter sprechen",
      note: null,
      responsible: "manager",
      dueAt: null,
      cadenceDays: null,
      createdAt: at("2027-03-02T09:00:00Z"),
    });
    await store().steps.create(late);
    await store().steps.create(custom);
    await store().steps.create(step(foreignGoal.id));
    expect(await store().steps.listForPlan(p.id)).toEqual([custom, late]);
    expect(await store().steps.get(late.id)).toEqual(late);
    const done = { ...late, status: "done" as const, lastCheckinAt: at("2027-03-10T09:00:00Z"), params: { provider: "IB Esslingen" } };
    await store().steps.update(done);
    expect(await store().steps.get(late.id)).toEqual(done);
  });

  const checkInRow = (stepId: string, number: number, clientId: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
    id: context.unique("msg"),
    dedupeKey: checkInDedupeKey(stepId, number),
    tenantId: null,
    recipientKind: "client",
    recipientId: clientId,
    clientId,
    messageKey: checkInMessageKey,
    params: { stepKey: "register_integration_course" },
    actions: [],
    dueAt: at("2027-03-15T09:00:00Z"),
    status: "sent",
    attempts: 1,
    claimedUntil: null,
    providerMessageId: "tg-1",
    lastError: null,
    createdAt: at("2027-03-01T09:00:00Z"),
    sentAt: at("2027-03-15T09:00:05Z"),
    ...overrides,
  });

  /** Every page of steps awaiting a check-in (small pages), narrowed to the given steps (the store is shared). */
  async function awaitingAmong(stepIds: string[]): Promise<StepAwaitingCheckIn[]> {
    const found: StepAwaitingCheckIn[] = [];
    let afterId: string | undefined;
    for (let pages = 0; pages < 10_000; pages += 1) {
      const page = await store().steps.listAwaitingCheckIn({ ...(afterId === undefined ? {} : { afterId }), limit: 2 });
      expect(page.steps.length).toBeLessThanOrEqual(2);
      found.push(...page.steps.filter((s) => stepIds.includes(s.step.id)));
      if (page.nextAfterId === null) break;
      afterId = page.nextAfterId;
    }
    return found.sort((a, b) => stepIds.indexOf(a.step.id) - stepIds.indexOf(b.step.id));
  }

  it("lists steps awaiting their next check-in: open or in progress, with a cadence, none pending in the outbox", async () => {
    const { tenantId, client } = await seedClient(context);
    const member = await seedClient(context, { tenantId });
    const own = plan(tenantId, { clientId: client.id });
    const family = plan(tenantId, { householdId: member.householdId });
    await store().plans.create(own);
    await store().plans.create(family);
    const g = goal(own.id, 0);
    const familyGoal = goal(family.id, 0);
    await store().goals.create(g);
    await store().goals.create(familyGoal);
    const neverAsked = step(g.id);
    const askedTwice = step(g.id, { status: "in_progress" });
    const waiting = step(g.id);
    const beingSent = step(g.id);
    const done = step(g.id, { status: "done" });
    const dropped = step(g.id, { status: "dropped" });
    const noCadence = step(g.id, { cadenceDays: null });
    const ofHousehold = step(familyGoal.id);
    const steps = [neverAsked, askedTwice, waiting, beingSent, done, dropped, noCadence, ofHousehold];
    for (const s of steps) await store().steps.create(s);
    const first = checkInRow(askedTwice.id, 1, client.id, { sentAt: at("2027-03-08T09:00:05Z") });
    const second = checkInRow(askedTwice.id, 2, client.id);
    const cancelled = checkInRow(askedTwice.id, 3, client.id, { status: "cancelled", sentAt: null, providerMessageId: null });
    const otherMessage = checkInRow(askedTwice.id, 4, client.id, { messageKey: "appointment.reminder", status: "pending", sentAt: null });
    for (const row of [first, second, cancelled, otherMessage]) await store().outbox.enqueue(row);
    await store().outbox.enqueue(checkInRow(waiting.id, 1, client.id, { status: "pending", sentAt: null, providerMessageId: null }));
    await store().outbox.enqueue(
      checkInRow(beingSent.id, 1, client.id, { status: "sending", claimedUntil: at("2027-03-20T09:10:00Z"), sentAt: null, providerMessageId: null }),
    );
    await store().outbox.enqueue(checkInRow(ofHousehold.id, 1, member.client.id, { sentAt: at("2027-03-20T09:00:00Z") }));

    const found = await awaitingAmong(steps.map((s) => s.id));
    expect(found.map((f) => f.step.id)).toEqual([neverAsked.id, askedTwice.id, ofHousehold.id]);
    expect(found[0]).toEqual({ step: neverAsked, planId: own.id, earlier: [] });
    expect(found[1]?.planId).toBe(own.id);
    expect(found[1]?.step).toEqual(askedTwice);
    expect([...(found[1]?.earlier ?? [])].sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey))).toEqual([
      { dedupeKey: first.dedupeKey, sentAt: first.sentAt },
      { dedupeKey: second.dedupeKey, sentAt: second.sentAt },
      { dedupeKey: cancelled.dedupeKey, sentAt: null },
    ]);
    expect(found[2]).toEqual({
      step: ofHousehold,
      planId: family.id,
      earlier: [{ dedupeKey: checkInDedupeKey(ofHousehold.id, 1), sentAt: at("2027-03-20T09:00:00Z") }],
    });

    await store().steps.update({ ...neverAsked, status: "dropped" });
    await store().outbox.enqueue(checkInRow(askedTwice.id, 5, client.id, { status: "pending", sentAt: null, providerMessageId: null }));
    expect((await awaitingAmong(steps.map((s) => s.id))).map((f) => f.step.id)).toEqual([ofHousehold.id]);
  });

  it("keeps check-in answers of a step in time order", async () => {
    const stepId = context.unique("step");
    const clientId = context.unique("client");
    const later = { id: context.unique("checkin"), stepId, clientId, answer: "need_help" as const, at: at("2027-03-20T09:00:00Z") };
    const earlier = { id: context.unique("checkin"), stepId, clientId, answer: "in_progress" as const, at: at("2027-03-10T09:00:00Z") };
    await store().checkIns.record(later);
    await store().checkIns.record(earlier);
    expect(await store().checkIns.listForStep(stepId)).toEqual([earlier, later]);
    expect(await store().checkIns.countForStep(stepId)).toBe(2);
    expect(await store().checkIns.countForStep(context.unique("step"))).toBe(0);
  });

  it("keeps a client's answers to a plan in time order, each with its version, and none of another plan", async () => {
    const planId = context.unique("plan");
    const clientId = context.unique("client");
    const question = { id: context.unique("answer"), planId, version: 1, clientId, answer: "question" as const, at: at("2027-03-10T09:00:00Z") };
    const agreed = { id: context.unique("answer"), planId, version: 2, clientId, answer: "agreed" as const, at: at("2027-03-20T09:00:00Z") };
    await store().planAnswers.record(agreed);
    await store().planAnswers.record(question);
    await store().planAnswers.record({ ...agreed, id: context.unique("answer"), planId: context.unique("plan") });
    expect(await store().planAnswers.listForPlan(planId)).toEqual([question, agreed]);
  });

  it("keeps plan versions with their snapshot, oldest first, one row per version", async () => {
    const { tenantId, client } = await seedClient(context);
    const p = plan(tenantId, { clientId: client.id });
    await store().plans.create(p);
    const version = (number: number, snapshot: PlanVersion["snapshot"]): PlanVersion => ({
      planId: p.id,
      version: number,
      snapshot,
      reason: number === 1 ? "created" : "reviewed",
      createdAt: at(`2027-0${number + 2}-01T09:00:00Z`),
      createdBy: "manager-1",
    });
    const reviewed = version(2, {
      goals: [
        {
          id: "g1",
          area: "work",
          catalogueKey: "find_job",
          text: "Arbeit finden",
          status: "in_progress",
          position: 0,
          steps: [
            {
              id: "s1",
              catalogueKey: "apply_for_jobs",
              params: { profession: "Elektriker" },
              customText: null,
              note: "sealed(Führerschein fehlt)",
              responsible: "client",
              dueAt: "2027-05-01T10:00:00.000Z",
              cadenceDays: 14,
              status: "open",
            },
          ],
        },
      ],
    });
    const created = version(1, { goals: [] });
    await store().planVersions.create(reviewed);
    await store().planVersions.create(created);
    expect(await store().planVersions.listForPlan(p.id)).toEqual([created, reviewed]);
    await expect(store().planVersions.create({ ...created, reason: "updated" })).rejects.toThrow();
    const redacted = { goals: reviewed.snapshot.goals.map((g) => ({ ...g, steps: g.steps.map((s) => ({ ...s, note: null })) })) };
    await store().planVersions.replaceSnapshot(p.id, 2, redacted);
    expect(await store().planVersions.listForPlan(p.id)).toEqual([created, { ...reviewed, snapshot: redacted }]);
  });

  it("keeps one assessment per client and replaces it", async () => {
    const { client } = await seedClient(context);
    const first: StoredAssessment = {
      clientId: client.id,
      data: {
        languages: [
          { code: "ar", level: "native" },
          { code: "de", level: "A2" },
        ],
        household: { childrenCount: 2, childrenAges: [4, 9] },
      },
      sensitive: null,
      updatedAt: at("2027-03-01T09:00:00Z"),
      updatedBy: "manager-1",
    };
    await store().assessments.put(first);
    expect(await store().assessments.get(client.id)).toEqual(first);
    const second: StoredAssessment = { ...first, data: { interests: ["Fußball"] }, sensitive: "sealed({})", updatedAt: at("2027-03-02T09:00:00Z") };
    await store().assessments.put(second);
    expect(await store().assessments.get(client.id)).toEqual(second);
    expect(await store().assessments.get(context.unique("client"))).toBeNull();
    expect(await store().assessments.delete(client.id)).toBe(true);
    expect(await store().assessments.get(client.id)).toBeNull();
    expect(await store().assessments.delete(client.id)).toBe(false);
  });

  it("keeps an assessment's versions per client, newest first, and deletes them with the client's data", async () => {
    const { client } = await seedClient(context);
    const { client: other } = await seedClient(context, { name: "Omar Karimi" });
    const version = (clientId: string, number: number, overrides: Partial<AssessmentVersion> = {}): AssessmentVersion => ({
      clientId,
      version: number,
      data: {
        languages: [
          { code: "de", level: "A2" },
          { code: "ar", level: "native" },
        ],
        degrees: [{ title: "Lehramt Mathematik", country: "SY", recognition: "in_progress" }],
      },
      gender: "female",
      changed: ["languages", "degrees", "gender"],
      recordedAt: at(`2027-03-0${number}T09:00:00Z`),
      recordedBy: "manager-1",
      ...overrides,
    });
    const first = version(client.id, 1);
    const second = version(client.id, 2, { data: { interests: ["Fußball"] }, gender: null, changed: ["interests"] });
    const third = version(client.id, 3, { changed: ["schooling"], data: { schooling: { years: 12, highestLevel: "Abitur" } } });
    await store().assessmentVersions.create(second);
    await store().assessmentVersions.create(first);
    await store().assessmentVersions.create(third);
    await store().assessmentVersions.create(version(other.id, 1));
    expect(await store().assessmentVersions.listForClient(client.id)).toEqual([third, second, first]);
    expect(await store().assessmentVersions.listForClient(client.id, 2)).toEqual([third, second]);
    await expect(store().assessmentVersions.create({ ...first, changed: ["household"] })).rejects.toThrow();
    expect(await store().assessmentVersions.deleteForClient(client.id)).toBe(3);
    expect(await store().assessmentVersions.listForClient(client.id)).toEqual([]);
    expect(await store().assessmentVersions.deleteForClient(client.id)).toBe(0);
    expect(await store().assessmentVersions.listForClient(other.id)).toHaveLength(1);
  });

  it("keeps referrals of a client oldest first and changes them in place", async () => {
    const { tenantId, client } = await seedClient(context);
    const referral = (overrides: Partial<Referral>): Referral => ({
      id: context.unique("referral"),
      tenantId,
      clientId: client.id,
      managerId: "manager-1",
      targetKind: "service",
      target: "jobcenter",
      status: "open",
      followUpAt: null,
      createdAt: at("2027-03-01T09:00:00Z"),
      ...overrides,
    });
    const later = referral({ targetKind: "volunteer", target: "Lesepatin Frau Maier", createdAt: at("2027-03-05T09:00:00Z") });
    const earlier = referral({ followUpAt: at("2027-04-01T09:00:00Z") });
    await store().referrals.create(later);
    await store().referrals.create(earlier);
    expect(await store().referrals.listForClient(client.id)).toEqual([earlier, later]);
    const attended = { ...earlier, status: "attended" as const, followUpAt: null };
    await store().referrals.update(attended);
    expect(await store().referrals.get(earlier.id)).toEqual(attended);
    expect(await store().referrals.get("nothing")).toBeNull();
  });

  it("lists a manager's open referrals whose follow-up is due, overdue included, earliest first", async () => {
    const { tenantId, client } = await seedClient(context);
    const referral = (followUpAt: string | null, overrides: Partial<Referral> = {}): Referral => ({
      id: context.unique("referral"),
      tenantId,
      clientId: client.id,
      managerId: "manager-due",
      targetKind: "service",
      target: "fim",
      status: "open",
      followUpAt: followUpAt === null ? null : at(followUpAt),
      createdAt: at("2027-03-01T09:00:00Z"),
      ...overrides,
    });
    const today = referral("2027-03-15T09:00:00Z");
    const overdue = referral("2027-03-10T09:00:00Z", { targetKind: "volunteer", target: "Lesepatin Frau Maier" });
    const atTheEnd = referral("2027-03-15T22:59:59.999Z");
    for (const r of [
      today,
      overdue,
      atTheEnd,
      referral("2027-03-16T08:00:00Z"),
      referral(null),
      referral("2027-03-12T09:00:00Z", { status: "attended" }),
      referral("2027-03-12T09:00:00Z", { managerId: "manager-other" }),
    ]) {
      await store().referrals.create(r);
    }
    expect(await store().referrals.listFollowUpsDue("manager-due", at("2027-03-15T22:59:59.999Z"))).toEqual([overdue, today, atTheEnd]);
    expect(await store().referrals.listFollowUpsDue("manager-none", at("2027-03-15T22:59:59.999Z"))).toEqual([]);
  });
}
