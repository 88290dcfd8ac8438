import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lotseJobs, runAllJobsOnce, type JobContext } from "../../src/app/jobs.ts";
import { createLogger } from "../../src/app/logger.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { reversibleCrypto } from "../fakes/reversible-crypto.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { seedClient, seedConsent, seedManager, seedTenant } from "../support/seed.ts";

const since = new Date("2027-01-01T00:00:00Z");
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

async function linkChat(store: PrismaStore, manager: Manager): Promise<void> {
  await store.identities.upsert({
    id: `identity-${manager.id}`,
    channel: "telegram",
    externalId: `tg-${manager.id}`,
    conversationRef: JSON.stringify({ chatId: manager.id }),
    managerId: manager.id,
    clientId: null,
    locale: "de",
    active: true,
    linkedAt: since,
    deactivatedAt: null,
  });
}

for (const kind of databaseKinds()) {
  describe(`scheduled jobs on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let context: JobContext;
    let eva: Manager;
    let sara: Manager;
    let clientIds: string[] = [];

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target);
      // Sunday 2027-03-28, 09:00 CEST: the first day of summer time.
      const deps: CoreDeps = {
        store,
        clock: new FakeClock("2027-03-28T07:00:00Z"),
        ids: new SequentialIds(),
        crypto: reversibleCrypto,
        datePhrases: chronoDatePhrases,
        defaultZone: "Europe/Berlin",
      };
      context = { deps, logger: createLogger("silent", silent), retentionDays: 1095 };
      const tenantId = await seedTenant(store);
      eva = await seedManager(store, tenantId, "manager", "Eva Muster");
      sara = await seedManager(store, tenantId, "supervisor", "Sara Aufsicht");
      await linkChat(store, eva);
      await linkChat(store, sara);
      const amina = await seedClient(store, tenantId, { managerId: eva.id, name: "Amina Haddad" });
      const omar = await seedClient(store, tenantId, { managerId: eva.id, name: "Omar Demir" });
      await seedConsent(store, amina.id);
      const appointment = {
        tenantId,
        managerId: eva.id,
        clientIds: [amina.id],
        durationMin: 60,
        place: "Rathaus, Zimmer 3",
        kind: "counselling" as const,
        interpreter: false,
        status: "scheduled" as const,
        clientAnswer: null,
        coordinates: null,
        sequence: 0,
        createdAt: since,
        updatedAt: since,
      };
      await store.appointments.create({ ...appointment, id: "appt-today", startsAt: new Date("2027-03-28T06:00:00Z") }); // 08:00-09:00 CEST
      await store.appointments.create({ ...appointment, id: "appt-monday", startsAt: new Date("2027-03-29T08:00:00Z") }); // Monday 10:00 CEST
      const plan = { tenantId, householdId: null, version: 1, createdAt: since, updatedAt: since };
      await store.plans.create({ ...plan, id: "plan-due", clientId: amina.id, nextReviewAt: new Date("2027-03-29T10:00:00Z") });
      await store.plans.create({ ...plan, id: "plan-overdue", clientId: omar.id, nextReviewAt: new Date("2027-03-01T10:00:00Z") });
      // A step asked about weekly whose check-in question is not in the outbox (none was planned, none answered).
      await store.goals.create({
        id: "goal-1",
        planId: "plan-due",
        area: "work",
        catalogueKey: null,
        text: "Arbeit finden",
        status: "open",
        position: 0,
        createdAt: since,
      });
      await store.steps.create({
        id: "step-weekly",
        goalId: "goal-1",
        catalogueKey: "apply_for_jobs",
        params: {},
        customText: null,
        note: null,
        responsible: "client",
        dueAt: null,
        cadenceDays: 7,
        status: "in_progress",
        lastCheckinAt: null,
        createdAt: since,
      });
      clientIds = [amina.id, omar.id];
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    const pending = async (manager: Manager) =>
      (await store.outbox.listPendingForRecipient("manager", manager.id))
        .map((m) => ({ key: m.dedupeKey, messageKey: m.messageKey, dueAt: m.dueAt.toISOString() }))
        .sort((a, b) => a.key.localeCompare(b.key));

    it("runs every job of the registry once and plans the managers' messages into the outbox", async () => {
      const outcomes = await runAllJobsOnce(context);
      expect(outcomes.map((o) => o.name)).toEqual(lotseJobs(context).map((job) => job.name));
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      expect(outcomes.find((o) => o.name === "plan-morning-agendas")).toMatchObject({ result: { planned: 1 } });

      expect(await pending(eva)).toEqual([
        {
          key: `appt:appt-today:remind:attendance:${eva.id}:${Date.parse("2027-03-28T07:00:00Z")}`,
          messageKey: "manager_jobs.attendance.prompt",
          dueAt: "2027-03-28T07:00:00.000Z",
        },
        { key: `mgr:${eva.id}:agenda:2027-03-29`, messageKey: "manager_jobs.agenda.morning", dueAt: "2027-03-29T06:00:00.000Z" }, // 08:00: the end of the quiet hours
        {
          key: `mgr:${eva.id}:review:plan-due:${Date.parse("2027-03-29T10:00:00Z")}`,
          messageKey: "manager_jobs.review.nudge",
          dueAt: "2027-03-29T06:00:00.000Z",
        },
        // Omar's review, overdue since Monday 1 March: again on Monday 29 March at 08:00, its fourth week.
        {
          key: `mgr:${eva.id}:review:plan-overdue:${Date.parse("2027-03-01T10:00:00Z")}:w4`,
          messageKey: "manager_jobs.review.overdue",
          dueAt: "2027-03-29T06:00:00.000Z",
        },
      ]);
      // The supervisor has no caseload of her own, so no agenda; the digest counts the tenant's overdue reviews.
      expect(await pending(sara)).toEqual([
        { key: `mgr:${sara.id}:review-digest:2027-03-29`, messageKey: "manager_jobs.review.digest", dueAt: "2027-03-29T06:00:00.000Z" },
      ]);
      const digest = await store.outbox.findByDedupeKey(`mgr:${sara.id}:review-digest:2027-03-29`);
      expect(digest?.params).toEqual({ overdue: 1, oldestDate: "2027-03-01" });
      // The unanswered weekly step is asked at the next 10:00 local (today, CEST), not once per missed week.
      const checkIns = (await store.outbox.listPendingForRecipient("client", clientIds[0]!)).filter((m) => m.messageKey === "client.step.checkin");
      expect(checkIns.map((m) => [m.dedupeKey, m.dueAt.toISOString()])).toEqual([["step:step-weekly:checkin:1", "2027-03-28T08:00:00.000Z"]]);
    });

    const auditEntries = async () => (await Promise.all(clientIds.map((id) => store.audit.listForClient(id)))).flat().length;

    it("a second run plans nothing new, and a sent message is not planned again", async () => {
      const before = { eva: await pending(eva), sara: await pending(sara) };
      const audited = await auditEntries();
      const [claimed] = await store.outbox.claimDue(new Date("2027-03-28T07:00:00Z"), 10, 60_000);
      expect(claimed?.messageKey).toBe("manager_jobs.attendance.prompt");
      await store.outbox.markSent({ id: claimed!.id, attempts: claimed!.attempts }, "tg-1", new Date("2027-03-28T07:00:01Z"));
      await runAllJobsOnce(context);
      expect(await pending(sara)).toEqual(before.sara);
      expect(await pending(eva)).toEqual(before.eva.filter((m) => m.messageKey !== "manager_jobs.attendance.prompt"));
      expect((await store.outbox.findByDedupeKey(claimed!.dedupeKey))?.status).toBe("sent");
      expect((await store.outbox.listPendingForRecipient("client", clientIds[0]!)).map((m) => m.dedupeKey)).toEqual(["step:step-weekly:checkin:1"]);
      // The sweeps read as the system: a run leaves no audit entry about anybody reading the clients' plans.
      expect(await auditEntries()).toBe(audited);
    });
  });
}
