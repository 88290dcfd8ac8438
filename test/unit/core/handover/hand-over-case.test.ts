import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { readHandoverNote } from "../../../../src/core/handover/read-handover-note.ts";
import { handOverCase } from "../../../../src/core/handover/hand-over-case.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, outbox, seedStaff, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("handOverCase", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
    await core.store.escalations.create({
      id: "esc-1",
      tenantId: world.tenant.id,
      clientId: world.amina.id,
      managerId: world.eva.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: new Date("2027-03-09T10:00:00Z"),
      resolvedAt: null,
    });
  });

  const snapshot = () => structuredClone(core.store.state);
  const assignments = (clientId: string) => core.store.assignments.listForClient(clientId);
  const toClients = () => outbox(core).filter((m) => m.recipientKind === "client");

  it("makes the new manager primary, takes the old one off the case and keeps the note encrypted", async () => {
    const result = await handOverCase(core.deps, eva, {
      clientId: world.amina.id,
      toManagerId: world.jonas.id,
      note: "Wohnungssuche läuft, Vermieter Herr B.",
    });
    expect((await assignments(world.amina.id)).map((a) => [a.managerId, a.kind])).toEqual([[world.jonas.id, "primary"]]);
    expect(result.handover).toEqual({
      id: expect.any(String),
      clientId: world.amina.id,
      fromManagerId: world.eva.id,
      fromAgency: null,
      toManagerId: world.jonas.id,
      at: core.clock.now(),
    });
    expect(await core.store.handovers.listForClient(world.amina.id)).toEqual([
      expect.objectContaining({ note: "sealed(Wohnungssuche läuft, Vermieter Herr B.)" }),
    ]);
    expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "case.handover", clientId: world.amina.id })]);
  });

  it("introduces the new manager to the client by name only", async () => {
    const result = await handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: world.jonas.id, note: "vertraulich" });
    expect(result.clientNotified).toBe(true);
    expect(toClients()).toEqual([
      expect.objectContaining({
        recipientKind: "client",
        recipientId: world.amina.id,
        messageKey: "client.handover.introduction",
        params: { managerName: "Jonas Kern" },
        status: "pending",
        dueAt: core.clock.now(),
      }),
    ]);
    expect(JSON.stringify(outbox(core))).not.toContain("vertraulich");
  });

  it("does not message a client without consent", async () => {
    const result = await handOverCase(core.deps, eva, { clientId: world.omar.id, toManagerId: world.jonas.id });
    expect(result.clientNotified).toBe(false);
    expect(toClients()).toEqual([]);
  });

  it("tells the new manager at once, with buttons to open the card and to read the note (never the note itself)", async () => {
    const result = await handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: world.jonas.id, note: "vertraulich" });
    expect(outbox(core).filter((m) => m.recipientKind === "manager")).toEqual([
      expect.objectContaining({
        recipientId: world.jonas.id,
        clientId: world.amina.id,
        messageKey: "manager_card.handover.received",
        params: { clientName: world.amina.name, fromName: world.eva.name },
        actions: [
          expect.objectContaining({ data: `v1|cli|${world.amina.id}` }),
          expect.objectContaining({ data: `v1|hnr|${world.amina.id}|${result.handover.id}`, labelKey: "manager_card.button.handover_note" }),
        ],
      }),
    ]);
    expect(JSON.stringify(outbox(core))).not.toContain("vertraulich");
  });

  it("the new manager reads the note on request (audited); the previous one, no longer on the case, cannot", async () => {
    const result = await handOverCase(core.deps, eva, {
      clientId: world.amina.id,
      toManagerId: world.jonas.id,
      note: "Termin beim Jobcenter am 3.4. vorbereiten",
    });
    const jonas = staffActor(world.jonas);
    const shown = await readHandoverNote(core.deps, jonas, { clientId: world.amina.id, handoverId: result.handover.id });
    expect(shown).toMatchObject({ fromName: world.eva.name, note: "Termin beim Jobcenter am 3.4. vorbereiten" });
    expect(core.store.state.audit.filter((e) => e.action === "handover.note.read").map((e) => e.actorId)).toEqual([world.jonas.id]);
    await expect(readHandoverNote(core.deps, eva, { clientId: world.amina.id, handoverId: result.handover.id })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a handover without a note offers no note button", async () => {
    await handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: world.jonas.id });
    const [told] = outbox(core).filter((m) => m.recipientKind === "manager");
    expect(told?.actions.map((a) => a.labelKey)).toEqual(["manager_card.button.open_card"]);
  });

  it("can keep the previous manager on the case as shared", async () => {
    await handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: world.jonas.id, keepPreviousAsShared: true });
    const kinds = Object.fromEntries((await assignments(world.amina.id)).map((a) => [a.managerId, a.kind]));
    expect(kinds).toEqual({ [world.jonas.id]: "primary", [world.eva.id]: "shared" });
  });

  it("moves the case's open escalations to the new manager", async () => {
    await handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: world.jonas.id });
    expect((await core.store.escalations.listOpenForManager(world.jonas.id)).map((e) => e.id)).toEqual(["esc-1"]);
    expect(await core.store.escalations.listOpenForManager(world.eva.id)).toEqual([]);
  });

  it("may be done by the tenant's supervisor", async () => {
    await handOverCase(core.deps, staffActor(world.sara), { clientId: world.yusuf.id, toManagerId: world.eva.id });
    expect((await assignments(world.yusuf.id)).map((a) => [a.managerId, a.kind])).toEqual([[world.eva.id, "primary"]]);
  });

  it.each([
    ["another manager", () => staffActor(world.jonas)],
    ["a manager who only shares the case", () => ({ kind: "staff", managerId: "shared-eva", tenantId: world.tenant.id, role: "manager" }) as Actor],
    ["the client", () => clientActor(world.amina)],
    ["a supervisor of another tenant", () => ({ kind: "staff", managerId: "x", tenantId: world.otherTenant.id, role: "supervisor" }) as Actor],
    ["a stranger", (): Actor => ({ kind: "stranger" })],
  ])("is not for %s and changes nothing", async (_label, actor) => {
    await seedStaff(core, world.tenant.id, "shared-eva", "Geteilt");
    await core.store.assignments.assign({ clientId: world.amina.id, managerId: "shared-eva", kind: "shared", createdAt: core.clock.now() });
    const before = snapshot();
    await expectDomainError(handOverCase(core.deps, actor(), { clientId: world.amina.id, toManagerId: world.jonas.id }), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["a manager of another tenant", { toManagerId: "mia" }],
    ["an unknown manager", { toManagerId: "nobody" }],
    ["the current manager", { toManagerId: "eva" }],
    ["a note over 4000 characters", { toManagerId: "jonas", note: "x".repeat(4001) }],
  ])("refuses %s and changes nothing", async (_label, input) => {
    const before = snapshot();
    await expectDomainError(handOverCase(core.deps, eva, { clientId: world.amina.id, ...input }), "invalid_input");
    expect(core.store.state).toEqual(before);
  });

  it("refuses an inactive manager", async () => {
    await core.store.managers.create({ ...world.jonas, id: "gone", active: false });
    await expectDomainError(handOverCase(core.deps, eva, { clientId: world.amina.id, toManagerId: "gone" }), "invalid_input");
  });
});
