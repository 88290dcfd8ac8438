import type { PlanArea } from "../plans/areas.ts";
import type { LocalOffer, OfferSource } from "./model.ts";

export interface LocalOfferRepository {
  create(offer: LocalOffer): Promise<void>;
  get(id: string): Promise<LocalOffer | null>;
  /**
   * Makes the offers of one source of a municipality exactly `offers`: rows with the same source key are updated
   * (their id stays), others added, missing ones removed. Returns how many rows there are now.
   */
  replaceFromSource(municipalityId: string, source: OfferSource, offers: LocalOffer[]): Promise<number>;
  /** Sorted by start (offers without a start last), then German title. */
  listForMunicipalities(municipalityIds: string[], filter?: { area?: PlanArea; source?: OfferSource }): Promise<LocalOffer[]>;
}

export interface OfferRepositories {
  localOffers: LocalOfferRepository;
}
