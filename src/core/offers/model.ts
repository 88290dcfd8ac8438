import { z } from "zod";
import type { PlanArea } from "../plans/areas.ts";
import type { Coordinates } from "../shared/coordinates.ts";

/** Where an offer comes from: the municipality's Integreat region (cached daily) or typed in by staff. */
export const offerSources = ["integreat", "manual"] as const;
export type OfferSource = (typeof offerSources)[number];

export const offerKinds = ["event", "place", "offer"] as const;
export type OfferKind = (typeof offerKinds)[number];

/**
 * An offer's title and short summary in one language, and (Integreat offers) the address of its page in that
 * language; texts cached before pages were kept per language have none, and their readers get the offer's own link.
 */
export const offerTextSchema = z.object({
  title: z.string().min(1).max(300),
  summary: z.string().max(600).default(""),
  url: z.string().max(1000).optional(),
});
export type OfferText = z.output<typeof offerTextSchema>;

/** Texts by language code; stored as JSON and validated when read. German ("de") is always there. */
export const offerTextsSchema = z
  .record(z.string().regex(/^[a-z]{2,3}$/), offerTextSchema)
  .refine((texts) => texts.de !== undefined, "German text is required");
export type OfferTexts = Record<string, OfferText>;

/** A local integration offer (pact 1.2): a course, a counselling service, a club, an event or a place. */
export interface LocalOffer {
  id: string;
  tenantId: string;
  municipalityId: string;
  source: OfferSource;
  /** Stable key within the source: "event:<id>:<date>" / "location:<id>" for Integreat, the id for manual offers. */
  sourceKey: string;
  kind: OfferKind;
  area: PlanArea;
  texts: OfferTexts;
  address: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  /** When, in German words (manual offers). */
  timeText: string | null;
  url: string | null;
  /** Where the place or event is on the map (Integreat gives it); a manager can pick such a place for an appointment. */
  coordinates: Coordinates | null;
  createdBy: string | null;
  updatedAt: Date;
}

/** A municipality's Integreat region (setting), e.g. { region: "augsburg", baseUrl: "https://cms.integreat-app.de" }. */
export const DEFAULT_INTEGREAT_BASE_URL = "https://cms.integreat-app.de";
export const integreatRegionSchema = z.object({
  region: z.string().regex(/^[a-z0-9-]{1,100}$/, "must be an Integreat region slug like augsburg"),
  baseUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_INTEGREAT_BASE_URL),
});
export type IntegreatRegion = z.output<typeof integreatRegionSchema>;
export const integreatRegionKey = (municipalityId: string): string => `municipality:${municipalityId}:integreat`;

/** What the last sync of a municipality did (setting, for operations). */
export const integreatSyncStatusSchema = z.object({
  lastAttemptAt: z.iso.datetime(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  languages: z.array(z.string()),
  offers: z.number().int(),
});
export type IntegreatSyncStatus = z.output<typeof integreatSyncStatusSchema>;
export const integreatSyncStatusKey = (municipalityId: string): string => `municipality:${municipalityId}:integreat-sync`;
