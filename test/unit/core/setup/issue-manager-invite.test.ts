import { beforeEach, describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { addTenant } from "../../../../src/core/setup/add-tenant.ts";
import { issueManagerInvite } from "../../../../src/core/setup/issue-manager-invite.ts";
import type { Manager } from "../../../../src/core/setup/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("issueManagerInvite", () => {
  let core: TestCore;
  let eva: Manager;
  let max: Manager;
  let firstCode: string;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    const tenant = await addTenant(core.deps, operator, { name: "Landkreis Göppingen" });
    const added = await addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    eva = added.manager;
    firstCode = added.invite.code;
    max = (await addManager(core.deps, operator, { tenantId: tenant.id, name: "Max Muster" })).manager;
    core.store.state.audit = [];
  });

  const invitesOf = (managerId: string) => [...core.store.state.invites.values()].filter((i) => i.managerId === managerId);

  it("issues a fresh code valid 7 days from now and revokes the earlier unused one", async () => {
    core.clock.advance(3 * DAY_MS);
    const invite = await issueManagerInvite(core.deps, operator, { managerId: eva.id });
    expect(invite.code).not.toBe(firstCode);
    expect(invite.expiresAt).toEqual(new Date(core.clock.now().getTime() + 7 * DAY_MS));
    expect(invitesOf(eva.id).map((i) => i.codeHash)).toEqual([`digest(${invite.code})`]);
    expect(await core.store.invites.findByCodeHash(`digest(${firstCode})`)).toBeNull();
  });

  it("leaves other managers' codes alone", async () => {
    const maxCodes = invitesOf(max.id);
    expect(maxCodes).toHaveLength(1);
    await issueManagerInvite(core.deps, operator, { managerId: eva.id });
    expect(invitesOf(max.id)).toEqual(maxCodes);
  });

  it("keeps used codes (history) and only revokes unused ones", async () => {
    const used = invitesOf(eva.id)[0]!;
    await core.store.invites.markUsed(used.id, core.clock.now());
    const invite = await issueManagerInvite(core.deps, operator, { managerId: eva.id });
    expect(
      invitesOf(eva.id)
        .map((i) => i.codeHash)
        .sort(),
    ).toEqual([`digest(${firstCode})`, `digest(${invite.code})`].sort());
  });

  it("audits the action", async () => {
    await issueManagerInvite(core.deps, operator, { managerId: eva.id });
    expect(core.store.state.audit).toEqual([
      expect.objectContaining({ action: "manager.invite", subjectKind: "manager", subjectId: eva.id, tenantId: eva.tenantId }),
    ]);
  });

  it("lets the tenant's admin issue a code", async () => {
    const admin: Actor = { kind: "staff", managerId: "admin-1", tenantId: eva.tenantId, role: "admin" };
    const invite = await issueManagerInvite(core.deps, admin, { managerId: eva.id });
    expect(invitesOf(eva.id).map((i) => i.codeHash)).toEqual([`digest(${invite.code})`]);
  });

  it.each<[string, Actor]>([
    ["an admin of another tenant", { kind: "staff", managerId: "admin-2", tenantId: "elsewhere", role: "admin" }],
    ["a manager", { kind: "staff", managerId: "m-1", tenantId: "id-1", role: "manager" }],
  ])("refuses %s and keeps the earlier code working", async (_label, actor) => {
    const before = structuredClone(core.store.state);
    await expect(issueManagerInvite(core.deps, actor, { managerId: eva.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state).toEqual(before);
    expect(await core.store.invites.findByCodeHash(`digest(${firstCode})`)).not.toBeNull();
  });

  it("reports an unknown manager as not found", async () => {
    const before = structuredClone(core.store.state);
    await expect(issueManagerInvite(core.deps, operator, { managerId: "no-such-manager" })).rejects.toMatchObject({ code: "not_found" });
    expect(core.store.state).toEqual(before);
  });

  it("rejects a missing manager id", async () => {
    await expect(issueManagerInvite(core.deps, operator, {})).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "managerId" })],
    });
  });

  it("is atomic: when the new code cannot be stored, the earlier code is not revoked", async () => {
    // SequentialIds gave Max the second code; issuing it again collides with his stored digest
    const collidingCode = "CODE000002";
    expect(invitesOf(max.id)[0]!.codeHash).toBe(`digest(${collidingCode})`);
    const deps = { ...core.deps, ids: { newId: core.deps.ids.newId.bind(core.deps.ids), newInviteCode: () => collidingCode } };
    const before = structuredClone(core.store.state);
    await expect(issueManagerInvite(deps, operator, { managerId: eva.id })).rejects.toThrow(/unique/);
    expect(core.store.state).toEqual(before);
  });
});
