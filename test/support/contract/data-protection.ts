import { expect, it } from "vitest";
import { at, seedClient, type ContractContext } from "./context.ts";

/** Retention and key rotation queries (PrivacyRepository) and the funding report's rows (ReportRepository). */
export function dataProtectionContract(context: ContractContext): void {
  it("privacy: lists a tenant's closed, not anonymised cases closed before a date, by id", async () => {
    const store = context.store();
    const { client: old, tenantId } = await seedClient(context);
    await store.clients.update({ ...old, status: "closed", closedAt: at("1990-01-01T00:00:00Z") });
    const anonymised = (await seedClient(context)).client;
    await store.clients.update({ ...anonymised, status: "closed", closedAt: at("1990-01-01T00:00:00Z"), anonymizedAt: at("1991-01-01T00:00:00Z") });
    const recent = (await seedClient(context)).client;
    await store.clients.update({ ...recent, status: "closed", closedAt: at("1990-06-01T00:00:00Z") });
    const found = await store.privacy.closedCasesBefore(tenantId, at("1990-03-01T00:00:00Z"), 10_000);
    expect(found).toContain(old.id);
    expect(found).not.toContain(anonymised.id);
    expect(found).not.toContain(recent.id);
    expect([...found].sort()).toEqual(found);
  });

  it("privacy: lists open erasure requests made before a date", async () => {
    const store = context.store();
    const { client, tenantId } = await seedClient(context);
    const escalation = (id: string, status: "open" | "resolved", createdAt: string) =>
      store.escalations.create({
        id,
        tenantId,
        clientId: client.id,
        managerId: "",
        kind: "erasure_requested",
        subjectId: null,
        status,
        createdAt: at(createdAt),
        resolvedAt: null,
      });
    const due = context.unique("esc");
    const resolved = context.unique("esc");
    const fresh = context.unique("esc");
    await escalation(due, "open", "1990-01-01T00:00:00Z");
    await escalation(resolved, "resolved", "1990-01-01T00:00:00Z");
    await escalation(fresh, "open", "1990-12-01T00:00:00Z");
    const found = (await store.privacy.erasureRequestsBefore(at("1990-06-01T00:00:00Z"), 10_000)).map((e) => e.escalationId);
    expect(found).toContain(due);
    expect(found).not.toContain(resolved);
    expect(found).not.toContain(fresh);
  });

  it("privacy: lists sealed values after a cursor and replaces one only while unchanged", async () => {
    const store = context.store();
    const { client, tenantId } = await seedClient(context);
    const ids = [context.unique("k"), context.unique("k")];
    for (const [i, id] of ids.entries()) {
      await store.contacts.create({
        id,
        tenantId,
        clientId: client.id,
        managerId: "m",
        at: at("2027-01-02T00:00:00Z"),
        kind: "office",
        durationMin: 10,
        areas: [],
        note: `sealed(${i})`,
        createdAt: at("2027-01-02T00:00:00Z"),
      });
    }
    const all = (await store.privacy.listSealed("contact.note", null, 100_000)).filter((v) => ids.includes(v.rowId));
    expect(all.map((v) => v.value)).toEqual(["sealed(0)", "sealed(1)"]);
    const first = all[0];
    if (!first) throw new Error("no value");
    const after = await store.privacy.listSealed("contact.note", first.rowId, 100_000);
    expect(after.map((v) => v.rowId)).not.toContain(first.rowId);
    expect(after.map((v) => v.rowId)).toContain(ids[1]);
    expect(await store.privacy.replaceSealed("contact.note", first.rowId, "sealed(other)", "sealed(new)")).toBe(false);
    expect(await store.privacy.replaceSealed("contact.note", first.rowId, "sealed(0)", "sealed(new)")).toBe(true);
    expect((await store.privacy.listSealed("contact.note", null, 100_000)).find((v) => v.rowId === first.rowId)?.value).toBe("sealed(new)");
  });

  it("reports: rows of one tenant only, contacts and referrals of the period only", async () => {
    const store = context.store();
    const { client, tenantId } = await seedClient(context);
    const other = await seedClient(context);
    const contact = (id: string, clientId: string, tenant: string, when: string) =>
      store.contacts.create({
        id,
        tenantId: tenant,
        clientId,
        managerId: "m",
        at: at(when),
        kind: "phone",
        durationMin: 20,
        areas: [],
        note: null,
        createdAt: at(when),
      });
    await contact(context.unique("k"), client.id, tenantId, "2027-02-01T00:00:00Z");
    await contact(context.unique("k"), client.id, tenantId, "2027-04-01T00:00:00Z");
    await contact(context.unique("k"), other.client.id, other.tenantId, "2027-02-01T00:00:00Z");
    const period = { from: at("2027-01-01T00:00:00Z"), to: at("2027-04-01T00:00:00Z") };
    expect(await store.reports.contacts(tenantId, period)).toEqual([{ clientId: client.id, kind: "phone", durationMin: 20 }]);
    expect((await store.reports.clients(tenantId)).map((c) => c.id)).toEqual([client.id]);
    expect(await store.reports.clients(tenantId)).toEqual([
      { id: client.id, householdId: client.householdId, municipalityId: null, caseStartedAt: client.caseStartedAt, closedAt: null, anonymized: false },
    ]);
  });
}
