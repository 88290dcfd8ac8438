import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { system } from "../../../../src/core/actor.ts";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { completeReview } from "../../../../src/core/plans/complete-review.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { eraseClient } from "../../../../src/core/privacy/erase-client.ts";
import { exportClientData } from "../../../../src/core/privacy/export-client-data.ts";
import { erasedName } from "../../../../src/core/privacy/model.ts";
import { requestErasure } from "../../../../src/core/privacy/request-erasure.ts";
import { findClients } from "../../../../src/core/cases/find-clients.ts";
import { extendCounsellingPeriod } from "../../../../src/core/counselling/extend-period.ts";
import { referClient } from "../../../../src/core/referrals/refer-client.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, outbox, seedStaff, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

/** An active volunteer match of Amina's (a language tandem). */
async function seedActiveMatch(core: TestCore, world: World): Promise<void> {
  await core.store.volunteerMatches.create({
    id: "match-1",
    tenantId: world.amina.tenantId,
    volunteerId: "vol-1",
    clientId: "amina",
    managerId: "eva",
    offer: "language_tandem",
    contactWay: "manager_introduces",
    status: "active",
    outcome: null,
    startedAt: core.clock.now(),
    endedAt: null,
    meetingAt: null,
    meetingPlace: null,
    meetingVersion: 0,
  });
}

/** Every field of a JSON document as a path: `plans[].goals[].text`. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => keyPaths(item, `${prefix}[]`)))];
  if (value === null || typeof value !== "object") return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const below = keyPaths(inner, path);
    return below.length > 0 ? [...new Set([path, ...below])].filter((p) => (p === path ? typeof inner !== "object" || inner === null : true)) : [path];
  });
}

describe("client data export and erasure", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
    await core.store.consents.append({
      id: "c-health",
      clientId: "amina",
      purpose: "data_health",
      version: 1,
      given: true,
      channel: "in_person",
      at: core.clock.now(),
    });
    await recordAssessment(core.deps, eva, { clientId: "amina", interests: ["Fußball"], health: { text: "Rückenleiden", flags: [] } });
    const plan = await createPlan(core.deps, eva, { clientId: "amina" });
    const goal = await addGoal(core.deps, eva, { planId: plan.id, area: "language", text: "Deutsch auf B1" });
    await addStep(core.deps, eva, {
      goalId: goal.id,
      catalogueKey: "register_integration_course",
      params: { provider: "VHS" },
      note: "Kinderbetreuung klären",
    });
    await completeReview(core.deps, eva, { planId: plan.id });
    await logContact(core.deps, eva, { clientId: "amina", kind: "home_visit", durationMin: 30, areas: ["housing"], note: "Vermieter angerufen" });
    const appointment = await createAppointment(core.deps, eva, { clientIds: ["amina"], startsAt: "2027-03-20T09:00:00Z", place: "Rathaus" });
    await answerAppointment(core.deps, clientActor(world.amina), { appointmentId: appointment.id, answer: "other_time", text: "lieber nachmittags" });
    await core.store.handovers.create({
      id: "ho-1",
      clientId: "amina",
      fromManagerId: "jonas",
      fromAgency: null,
      toManagerId: "eva",
      note: "sealed(Übergabe: Wohnung)",
      at: core.clock.now(),
    });
    await core.store.identities.upsert({
      id: "id-old",
      channel: "telegram",
      externalId: "111",
      conversationRef: '{"chatId":"111"}',
      managerId: null,
      clientId: "amina",
      locale: "ar",
      active: false,
      linkedAt: new Date("2027-01-02T00:00:00Z"),
      deactivatedAt: new Date("2027-02-01T00:00:00Z"),
    });
    await core.store.identities.upsert({
      id: "id-new",
      channel: "telegram",
      externalId: "222",
      conversationRef: '{"chatId":"222"}',
      managerId: null,
      clientId: "amina",
      locale: "ar",
      active: true,
      linkedAt: new Date("2027-02-01T00:00:00Z"),
      deactivatedAt: null,
    });
    core.store.state.audit = [];
  });

  describe("exportClientData", () => {
    it("gives the case's manager everything, notes and sensitive fields included, as JSON-ready data", async () => {
      const data = await exportClientData(core.deps, eva, { clientId: "amina" });
      expect(JSON.parse(JSON.stringify(data))).toEqual(data);
      expect(data.notesIncluded).toBe(true);
      expect(data.client).toMatchObject({ id: "amina", name: "Amina Haddad", caseStartedAt: "2027-01-01T00:00:00.000Z" });
      expect(data.household.members).toEqual([{ name: "Omar Haddad", language: "ar" }]);
      expect(data.consents.map((c) => c.purpose)).toEqual(["messaging", "data_health"]);
      expect(data.assessment?.sensitive?.health?.text).toBe("Rückenleiden");
      expect(data.plans[0]?.goals[0]?.steps[0]?.note).toBe("Kinderbetreuung klären");
      expect(data.contacts.map((c) => c.note)).toEqual(["Vermieter angerufen"]);
      expect(data.appointments.map((a) => a.clientAnswerText)).toEqual(["lieber nachmittags"]);
      expect(data.escalations.map((e) => e.kind)).toEqual(["other_time"]);
      expect(data.handovers.map((h) => h.note)).toEqual(["Übergabe: Wohnung"]);
      expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "privacy.export", clientId: "amina", actorId: "eva" })]);
    });

    it("gives a supervisor the case without note texts and sensitive fields", async () => {
      const data = await exportClientData(core.deps, staffActor(world.sara), { clientId: "amina" });
      expect(data.notesIncluded).toBe(false);
      expect(data.assessment).toMatchObject({ data: { interests: ["Fußball"] }, sensitive: null });
      expect(data.plans[0]?.goals[0]?.steps[0]?.note).toBeNull();
      expect(data.contacts.map((c) => c.note)).toEqual([null]);
      expect(data.appointments.map((a) => a.clientAnswerText)).toEqual([null]);
      expect(data.handovers.map((h) => h.note)).toEqual([null]);
      expect(JSON.stringify(data)).not.toMatch(/Rückenleiden|Kinderbetreuung|Vermieter|Übergabe|nachmittags/);
    });

    it("gives the operator any client's complete export (a written request), audited as the operator", async () => {
      const data = await exportClientData(core.deps, { kind: "operator" }, { clientId: "lena" });
      expect(data.client).toMatchObject({ id: "lena", name: "Lena Fremd" });
      const amina = await exportClientData(core.deps, { kind: "operator" }, { clientId: "amina" });
      expect(amina.notesIncluded).toBe(true);
      expect(amina.sensitiveIncluded).toBe(true);
      expect(amina.contacts.map((c) => c.note)).toEqual(["Vermieter angerufen"]);
      expect(core.store.state.audit).toEqual([
        expect.objectContaining({ action: "privacy.export", clientId: "lena", actorKind: "operator" }),
        expect.objectContaining({ action: "privacy.export", clientId: "amina", actorKind: "operator" }),
      ]);
      await eraseClient(core.deps, system, { clientId: "lena" });
      await expectDomainError(exportClientData(core.deps, { kind: "operator" }, { clientId: "lena" }), "not_found");
      await expectDomainError(exportClientData(core.deps, { kind: "operator" }, { clientId: "nobody" }), "not_found");
    });

    it("gives the client their own data, but neither their managers' notes nor health or residence details (it goes over the chat)", async () => {
      const data = await exportClientData(core.deps, clientActor(world.amina), { clientId: "amina" });
      expect(data.notesIncluded).toBe(false);
      expect(data.sensitiveIncluded).toBe(false);
      expect(data.assessment).toMatchObject({ data: { interests: ["Fußball"] }, sensitive: null });
      expect(data.assessmentVersions).toEqual([
        { version: 1, recordedAt: "2027-03-10T09:00:00.000Z", recordedBy: "eva", changed: ["interests"], data: { interests: ["Fußball"] }, gender: null },
      ]);
      expect(JSON.stringify(data)).not.toMatch(/Rückenleiden|Kinderbetreuung|Vermieter|Übergabe/);
      expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "privacy.export", actorKind: "client", actorId: "amina" })]);
    });

    it("holds check-in answers, extensions, volunteer matches and chat accounts too (no chat ids; the reason for staff only)", async () => {
      const plan = await core.store.plans.findForClient("amina");
      const [step] = await core.store.steps.listForPlan(plan?.id ?? "");
      await core.store.checkIns.record({ id: "ci-1", stepId: step?.id ?? "", clientId: "amina", answer: "done", at: core.clock.now() });
      await extendCounsellingPeriod(core.deps, eva, { clientId: "amina", reason: "Ausbildung beginnt im Herbst" });
      await seedActiveMatch(core, world);
      const own = await exportClientData(core.deps, clientActor(world.amina), { clientId: "amina" });
      expect(own.checkIns).toEqual([{ stepId: step?.id, answer: "done", at: core.clock.now().toISOString() }]);
      expect(own.counsellingExtensions).toEqual([expect.objectContaining({ reason: null })]);
      expect(own.volunteerMatches).toEqual([expect.objectContaining({ offer: "language_tandem", status: "active" })]);
      expect(own.chatAccounts).toEqual(expect.arrayContaining([expect.objectContaining({ channel: "telegram", active: true })]));
      expect(own.chatAccounts).toHaveLength(2);
      expect(JSON.stringify(own)).not.toMatch(/"222"|"111"|Ausbildung/);
      await core.store.conversations.create({
        id: "conv-1",
        tenantId: world.amina.tenantId,
        clientId: "amina",
        managerId: eva.kind === "staff" ? eva.managerId : "",
        direction: "from_client",
        status: "open",
        text: "Ein Brief vom Jobcenter",
        phraseCode: null,
        file: { kind: "photo", channel: "telegram", ref: null, name: "brief.jpg", mimeType: "image/jpeg" },
        replyToId: null,
        createdAt: core.clock.now(),
        passedAt: core.clock.now(),
        closedAt: null,
      });
      const managers = await exportClientData(core.deps, eva, { clientId: "amina" });
      expect(managers.counsellingExtensions.map((e) => e.reason)).toEqual(["Ausbildung beginnt im Herbst"]);
      expect(managers.messages).toEqual([expect.objectContaining({ text: "Ein Brief vom Jobcenter", file: { kind: "photo", name: "brief.jpg" } })]);
      // Every field of the file is explained in docs/export-format.md (the file a client or an office receives).
      const documented = readFileSync(new URL("../../../../docs/export-format.md", import.meta.url), "utf8");
      // Free-form parts (assessment answers, a catalogue step's parameters) are documented as `….*`.
      const general = (path: string) =>
        path.replace(/^(assessment\.(data|sensitive)|assessmentVersions\[\]\.data)\..*$/, "$1.*").replace(/(\.params)\..*$/, "$1.*");
      const undocumented = keyPaths(managers)
        .map(general)
        .filter((path) => !documented.includes(`\`${path}\``));
      expect(undocumented).toEqual([]);
    });

    it("refuses a colleague, a household member, another tenant's manager and a stranger", async () => {
      await expectDomainError(exportClientData(core.deps, staffActor(world.jonas), { clientId: "amina" }), "forbidden");
      await expectDomainError(exportClientData(core.deps, clientActor(world.omar), { clientId: "amina" }), "forbidden");
      await expectDomainError(exportClientData(core.deps, staffActor(world.mia), { clientId: "amina" }), "forbidden");
      await expectDomainError(exportClientData(core.deps, { kind: "stranger" }, { clientId: "amina" }), "forbidden");
      expect(core.store.state.audit).toEqual([]);
    });
  });

  describe("requestErasure", () => {
    it("records the request for the primary manager, tells them, cancels pending messages to the client and names the erasure date", async () => {
      const pendingBefore = outbox(core).filter((m) => m.status === "pending" && m.recipientKind === "client" && m.recipientId === "amina");
      const aboutBefore = outbox(core).filter((m) => m.status === "pending" && m.recipientKind === "manager" && m.clientId === "amina");
      expect(pendingBefore.length).toBeGreaterThan(0);
      const request = await requestErasure(core.deps, clientActor(world.amina), { clientId: "amina" });
      expect(request.eraseAfter).toEqual(new Date("2027-04-09T09:00:00Z"));
      expect(await core.store.escalations.listOpenForManager("eva")).toContainEqual(
        expect.objectContaining({ id: request.escalationId, kind: "erasure_requested", clientId: "amina" }),
      );
      // Messages to staff about her still go (until the erasure itself); the new notice joins them.
      const pending = outbox(core).filter((m) => m.status === "pending" && !aboutBefore.some((a) => a.id === m.id));
      expect(pending).toEqual([
        expect.objectContaining({
          recipientKind: "manager",
          recipientId: "eva",
          clientId: "amina",
          messageKey: "manager.escalation.erasure_requested",
          params: { clientName: "Amina Haddad", eraseDate: "2027-04-09" },
        }),
      ]);
      for (const m of pendingBefore) expect((await core.store.outbox.get(m.id))?.status).toBe("cancelled");
      expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "privacy.erasure_request", clientId: "amina" })]);
    });

    it("returns the open request when asked again", async () => {
      const first = await requestErasure(core.deps, clientActor(world.amina), { clientId: "amina" });
      core.clock.advance(24 * 60 * 60 * 1000);
      expect(await requestErasure(core.deps, clientActor(world.amina), { clientId: "amina" })).toEqual(first);
    });

    it("is for the client themself only", async () => {
      await expectDomainError(requestErasure(core.deps, eva, { clientId: "amina" }), "forbidden");
      await expectDomainError(requestErasure(core.deps, clientActor(world.omar), { clientId: "amina" }), "forbidden");
      await expectDomainError(requestErasure(core.deps, clientActor(world.lena), { clientId: "amina" }), "forbidden");
    });
  });

  describe("eraseClient", () => {
    it("anonymises the client and removes every note, the assessment and the chat accounts, keeping the consent ledger", async () => {
      const ledger = await core.store.consents.listForClient("amina");
      expect(await core.store.assessmentVersions.listForClient("amina")).toHaveLength(1);
      await requestErasure(core.deps, clientActor(world.amina), { clientId: "amina" });
      const result = await eraseClient(core.deps, system, { clientId: "amina" });
      expect(result).toEqual({ clientId: "amina", anonymizedAt: core.clock.now() });

      const state = core.store.state;
      expect(state.clients.get("amina")).toMatchObject({ name: erasedName, status: "closed", anonymizedAt: core.clock.now() });
      expect(state.assessments.has("amina")).toBe(false);
      expect(state.assessmentVersions.filter((v) => v.clientId === "amina")).toEqual([]);
      expect([...state.contacts.values()].filter((c) => c.clientId === "amina").map((c) => c.note)).toEqual([null]);
      expect([...state.steps.values()].map((s) => s.note)).toEqual([null]);
      // Both versions (1 as written, 2 as reviewed) held the step's note.
      expect(state.planVersions.flatMap((v) => v.snapshot.goals.flatMap((g) => g.steps.map((s) => s.note)))).toEqual([null, null]);
      expect([...state.handovers.values()].map((h) => h.note)).toEqual([null]);
      expect([...state.appointments.values()].map((a) => [a.clientAnswer, a.status])).toEqual([[null, "cancelled"]]);
      const identities = [...state.identities.values()].filter((i) => i.clientId === "amina");
      expect(identities).toHaveLength(2);
      for (const identity of identities) {
        expect(identity).toMatchObject({ active: false, conversationRef: null, locale: null, externalId: expect.stringMatching(/^erased:/) });
      }
      expect(await core.store.identities.findByExternal("telegram", "222")).toBeNull();
      expect(await core.store.consents.listForClient("amina")).toEqual(ledger);
      expect([...state.outbox.values()].filter((m) => m.status === "pending")).toEqual([]);
      expect([...state.outbox.values()].filter((m) => m.clientId === "amina" || m.recipientId === "amina").map((m) => m.params)).not.toContainEqual(
        expect.objectContaining({ clientName: expect.anything() }),
      );
      expect((await core.store.escalations.listForClient("amina")).every((e) => e.status === "resolved")).toBe(true);
      // The household still has Omar: it stays, but its label (her name, createClient's default) becomes his name.
      expect(state.households.get(world.amina.householdId)?.label).toBe("Omar Haddad");

      const serialised = JSON.stringify([
        ...state.clients.values(),
        ...state.contacts.values(),
        ...state.steps.values(),
        state.planVersions,
        ...state.handovers.values(),
        ...state.appointments.values(),
        ...state.identities.values(),
        ...state.outbox.values(),
        state.audit,
      ]);
      expect(serialised).not.toMatch(/Amina|Rückenleiden|Kinderbetreuung|Vermieter|Übergabe|nachmittags|"222"|"111"/);
      expect(state.audit.at(-1)).toEqual(expect.objectContaining({ action: "privacy.erase", actorKind: "system", clientId: "amina" }));
    });

    it("removes what managers wrote about the person: goal and own step texts, step parameters, places, referral names, extensions; ends matches", async () => {
      const plan = await core.store.plans.findForClient("amina");
      const [goal] = await core.store.goals.listForPlan(plan?.id ?? "");
      await addStep(core.deps, eva, { goalId: goal?.id ?? "", customText: "Kita-Platz für Leyla suchen" });
      await completeReview(core.deps, eva, { planId: plan?.id ?? "" });
      core.clock.advance(24 * 3600 * 1000);
      await createAppointment(core.deps, eva, { clientIds: ["amina"], startsAt: "2027-03-12T09:00:00Z", place: "bei Amina zuhause" });
      await referClient(core.deps, eva, { clientId: "amina", targetKind: "volunteer", target: "Lesepatin Frau Maier" });
      await referClient(core.deps, eva, { clientId: "amina", targetKind: "service", service: "jobcenter" });
      await extendCounsellingPeriod(core.deps, eva, { clientId: "amina", reason: "Ausbildung bei Bäckerei Schmidt" });
      await seedActiveMatch(core, world);
      core.clock.advance(7 * 24 * 3600 * 1000); // the home visit is past

      await eraseClient(core.deps, system, { clientId: "amina" });

      const state = core.store.state;
      expect([...state.goals.values()].map((g) => g.text)).toEqual([erasedName]);
      expect([...state.steps.values()].map((s) => [s.customText, s.params])).toEqual(
        expect.arrayContaining([
          [null, {}],
          [erasedName, {}],
        ]),
      );
      expect([...state.appointments.values()].map((a) => a.place)).toEqual([erasedName, erasedName]);
      expect((await core.store.referrals.listForClient("amina")).map((r) => r.target).sort()).toEqual(["jobcenter", erasedName].sort());
      expect(await core.store.counsellingExtensions.listForClient("amina")).toEqual([]);
      expect(await core.store.volunteerMatches.get("match-1")).toMatchObject({ status: "ended", endedAt: core.clock.now() });
      const serialised = JSON.stringify([
        ...state.goals.values(),
        ...state.steps.values(),
        state.planVersions,
        ...state.appointments.values(),
        ...state.referrals.values(),
      ]);
      expect(serialised).not.toMatch(/Deutsch auf B1|Kita-Platz|Leyla|VHS|bei Amina|Lesepatin|Bäckerei/);
      // Messages about her to staff (the supervisor's extension notice) keep no name either.
      expect(JSON.stringify([...state.outbox.values()])).not.toContain("Amina");
    });

    it("hides the erased client from every use case and from search", async () => {
      await eraseClient(core.deps, system, { clientId: "amina" });
      await expectDomainError(exportClientData(core.deps, eva, { clientId: "amina" }), "not_found");
      await expectDomainError(eraseClient(core.deps, system, { clientId: "amina" }), "not_found");
      const page = await findClients(core.deps, eva, {});
      expect(page.clients.map((c) => c.id)).not.toContain("amina");
    });

    it("is for the system, the operator and the tenant's admin only", async () => {
      const admin = await seedStaff(core, world.tenant.id, "adele", "Adele Admin", "admin");
      const otherAdmin = await seedStaff(core, world.otherTenant.id, "otto", "Otto Admin", "admin");
      for (const actor of [eva, staffActor(world.sara), clientActor(world.amina), staffActor(otherAdmin), { kind: "stranger" } as Actor]) {
        await expectDomainError(eraseClient(core.deps, actor, { clientId: "amina" }), "forbidden");
      }
      expect(core.store.state.clients.get("amina")?.name).toBe("Amina Haddad");
      await eraseClient(core.deps, staffActor(admin), { clientId: "amina" });
      expect(core.store.state.clients.get("amina")?.name).toBe(erasedName);
    });
  });
});
