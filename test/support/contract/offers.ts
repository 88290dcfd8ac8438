import { describe, expect, it } from "vitest";
import type { LocalOffer } from "../../../src/core/offers/model.ts";
import { at, type ContractContext } from "./context.ts";

export function offersContract(context: ContractContext): void {
  describe("local offers", () => {
    async function municipality() {
      const store = context.store();
      const tenantId = context.unique("tenant");
      await store.tenants.create({ id: tenantId, name: "Landkreis Test", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
      const municipalityId = context.unique("municipality");
      await store.municipalities.create({ id: municipalityId, tenantId, name: "Plochingen", createdAt: at("2027-01-01T00:00:00Z") });
      return { tenantId, municipalityId };
    }
    const offer = (tenantId: string, municipalityId: string, over: Partial<LocalOffer>): LocalOffer => ({
      id: context.unique("offer"),
      tenantId,
      municipalityId,
      source: "integreat",
      sourceKey: "location:1",
      kind: "place",
      area: "language",
      texts: { de: { title: "Sprachcafé", summary: "Jeden Dienstag" }, ar: { title: "مقهى اللغة", summary: "" } },
      address: "Marktplatz 1",
      startsAt: null,
      endsAt: null,
      timeText: null,
      url: "https://example.org/sprachcafe",
      coordinates: null,
      createdBy: null,
      updatedAt: at("2027-03-01T08:00:00Z"),
      ...over,
    });

    it("replaces one source's offers by source key, keeps ids and leaves manual offers alone", async () => {
      const store = context.store();
      const { tenantId, municipalityId } = await municipality();
      const manual = offer(tenantId, municipalityId, {
        source: "manual",
        sourceKey: "m1",
        area: "participation",
        texts: { de: { title: "Fußballverein", summary: "" } },
      });
      await store.localOffers.create(manual);
      const cafe = offer(tenantId, municipalityId, {});
      const fest = offer(tenantId, municipalityId, {
        sourceKey: "event:7:2027-03-05",
        kind: "event",
        area: "participation",
        startsAt: at("2027-03-05T17:00:00Z"),
        texts: { de: { title: "Stadtfest", summary: "" } },
      });
      expect(await store.localOffers.replaceFromSource(municipalityId, "integreat", [cafe, fest])).toBe(2);
      expect((await store.localOffers.listForMunicipalities([municipalityId])).map((o) => o.texts.de?.title)).toEqual([
        "Stadtfest",
        "Fußballverein",
        "Sprachcafé",
      ]);

      const renamed = { ...cafe, id: context.unique("offer"), texts: { de: { title: "Sprachcafé International", summary: "" } } };
      expect(await store.localOffers.replaceFromSource(municipalityId, "integreat", [renamed])).toBe(1);
      const now = await store.localOffers.listForMunicipalities([municipalityId], { source: "integreat" });
      expect(now).toEqual([{ ...renamed, id: cafe.id }]);
      expect(await store.localOffers.get(cafe.id)).toEqual({ ...renamed, id: cafe.id });
      expect(await store.localOffers.get(manual.id)).toEqual(manual);
      expect((await store.localOffers.listForMunicipalities([municipalityId], { area: "participation" })).map((o) => o.id)).toEqual([manual.id]);
      expect(await store.localOffers.listForMunicipalities([context.unique("nowhere")])).toEqual([]);
    });

    it("keeps an offer's map position", async () => {
      const store = context.store();
      const { tenantId, municipalityId } = await municipality();
      const placed = offer(tenantId, municipalityId, { coordinates: { latitude: 48.7, longitude: 9.4 } });
      await store.localOffers.replaceFromSource(municipalityId, "integreat", [placed]);
      expect(await store.localOffers.get(placed.id)).toEqual(placed);
    });
  });
}
