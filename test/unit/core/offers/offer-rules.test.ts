import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { addLocalOffer } from "../../../../src/core/offers/add-offer.ts";
import { classifyOffer } from "../../../../src/core/offers/classify-offer.ts";
import { setIntegreatRegion } from "../../../../src/core/offers/set-integreat-region.ts";
import { shareOffer } from "../../../../src/core/offers/share-offer.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedWorld, staffActor } from "../../../support/seed.ts";

async function world() {
  const core = testCore("2027-03-01T09:00:00Z");
  const seeded = await seedWorld(core.store);
  await core.store.municipalities.create({ id: "m-plo", tenantId: seeded.tenantId, name: "Plochingen", createdAt: new Date(0) });
  await core.store.municipalities.create({ id: "m-other", tenantId: seeded.otherTenantId, name: "Anderswo", createdAt: new Date(0) });
  const offer = await addLocalOffer(core.deps, staffActor(seeded.manager), {
    municipalityId: "m-plo",
    area: "language",
    title: "Sprachcafé",
    url: "https://example.org/cafe",
  });
  return { ...core, ...seeded, offer };
}

describe("local offer rules", () => {
  it("sorts Integreat offers into plan areas by their German words", () => {
    expect(classifyOffer("Deutschkurs B1 am Abend", null)).toBe("language");
    expect(classifyOffer("Bewerbungstraining", null)).toBe("work");
    expect(classifyOffer("Caritas", "Beratung")).toBe("everyday");
    expect(classifyOffer("Fußball", "Sport und Freizeit")).toBe("participation");
    expect(classifyOffer("Hausaufgabenhilfe", null)).toBe("education");
  });

  it("bad offer input is refused with the field named, and nothing is stored", async () => {
    const { deps, store, manager, supervisor } = await world();
    const before = store.state.localOffers.size;
    await expect(addLocalOffer(deps, staffActor(manager), { municipalityId: "m-plo", area: "cooking", title: "X" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "area" })],
    });
    await expect(
      addLocalOffer(deps, staffActor(manager), { municipalityId: "m-plo", area: "work", title: "X", url: "javascript:alert(1)" }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "url" })] });
    await expect(addLocalOffer(deps, staffActor(manager), { municipalityId: "m-other", area: "work", title: "X" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "municipalityId" })],
    });
    await expect(addLocalOffer(deps, staffActor(supervisor), { municipalityId: "m-plo", area: "work", title: "X" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(store.state.localOffers.size).toBe(before);
  });

  it("only the client's managers share; without messaging consent nothing is sent, a referral is still recorded", async () => {
    const { deps, store, manager, colleague, supervisor, client, stranger, otherClient, tenantId, offer } = await world();
    await expect(shareOffer(deps, staffActor(colleague), { offerId: offer.id, clientId: client.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(shareOffer(deps, staffActor(supervisor), { offerId: offer.id, clientId: client.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(shareOffer(deps, staffActor(stranger), { offerId: offer.id, clientId: otherClient.id })).rejects.toMatchObject({ code: "not_found" });
    const silent = await seedClient(store, tenantId, { managerId: manager.id, name: "Ohne Zustimmung" });
    const result = await shareOffer(deps, staffActor(manager), { offerId: offer.id, clientId: silent.id, refer: true });
    expect(result.sent).toBe(false);
    expect(await store.outbox.listPendingForRecipient("client", silent.id)).toEqual([]);
    expect(await store.referrals.listForClient(silent.id)).toHaveLength(1);
  });

  it("a referral to an event weeks ahead is followed up the day after it, not a week after sharing (was: 13 Dec about 12 Jan)", async () => {
    const { deps, store, clock, manager, client, tenantId, offer } = await world();
    clock.set("2027-12-13T09:00:00Z");
    const stored = (await store.localOffers.get(offer.id))!;
    await store.localOffers.create({
      ...stored,
      id: "offer-neujahr",
      sourceKey: "neujahr",
      tenantId,
      kind: "event",
      startsAt: new Date("2028-01-12T17:00:00Z"),
      endsAt: new Date("2028-01-12T19:00:00Z"),
    });
    const shared = await shareOffer(deps, staffActor(manager), { offerId: "offer-neujahr", clientId: client.id, refer: true });
    // 10:00 in Berlin on 13 January, for the client ("Did you go?") and for the manager alike.
    expect(shared.referral?.followUpAt).toEqual(new Date("2028-01-13T09:00:00Z"));
    const followUps = [...store.state.outbox.values()].filter((m) => ["offers.followup.question", "manager_referrals.ask.named"].includes(m.messageKey));
    expect(followUps.map((m) => [m.recipientKind, m.dueAt])).toEqual([
      ["client", new Date("2028-01-13T09:00:00Z")],
      ["manager", new Date("2028-01-13T09:00:00Z")],
    ]);
    // An offer without a date is asked about a week after sharing.
    const undated = await shareOffer(deps, staffActor(manager), { offerId: offer.id, clientId: client.id, refer: true });
    expect(undated.referral?.followUpAt).toEqual(new Date("2027-12-20T09:00:00Z"));
  });

  it("the Integreat region is set by the operator or the tenant admin only, and validated", async () => {
    const { deps, store, manager } = await world();
    await expect(setIntegreatRegion(deps, staffActor(manager), { municipalityId: "m-plo", region: "plochingen" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setIntegreatRegion(deps, operator, { municipalityId: "m-plo", region: "Plochingen am Neckar" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(setIntegreatRegion(deps, operator, { municipalityId: "m-plo", region: "plochingen", baseUrl: "ftp://x" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await setIntegreatRegion(deps, operator, { municipalityId: "m-plo", region: "plochingen" })).toEqual({
      region: "plochingen",
      baseUrl: "https://cms.integreat-app.de",
    });
    expect(JSON.parse((await store.settings.get("municipality:m-plo:integreat")) ?? "null")).toEqual({
      region: "plochingen",
      baseUrl: "https://cms.integreat-app.de",
    });
    expect(await setIntegreatRegion(deps, operator, { municipalityId: "m-plo", region: null })).toBeNull();
  });
});
