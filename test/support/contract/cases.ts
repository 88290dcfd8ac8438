import { expect, it } from "vitest";
import type { ChannelIdentity } from "../../../src/core/identities/model.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

export function casesContract(context: ContractContext): void {
  const store = () => context.store();

  it("keeps a client and changes them in place", async () => {
    const { client } = await seedClient(context);
    expect(await store().clients.get(client.id)).toEqual(client);
    const closed = { ...client, status: "closed" as const, closedAt: at("2027-05-01T00:00:00Z"), language: "uk" };
    await store().clients.update(closed);
    expect(await store().clients.get(client.id)).toEqual(closed);
    expect(await store().clients.get("nobody")).toBeNull();
  });

  it("reads several clients at once: each once, unknown ids left out, erased ones included", async () => {
    const { client: amina } = await seedClient(context, { name: "Amina" });
    const { client: yusuf } = await seedClient(context, { name: "Yusuf" });
    const erased = { ...amina, id: context.unique("client"), name: "Erased", anonymizedAt: at("2027-02-01T00:00:00Z") };
    await store().clients.create(erased);
    const found = await store().clients.getMany([yusuf.id, "nobody", amina.id, yusuf.id, erased.id]);
    expect([...found].sort((a, b) => a.name.localeCompare(b.name))).toEqual([amina, erased, yusuf]);
    expect(await store().clients.getMany([])).toEqual([]);
  });

  it("finds clients by part of the name, ignoring case and accents, only in the tenant", async () => {
    const { tenantId, householdId, client: amina } = await seedClient(context, { name: "Amina Müller" });
    const other = { ...amina, id: context.unique("client"), name: "Yusuf Haddad" };
    await store().clients.create(other);
    await store().clients.create({ ...amina, id: context.unique("client"), name: "Amina Müller", anonymizedAt: at("2027-02-01T00:00:00Z") });
    await seedClient(context, { name: "Amina Fremd" });
    const found = await store().clients.search({ tenantId, nameContains: "MULLER" });
    expect(found.clients.map((c) => c.id)).toEqual([amina.id]);
    expect(found.total).toBe(1);
    expect((await store().clients.listByHousehold(householdId)).map((c) => c.name)).toEqual(["Amina Müller", "Amina Müller", "Yusuf Haddad"]);
  });

  it("pages a manager's caseload in name order and counts all of it", async () => {
    const { tenantId, client: first } = await seedClient(context, { name: "Zora" });
    const managerId = context.unique("manager");
    await store().managers.create({
      id: managerId,
      tenantId,
      name: "Eva",
      role: "manager",
      qualification: null,
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: at("2027-01-01T00:00:00Z"),
    });
    const names = ["Bashir", "Amal", "Dana"];
    const ids: string[] = [first.id];
    for (const name of names) {
      const { client } = await seedClient(context, { name, tenantId });
      ids.push(client.id);
    }
    for (const clientId of ids.slice(0, 3)) {
      await store().assignments.assign({ clientId, managerId, kind: "primary", createdAt: at("2027-01-01T00:00:00Z") });
    }
    const page = await store().clients.search({ tenantId, managerId, offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.clients.map((c) => c.name)).toEqual(["Bashir"]);
    await store().assignments.assign({ clientId: first.id, managerId, kind: "shared", createdAt: at("2027-01-02T00:00:00Z") });
    expect((await store().assignments.listForClient(first.id)).map((a) => a.kind)).toEqual(["shared"]);
    await store().assignments.unassign(first.id, managerId);
    expect(await store().assignments.listForClient(first.id)).toEqual([]);
  });

  it("lists the caseload's clients whose chat was linked in a period, still linked, by time (the agenda's joined line)", async () => {
    const { tenantId, client: early } = await seedClient(context, { name: "Früh" });
    const { client: inside } = await seedClient(context, { name: "Drin", tenantId });
    const { client: stranger } = await seedClient(context, { name: "Fremd", tenantId });
    const managerId = context.unique("manager");
    await store().managers.create({
      id: managerId,
      tenantId,
      name: "Eva",
      role: "manager",
      qualification: null,
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: at("2027-01-01T00:00:00Z"),
    });
    for (const clientId of [early.id, inside.id]) {
      await store().assignments.assign({ clientId, managerId, kind: "primary", createdAt: at("2027-01-01T00:00:00Z") });
    }
    const link = (clientId: string, iso: string) =>
      store().identities.upsert({
        id: context.unique("identity"),
        channel: "telegram",
        externalId: context.unique("tg"),
        conversationRef: null,
        managerId: null,
        clientId,
        locale: "ar",
        active: true,
        linkedAt: at(iso),
        deactivatedAt: null,
      });
    await link(early.id, "2027-03-01T08:00:00Z");
    await link(inside.id, "2027-03-02T08:00:00Z");
    await link(stranger.id, "2027-03-02T09:00:00Z");
    const found = await store().identities.listClientsLinkedForManager(managerId, at("2027-03-02T00:00:00Z"), at("2027-03-03T00:00:00Z"));
    expect(found).toEqual([{ clientId: inside.id, linkedAt: at("2027-03-02T08:00:00Z") }]);
    expect(
      (await store().identities.listClientsLinkedForManager(managerId, at("2027-03-01T00:00:00Z"), at("2027-03-03T00:00:00Z"))).map((f) => f.clientId),
    ).toEqual([early.id, inside.id]);
  });

  it("links one chat account to one person, and relinks it after a phone change", async () => {
    const { client } = await seedClient(context);
    const externalId = context.unique("tg");
    const identity: ChannelIdentity = {
      id: context.unique("identity"),
      channel: "telegram",
      externalId,
      conversationRef: '{"chatId":"9007199254740993"}',
      managerId: null,
      clientId: client.id,
      locale: "ar",
      active: true,
      linkedAt: at("2027-01-05T00:00:00Z"),
      deactivatedAt: null,
    };
    const stored = await store().identities.upsert(identity);
    expect(stored).toEqual(identity);
    const relinked = await store().identities.upsert({ ...identity, id: context.unique("identity"), locale: "uk", linkedAt: at("2027-02-01T00:00:00Z") });
    expect(relinked.id).toBe(identity.id);
    expect((await store().identities.findByExternal("telegram", externalId))?.locale).toBe("uk");
    expect((await store().identities.listForClient(client.id)).map((i) => i.id)).toEqual([identity.id]);
    await store().identities.update({ ...relinked, active: false, deactivatedAt: at("2027-03-01T00:00:00Z") });
    expect(await store().identities.listForClient(client.id)).toEqual([]);
    expect((await store().identities.get(identity.id))?.active).toBe(false);
    expect((await store().identities.listAllForClient(client.id)).map((i) => i.id)).toEqual([identity.id]);
    const tombstone = context.unique("erased");
    await store().identities.update({ ...relinked, externalId: tombstone, conversationRef: null, locale: null, active: false });
    expect(await store().identities.findByExternal("telegram", externalId)).toBeNull();
    expect((await store().identities.findByExternal("telegram", tombstone))?.id).toBe(identity.id);
  });

  it("lists a manager's open escalations oldest first, without resolved ones", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const escalation = (id: string, iso: string) => ({
      id,
      tenantId,
      clientId: client.id,
      managerId,
      kind: "need_help" as const,
      subjectId: null,
      status: "open" as const,
      createdAt: at(iso),
      resolvedAt: null,
    });
    const later = escalation(context.unique("esc"), "2027-01-03T00:00:00Z");
    const earlier = escalation(context.unique("esc"), "2027-01-02T00:00:00Z");
    await store().escalations.create(later);
    await store().escalations.create(earlier);
    expect((await store().escalations.listOpenForManager(managerId)).map((e) => e.id)).toEqual([earlier.id, later.id]);
    await store().escalations.update({ ...earlier, status: "resolved", resolvedAt: at("2027-01-04T00:00:00Z") });
    expect((await store().escalations.listOpenForManager(managerId)).map((e) => e.id)).toEqual([later.id]);
    expect(await store().escalations.listForClient(client.id)).toHaveLength(2);
  });
}

export function consentContract(context: ContractContext): void {
  it("keeps the consent ledger of a client in time order", async () => {
    const store = context.store();
    const clientId = context.unique("client");
    const record = (iso: string, given: boolean) => ({
      id: context.unique("consent"),
      clientId,
      purpose: "messaging" as const,
      version: 1,
      given,
      channel: "telegram",
      at: at(iso),
    });
    const withdrawn = record("2027-02-01T00:00:00Z", false);
    const given = record("2027-01-01T00:00:00Z", true);
    await store.consents.append(withdrawn);
    await store.consents.append(given);
    expect(await store.consents.listForClient(clientId)).toEqual([given, withdrawn]);
  });
}
