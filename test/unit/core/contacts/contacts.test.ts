import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { isDomainError } from "../../../../src/core/errors.ts";
import { lastContact } from "../../../../src/core/contacts/last-contact.ts";
import { listContacts } from "../../../../src/core/contacts/list-contacts.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import { logQuickContact } from "../../../../src/core/contacts/log-quick-contact.ts";
import { candidatePath } from "../../../../src/core/contacts/resolve-client-name.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, seedClient, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("contacts", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
  });

  const snapshot = () => structuredClone(core.store.state);
  const valid = () => ({ clientId: world.amina.id, kind: "home_visit", durationMin: 45, areas: ["housing", "work"], note: "Vermieter angerufen" });

  describe("logContact", () => {
    it("logs a contact now, the note encrypted at rest, and audits it", async () => {
      const logged = await logContact(core.deps, eva, valid());
      expect(logged).toMatchObject({
        clientId: world.amina.id,
        managerId: world.eva.id,
        tenantId: world.tenant.id,
        at: core.clock.now(),
        kind: "home_visit",
        durationMin: 45,
        areas: ["housing", "work"],
        note: "Vermieter angerufen",
      });
      expect(core.store.state.contacts.get(logged.id)?.note).toBe("sealed(Vermieter angerufen)");
      expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "contact.create", clientId: world.amina.id, subjectId: logged.id })]);
    });

    it("logs an earlier contact without a note", async () => {
      const logged = await logContact(core.deps, eva, { ...valid(), note: undefined, at: "2027-03-09T15:00:00+01:00" });
      expect(logged).toMatchObject({ at: new Date("2027-03-09T14:00:00Z"), note: null });
    });

    it.each([
      ["0 minutes", { durationMin: 0 }],
      ["601 minutes", { durationMin: 601 }],
      ["an unknown kind", { kind: "party" }],
      ["an unknown area", { areas: ["weather"] }],
      ["a note over 4000 characters", { note: "x".repeat(4001) }],
      ["a time in the future", { at: "2027-03-10T10:00:00Z" }],
    ])("refuses %s and stores nothing", async (_label, override) => {
      const before = snapshot();
      await expectDomainError(logContact(core.deps, eva, { ...valid(), ...override }), "invalid_input");
      expect(core.store.state).toEqual(before);
    });

    it.each([
      ["another manager", () => staffActor(world.jonas)],
      ["an unassigned supervisor", () => staffActor(world.sara)],
      ["the client", () => clientActor(world.amina)],
      ["a manager of another tenant", () => staffActor(world.mia)],
      ["a stranger", (): Actor => ({ kind: "stranger" })],
    ])("is not for %s", async (_label, actor) => {
      const before = snapshot();
      await expectDomainError(logContact(core.deps, actor(), valid()), "forbidden");
      expect(core.store.state).toEqual(before);
    });
  });

  describe("logQuickContact", () => {
    it("finds the client by name in the caseload and logs kind, duration, areas and note", async () => {
      const logged = await logQuickContact(core.deps, eva, { text: "amina 30 Hausbesuch Wohnen: Vermieter angerufen" });
      expect(logged).toMatchObject({ clientId: world.amina.id, kind: "home_visit", durationMin: 30, areas: ["housing"], note: "Vermieter angerufen" });
      expect(core.store.state.contacts.get(logged.id)?.note).toBe("sealed(Vermieter angerufen)");
    });

    it("reports several matching clients with ids and names so the adapter can ask, and logs nothing", async () => {
      const before = snapshot();
      const error = await logQuickContact(core.deps, eva, { text: "Haddad tel 10" }).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code).toBe("conflict");
      expect(isDomainError(error) && error.issues).toEqual([
        { path: candidatePath(world.amina.id), message: "Amina Haddad" },
        { path: candidatePath(world.omar.id), message: "Omar Haddad" },
      ]);
      expect(core.store.state).toEqual(before);
    });

    it("logs for the client picked after the question", async () => {
      const logged = await logQuickContact(core.deps, eva, { text: "Haddad tel 10", clientId: world.omar.id });
      expect(logged).toMatchObject({ clientId: world.omar.id, kind: "phone", durationMin: 10 });
    });

    it("prefers the exact name over longer ones", async () => {
      await seedClient(core, "amina2", "Amina Haddad-Ali", { tenantId: world.tenant.id, managerId: world.eva.id });
      const logged = await logQuickContact(core.deps, eva, { text: "Amina Haddad 20 Büro" });
      expect(logged.clientId).toBe(world.amina.id);
    });

    it("does not find clients of other caseloads", async () => {
      await expectDomainError(logQuickContact(core.deps, eva, { text: "Yusuf 20 Büro" }), "not_found");
      await expectDomainError(logQuickContact(core.deps, eva, { text: "Haddad tel 10", clientId: world.yusuf.id }), "forbidden");
    });

    it("refuses a line it cannot read and logs nothing", async () => {
      const before = snapshot();
      await expectDomainError(logQuickContact(core.deps, eva, { text: "Amina Hausbesuch" }), "invalid_input");
      expect(core.store.state).toEqual(before);
    });
  });

  describe("listContacts and lastContact", () => {
    beforeEach(async () => {
      await logContact(core.deps, eva, { ...valid(), at: "2027-03-01T09:00:00Z", note: "erste Notiz" });
      await logContact(core.deps, eva, { ...valid(), at: "2027-03-08T09:00:00Z", kind: "phone", durationMin: 10, note: "zweite Notiz" });
      core.store.state.audit = [];
    });

    it("shows the case's manager every contact, newest first, with notes", async () => {
      const listed = await listContacts(core.deps, eva, { clientId: world.amina.id });
      expect(listed.map((c) => [c.kind, c.note])).toEqual([
        ["phone", "zweite Notiz"],
        ["home_visit", "erste Notiz"],
      ]);
      expect((await lastContact(core.deps, eva, { clientId: world.amina.id }))?.note).toBe("zweite Notiz");
      expect(core.store.state.audit.map((e) => [e.action, e.clientId])).toEqual([
        ["contact.list_with_notes", world.amina.id],
        ["contact.read_last", world.amina.id],
      ]);
    });

    it("shows the supervisor kinds and durations, never the notes", async () => {
      const sara = staffActor(world.sara);
      const listed = await listContacts(core.deps, sara, { clientId: world.amina.id });
      expect(listed.map((c) => [c.kind, c.durationMin, c.note])).toEqual([
        ["phone", 10, null],
        ["home_visit", 45, null],
      ]);
      expect((await lastContact(core.deps, sara, { clientId: world.amina.id }))?.note).toBeNull();
      expect(JSON.stringify(listed)).not.toContain("Notiz");
    });

    it("is not for another manager or another tenant, and a client without contacts has no last one", async () => {
      await expectDomainError(listContacts(core.deps, staffActor(world.jonas), { clientId: world.amina.id }), "forbidden");
      await expectDomainError(lastContact(core.deps, staffActor(world.mia), { clientId: world.amina.id }), "forbidden");
      expect(await lastContact(core.deps, eva, { clientId: world.omar.id })).toBeNull();
    });
  });
});
