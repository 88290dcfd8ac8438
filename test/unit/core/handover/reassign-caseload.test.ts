import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { reassignCaseload } from "../../../../src/core/handover/reassign-caseload.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError, outbox, seedClient, seedStaff, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("reassignCaseload", () => {
  let core: TestCore;
  let world: World;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    await core.store.escalations.create({
      id: "esc-amina",
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
  afterEach(() => vi.restoreAllMocks());

  const snapshot = () => structuredClone(core.store.state);
  const kinds = async (clientId: string) => Object.fromEntries((await core.store.assignments.listForClient(clientId)).map((a) => [a.managerId, a.kind]));

  it("hands every open case over as a normal handover: new primary, escalations, the client introduced, the new manager told, the note sealed", async () => {
    const result = await reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas", note: "Eva ist ab März in Elternzeit" });
    expect(result.from).toEqual({ id: "eva", name: "Eva Muster" });
    expect(result.to).toEqual({ id: "jonas", name: "Jonas Kern" });
    expect(result.clients).toEqual([
      { clientId: "amina", outcome: "handed_over", handoverId: expect.any(String), clientNotified: true },
      // Omar gave no messaging consent: the handover happens, he is not messaged.
      { clientId: "omar", outcome: "handed_over", handoverId: expect.any(String), clientNotified: false },
    ]);
    expect(await kinds("amina")).toEqual({ jonas: "primary" });
    expect(await kinds("omar")).toEqual({ jonas: "primary" });
    expect((await core.store.escalations.listOpenForManager("jonas")).map((e) => e.id)).toEqual(["esc-amina"]);
    expect(outbox(core).filter((m) => m.recipientKind === "client")).toEqual([
      expect.objectContaining({ recipientId: "amina", messageKey: "client.handover.introduction", params: { managerName: "Jonas Kern" } }),
    ]);
    expect(outbox(core).filter((m) => m.recipientKind === "manager")).toEqual([
      expect.objectContaining({
        recipientId: "jonas",
        clientId: "amina",
        messageKey: "manager_card.handover.received",
        params: { clientName: "Amina Haddad", fromName: "Eva Muster" },
      }),
      expect.objectContaining({ recipientId: "jonas", clientId: "omar", messageKey: "manager_card.handover.received" }),
    ]);
    expect((await core.store.handovers.listForClient("amina")).map((h) => h.note)).toEqual(["sealed(Eva ist ab März in Elternzeit)"]);
    expect(JSON.stringify(outbox(core))).not.toContain("Elternzeit");
    expect(core.store.state.audit.map((e) => [e.action, e.clientId, e.actorKind])).toEqual([
      ["case.handover", "amina", "operator"],
      ["case.handover", "omar", "operator"],
    ]);
  });

  it("takes a case the from-manager only shares away from them: the primary stays and gets their open escalations", async () => {
    await core.store.assignments.assign({ clientId: "yusuf", managerId: "eva", kind: "shared", createdAt: core.clock.now() });
    await core.store.escalations.create({
      id: "esc-yusuf",
      tenantId: world.tenant.id,
      clientId: "yusuf",
      managerId: "eva",
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: new Date("2027-03-09T10:00:00Z"),
      resolvedAt: null,
    });
    const kim = await seedStaff(core, world.tenant.id, "kim", "Kim Neu");
    const result = await reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: kim.id, clientIds: ["yusuf"] });
    expect(result.clients).toEqual([{ clientId: "yusuf", outcome: "unshared" }]);
    expect(await kinds("yusuf")).toEqual({ jonas: "primary" });
    expect((await core.store.escalations.listOpenForManager("jonas")).map((e) => e.id)).toEqual(["esc-yusuf"]);
    expect(outbox(core)).toEqual([]);
    expect(core.store.state.audit.map((e) => [e.action, e.clientId])).toEqual([["case.unshare", "yusuf"]]);
  });

  it("hands over only the named clients, and skips a closed case and one that is not theirs, with the reason", async () => {
    const closed = await seedClient(core, "karl", "Karl Zu", { tenantId: world.tenant.id, managerId: "eva" });
    await core.store.clients.update({ ...closed, status: "closed", closedAt: core.clock.now() });
    const result = await reassignCaseload(core.deps, staffActor(world.sara), {
      fromManagerId: "eva",
      toManagerId: "jonas",
      clientIds: ["omar", "karl", "yusuf", "omar"],
    });
    expect(result.clients).toEqual([
      { clientId: "omar", outcome: "handed_over", handoverId: expect.any(String), clientNotified: false },
      { clientId: "karl", outcome: "skipped", reason: "closed" },
      { clientId: "yusuf", outcome: "skipped", reason: "not_theirs" },
    ]);
    expect(await kinds("amina")).toEqual({ eva: "primary" });
    expect(await kinds("karl")).toEqual({ eva: "primary" });
  });

  it("works for a staff member who was deactivated (someone left), and reports nothing to do when nothing is open", async () => {
    await core.store.managers.setActive("eva", false);
    expect((await reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas" })).clients).toHaveLength(2);
    expect((await reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas" })).clients).toEqual([]);
  });

  it("a manager may reassign their own cases, the tenant's supervisors and admins anyone's", async () => {
    await reassignCaseload(core.deps, staffActor(world.eva), { fromManagerId: "eva", toManagerId: "jonas", clientIds: ["amina"] });
    const admin = await seedStaff(core, world.tenant.id, "ada", "Ada Admin", "admin");
    await reassignCaseload(core.deps, staffActor(admin), { fromManagerId: "jonas", toManagerId: "eva", clientIds: ["yusuf"] });
    expect(await kinds("amina")).toEqual({ jonas: "primary" });
    expect(await kinds("yusuf")).toEqual({ eva: "primary" });
  });

  it.each([
    ["another manager", () => staffActor(world.jonas)],
    ["a supervisor of another tenant", (): Actor => ({ kind: "staff", managerId: "x", tenantId: world.otherTenant.id, role: "supervisor" })],
    ["a client", (): Actor => ({ kind: "client", clientId: "amina", householdId: world.amina.householdId, tenantId: world.tenant.id })],
    ["a stranger", (): Actor => ({ kind: "stranger" })],
  ])("is not for %s and changes nothing", async (_label, actor) => {
    const before = snapshot();
    await expectDomainError(reassignCaseload(core.deps, actor(), { fromManagerId: "eva", toManagerId: "jonas" }), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["an unknown from-manager", { fromManagerId: "nobody", toManagerId: "jonas" }, "not_found", "fromManagerId"],
    ["an unknown to-manager", { fromManagerId: "eva", toManagerId: "nobody" }, "not_found", "toManagerId"],
    ["a to-manager of another tenant", { fromManagerId: "eva", toManagerId: "mia" }, "invalid_input", "toManagerId"],
    ["the same staff member", { fromManagerId: "eva", toManagerId: "eva" }, "invalid_input", "toManagerId"],
    ["an unknown client", { fromManagerId: "eva", toManagerId: "jonas", clientIds: ["amina", "ghost"] }, "not_found", "clientIds.1"],
    ["a client of another tenant", { fromManagerId: "eva", toManagerId: "jonas", clientIds: ["lena"] }, "not_found", "clientIds.0"],
    ["an empty client list", { fromManagerId: "eva", toManagerId: "jonas", clientIds: [] }, "invalid_input", "clientIds"],
    ["a note over 4000 characters", { fromManagerId: "eva", toManagerId: "jonas", note: "x".repeat(4001) }, "invalid_input", "note"],
  ])("refuses %s before anything changes, naming the field", async (_label, input, code, path) => {
    const before = snapshot();
    await expect(reassignCaseload(core.deps, operator, input)).rejects.toMatchObject({ code, issues: [expect.objectContaining({ path })] });
    expect(core.store.state).toEqual(before);
  });

  it("refuses a deactivated to-manager", async () => {
    await core.store.managers.setActive("jonas", false);
    await expectDomainError(reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas" }), "invalid_input");
  });

  it("hands each case over in a transaction of its own: after a failure the cases before it stay handed over, a second run takes the rest", async () => {
    const create = core.store.repositories.handovers.create.bind(core.store.repositories.handovers);
    let calls = 0;
    vi.spyOn(core.store.repositories.handovers, "create").mockImplementation(async (handover) => {
      calls += 1;
      if (calls === 2) throw new Error("database gone");
      return create(handover);
    });
    await expect(reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas" })).rejects.toThrow("database gone");
    expect(await kinds("amina")).toEqual({ jonas: "primary" });
    expect(await kinds("omar")).toEqual({ eva: "primary" });
    const again = await reassignCaseload(core.deps, operator, { fromManagerId: "eva", toManagerId: "jonas" });
    expect(again.clients.map((c) => [c.clientId, c.outcome])).toEqual([["omar", "handed_over"]]);
  });
});
