import type { LocalOffer } from "../../../src/core/offers/model.ts";
import type { OfferRepositories } from "../../../src/core/offers/repositories.ts";
import { copy, uniqueViolation } from "./shared.ts";

export interface OfferState {
  localOffers: Map<string, LocalOffer>;
}

export const emptyOfferState = (): OfferState => ({ localOffers: new Map() });

const byStartThenTitle = (a: LocalOffer, b: LocalOffer) =>
  (a.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
  (a.texts.de?.title ?? "").localeCompare(b.texts.de?.title ?? "", "de") ||
  a.id.localeCompare(b.id);

/** Local offers (Integreat cache and manual offers) in memory. */
export function memoryOfferRepositories(state: () => OfferState): OfferRepositories {
  const all = () => [...state().localOffers.values()];
  const sameKey = (a: LocalOffer, b: Pick<LocalOffer, "municipalityId" | "source" | "sourceKey">) =>
    a.municipalityId === b.municipalityId && a.source === b.source && a.sourceKey === b.sourceKey;
  return {
    localOffers: {
      create: async (offer) => {
        if (state().localOffers.has(offer.id) || all().some((o) => sameKey(o, offer))) throw uniqueViolation("localOffer");
        state().localOffers.set(offer.id, copy(offer));
      },
      get: async (id) => copy(state().localOffers.get(id) ?? null),
      replaceFromSource: async (municipalityId, source, offers) => {
        const keys = new Set(offers.map((o) => o.sourceKey));
        for (const existing of all()) {
          if (existing.municipalityId === municipalityId && existing.source === source && !keys.has(existing.sourceKey))
            state().localOffers.delete(existing.id);
        }
        for (const offer of offers) {
          const existing = all().find((o) => sameKey(o, offer));
          state().localOffers.set(existing?.id ?? offer.id, { ...copy(offer), id: existing?.id ?? offer.id });
        }
        return all().filter((o) => o.municipalityId === municipalityId && o.source === source).length;
      },
      listForMunicipalities: async (municipalityIds, filter = {}) =>
        all()
          .filter((o) => municipalityIds.includes(o.municipalityId))
          .filter((o) => !filter.area || o.area === filter.area)
          .filter((o) => !filter.source || o.source === filter.source)
          .sort(byStartThenTitle)
          .map(copy),
    },
  };
}
