import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import type { AuditEvent, AuditSeal } from "../../../src/core/audit/model.ts";
import type { Invite } from "../../../src/core/invites/model.ts";
import type { Manager } from "../../../src/core/setup/model.ts";
import { at, type ContractContext } from "./context.ts";

/** A stand-in for the audit MAC: depends on the place only, so a test can recompute it. */
const testSeal: AuditSeal = ({ seq, prevHash }) => ({ keyId: "contract", hash: createHash("sha256").update(`${seq}:${prevHash}`).digest("hex") });

export function setupContract({ store: current, unique }: ContractContext): void {
  async function tenantWithMunicipalities(...names: string[]) {
    const tenantId = unique("tenant");
    await current().tenants.create({ id: tenantId, name: "Landkreis Test", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
    const ids: string[] = [];
    for (const name of names) {
      const id = unique("muni");
      await current().municipalities.create({ id, tenantId, name, createdAt: at("2027-01-01T00:00:00Z") });
      ids.push(id);
    }
    return { tenantId, municipalityIds: ids };
  }

  function manager(tenantId: string, overrides: Partial<Manager> = {}): Manager {
    return {
      id: unique("manager"),
      tenantId,
      name: "Eva Muster",
      role: "manager",
      qualification: "a",
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: at("2027-01-02T00:00:00Z"),
      ...overrides,
    };
  }

  function invite(tenantId: string, overrides: Partial<Invite> = {}): Invite {
    return {
      id: unique("invite"),
      codeHash: unique("hash"),
      purpose: "link_manager",
      tenantId,
      managerId: null,
      clientId: null,
      expiresAt: at("2027-01-08T00:00:00Z"),
      usedAt: null,
      createdAt: at("2027-01-01T00:00:00Z"),
      ...overrides,
    };
  }

  it("answers a ping", async () => {
    await expect(current().ping()).resolves.toBeUndefined();
  });

  it("stores tenants and finds them by id; an unknown id is null", async () => {
    const { tenantId } = await tenantWithMunicipalities();
    expect(await current().tenants.get(tenantId)).toEqual({
      id: tenantId,
      name: "Landkreis Test",
      timezone: "Europe/Berlin",
      createdAt: at("2027-01-01T00:00:00Z"),
    });
    expect(await current().tenants.get("no-such-tenant")).toBeNull();
    expect((await current().tenants.list()).map((t) => t.id)).toContain(tenantId);
  });

  it("lists a tenant's municipalities by name, and no one else's", async () => {
    const { tenantId } = await tenantWithMunicipalities("Weinheim", "Bruchsal");
    await tenantWithMunicipalities("Aalen");
    expect((await current().municipalities.listByTenant(tenantId)).map((m) => m.name)).toEqual(["Bruchsal", "Weinheim"]);
  });

  it("reads a manager without municipalities with an empty list, and an unknown id as missing", async () => {
    const { tenantId } = await tenantWithMunicipalities("Weinheim");
    const ali = manager(tenantId, { municipalityIds: [] });
    await current().managers.create(ali);
    expect((await current().managers.get(ali.id))?.municipalityIds).toEqual([]);
    expect(await current().managers.get(unique("nobody"))).toBeNull();
  });

  it("keeps a manager's municipalities, role and qualification", async () => {
    const { tenantId, municipalityIds } = await tenantWithMunicipalities("Weinheim", "Bruchsal");
    const eva = manager(tenantId, { municipalityIds, role: "supervisor", qualification: "b", aadObjectId: unique("aad") });
    await current().managers.create(eva);
    expect(await current().managers.get(eva.id)).toEqual({ ...eva, municipalityIds: [...municipalityIds].sort() });
    expect((await current().managers.findByAadObjectId(eva.aadObjectId ?? ""))?.id).toBe(eva.id);
    expect(await current().managers.findByAadObjectId("unknown")).toBeNull();
    expect((await current().managers.listByTenant(tenantId)).map((m) => m.id)).toEqual([eva.id]);
  });

  it("changes a manager's role and qualification, and nothing else", async () => {
    const { tenantId, municipalityIds } = await tenantWithMunicipalities("Weinheim");
    const eva = manager(tenantId, { municipalityIds, role: "manager", qualification: "a" });
    await current().managers.create(eva);
    await current().managers.setRole(eva.id, { role: "supervisor", qualification: null });
    expect(await current().managers.get(eva.id)).toEqual({ ...eva, role: "supervisor", qualification: null });
    await current().managers.setRole(eva.id, { role: "admin", qualification: "c" });
    expect(await current().managers.get(eva.id)).toMatchObject({ role: "admin", qualification: "c", active: true });
  });

  it("refuses a second manager with the same Entra object id", async () => {
    const { tenantId } = await tenantWithMunicipalities();
    const aadObjectId = unique("aad");
    await current().managers.create(manager(tenantId, { aadObjectId }));
    await expect(current().managers.create(manager(tenantId, { aadObjectId }))).rejects.toThrow();
  });

  it("uses an invite once, even when two redeem it at the same moment", async () => {
    const { tenantId } = await tenantWithMunicipalities();
    const code = invite(tenantId);
    await current().invites.create(code);
    expect((await current().invites.findByCodeHash(code.codeHash))?.id).toBe(code.id);
    const results = await Promise.all([
      current().invites.markUsed(code.id, at("2027-01-03T00:00:00Z")),
      current().invites.markUsed(code.id, at("2027-01-03T00:00:01Z")),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await current().invites.markUsed(code.id, at("2027-01-04T00:00:00Z"))).toBe(false);
    expect((await current().invites.findByCodeHash(code.codeHash))?.usedAt).not.toBeNull();
  });

  it("closes a client's unused invites only: they read as used from then on", async () => {
    const { tenantId } = await tenantWithMunicipalities();
    const clientId = unique("client");
    const first = invite(tenantId, { clientId });
    const second = invite(tenantId, { clientId });
    const used = invite(tenantId, { clientId, usedAt: at("2027-01-02T00:00:00Z") });
    const otherClient = invite(tenantId, { clientId: unique("client") });
    for (const i of [first, second, used, otherClient]) await current().invites.create(i);
    expect(await current().invites.closeUnusedForClient(clientId, at("2027-01-05T00:00:00Z"))).toBe(2);
    expect((await current().invites.findByCodeHash(first.codeHash))?.usedAt).toEqual(at("2027-01-05T00:00:00Z"));
    expect((await current().invites.findByCodeHash(second.codeHash))?.usedAt).toEqual(at("2027-01-05T00:00:00Z"));
    expect((await current().invites.findByCodeHash(used.codeHash))?.usedAt).toEqual(at("2027-01-02T00:00:00Z"));
    expect((await current().invites.findByCodeHash(otherClient.codeHash))?.usedAt).toBeNull();
  });

  it("revokes only a manager's unused invites, and deletes expired ones", async () => {
    const { tenantId } = await tenantWithMunicipalities();
    const eva = manager(tenantId);
    await current().managers.create(eva);
    const unused = invite(tenantId, { managerId: eva.id });
    const used = invite(tenantId, { managerId: eva.id, usedAt: at("2027-01-02T00:00:00Z") });
    const other = invite(tenantId, { expiresAt: at("2099-01-01T00:00:00Z") });
    for (const i of [unused, used, other]) await current().invites.create(i);
    expect(await current().invites.revokeUnusedForManager(eva.id)).toBe(1);
    expect(await current().invites.findByCodeHash(unused.codeHash)).toBeNull();
    expect(await current().invites.findByCodeHash(used.codeHash)).not.toBeNull();
    expect(await current().invites.deleteExpired(at("2027-06-01T00:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await current().invites.findByCodeHash(used.codeHash)).toBeNull();
    expect(await current().invites.findByCodeHash(other.codeHash)).not.toBeNull();
  });

  it("lists a client's audit trail in time order", async () => {
    const clientId = unique("client");
    const event = (id: string, iso: string) => ({
      id,
      tenantId: null,
      actorKind: "manager",
      actorId: "m-1",
      action: "client.read",
      subjectKind: "client",
      subjectId: clientId,
      clientId,
      at: at(iso),
    });
    await current().audit.record(event(unique("audit"), "2027-01-02T10:00:00Z"), testSeal);
    await current().audit.record(event(unique("audit"), "2027-01-01T10:00:00Z"), testSeal);
    const trail = await current().audit.listForClient(clientId);
    expect(trail.map((e) => e.at.toISOString())).toEqual(["2027-01-01T10:00:00.000Z", "2027-01-02T10:00:00.000Z"]);
    expect(Object.keys(trail[0] ?? {}).sort()).toEqual(["action", "actorId", "actorKind", "at", "clientId", "id", "subjectId", "subjectKind", "tenantId"]);
  });

  async function chainHead() {
    const head = await current().audit.chainHead();
    if (!head) throw new Error("the audit chain has no head");
    return head;
  }

  function auditEvent(subjectId = unique("subject")): AuditEvent {
    return {
      id: unique("audit"),
      tenantId: null,
      actorKind: "system",
      actorId: "system",
      action: "test.chain",
      subjectKind: "test",
      subjectId,
      clientId: null,
      at: at("2027-01-03T10:00:00Z"),
    };
  }

  it("appends audit entries to one chain, seq after seq, each sealed over the hash before it, with concurrent writers too", async () => {
    const before = await chainHead();
    const places: { id: string; seq: number; prevHash: string }[] = [];
    const sealing =
      (event: AuditEvent): AuditSeal =>
      (place) => {
        places.push({ id: event.id, ...place });
        return testSeal(place);
      };
    const inTransaction = () =>
      current().transaction(async (repositories) => {
        for (const event of [auditEvent(), auditEvent()]) await repositories.audit.record(event, sealing(event));
      });
    const alone = async () => {
      const event = auditEvent();
      await current().audit.record(event, sealing(event));
    };
    await Promise.all([inTransaction(), alone(), inTransaction(), alone(), inTransaction(), alone(), inTransaction()]);

    const after = await chainHead();
    expect(after.seq).toBe(before.seq + 11);
    const chain = await current().audit.listChain(before.seq, 100);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => before.seq + 1 + i));
    chain.forEach((entry, i) => {
      expect(entry.prevHash).toBe(i === 0 ? before.hash : chain[i - 1]?.hash);
      expect(entry).toMatchObject({ keyId: "contract", hash: testSeal(entry).hash, action: "test.chain" });
      expect(places.find((p) => p.id === entry.id)).toEqual({ id: entry.id, seq: entry.seq, prevHash: entry.prevHash });
    });
    expect(chain.at(-1)?.hash).toBe(after.hash);
    expect((await current().audit.listChain(before.seq + 9, 100)).map((e) => e.seq)).toEqual([before.seq + 10, before.seq + 11]);
    expect(await current().audit.listChain(before.seq, 3)).toHaveLength(3);
    expect(await current().audit.countUnchained()).toBe(0);
  });

  it("appends no audit entry of a transaction that fails", async () => {
    const before = await chainHead();
    await expect(
      current().transaction(async (repositories) => {
        await repositories.audit.record(auditEvent(), testSeal);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await current().audit.chainHead()).toEqual(before);
    await current().audit.record(auditEvent(), testSeal);
    expect((await current().audit.listChain(before.seq, 10))[0]).toMatchObject({ seq: before.seq + 1, prevHash: before.hash });
  });

  it("sets and overwrites settings", async () => {
    const key = unique("setting");
    expect(await current().settings.get(key)).toBeNull();
    await current().settings.set(key, "lotse_bot");
    await current().settings.set(key, "lotse_test_bot");
    expect(await current().settings.get(key)).toBe("lotse_test_bot");
  });

  it("keeps nothing of a transaction that fails", async () => {
    const tenantId = unique("tenant");
    await expect(
      current().transaction(async (repositories) => {
        await repositories.tenants.create({ id: tenantId, name: "Halb", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await current().tenants.get(tenantId)).toBeNull();
  });

  it("reads inside a transaction what it wrote so far; after it failed, none of it", async () => {
    const tenantId = unique("tenant");
    const updateId = unique("update");
    const key = unique("dialog");
    const now = at("2027-01-01T10:00:00Z");
    await expect(
      current().transaction(async (repositories) => {
        await repositories.tenants.create({ id: tenantId, name: "Halb", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
        await repositories.dialogs.put(key, { step: 2 }, at("2027-01-02T00:00:00Z"));
        expect(await repositories.tenants.get(tenantId)).toMatchObject({ id: tenantId, name: "Halb" });
        expect(await repositories.dialogs.get(key, now)).toEqual({ step: 2 });
        expect(await repositories.processedUpdates.claimUpdate("telegram", updateId, now, { bootId: "a", leaseMs: 60_000 })).toBe(true);
        expect(await repositories.processedUpdates.claimUpdate("telegram", updateId, now, { bootId: "a", leaseMs: 60_000 })).toBe(false);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await current().tenants.get(tenantId)).toBeNull();
    expect(await current().dialogs.get(key, now)).toBeNull();
    expect(await current().processedUpdates.claimUpdate("telegram", updateId, now, { bootId: "a", leaseMs: 60_000 })).toBe(true);
  });

  it("keeps everything of a transaction that succeeds", async () => {
    const tenantId = unique("tenant");
    await current().transaction(async (repositories) => {
      await repositories.tenants.create({ id: tenantId, name: "Ganz", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
      await repositories.settings.set(`${tenantId}:x`, "1");
    });
    expect(await current().tenants.get(tenantId)).not.toBeNull();
    expect(await current().settings.get(`${tenantId}:x`)).toBe("1");
  });
}
