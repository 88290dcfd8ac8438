import type { CoreDeps } from "../deps.ts";
import { clientLanguages } from "../shared/languages.ts";
import type { Coordinates } from "../shared/coordinates.ts";
import type { Municipality } from "../setup/model.ts";
import { classifyOffer } from "./classify-offer.ts";
import type { IntegreatEvent, IntegreatLocation, IntegreatSource } from "./integreat-source.ts";
import {
  integreatRegionKey,
  integreatRegionSchema,
  integreatSyncStatusKey,
  type IntegreatRegion,
  type IntegreatSyncStatus,
  type LocalOffer,
  type OfferText,
} from "./model.ts";

const SUMMARY_LENGTH = 280;

export interface MunicipalitySyncResult {
  municipalityId: string;
  ok: boolean;
  offers: number;
  languages: string[];
  /** Languages whose answer failed; their texts were kept from the last good sync. */
  failedLanguages: string[];
  error: string | null;
}

export interface IntegreatSyncReport {
  municipalities: MunicipalitySyncResult[];
}

/** An item of one language, keyed so the same offer matches across languages. */
interface Item {
  key: string;
  kind: "event" | "place";
  text: OfferText;
  category: string | null;
  address: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  url: string | null;
  coordinates: Coordinates | null;
}

const shorten = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= SUMMARY_LENGTH ? flat : `${flat.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…`;
};

const eventItem = (event: IntegreatEvent): Item => ({
  key: `event:${event.eventId}:${event.start.toISOString().slice(0, 10)}`,
  kind: "event",
  text: { title: event.title.trim(), summary: shorten(event.excerpt), url: event.url },
  category: null,
  address: event.address,
  startsAt: event.start,
  endsAt: event.end,
  url: event.url,
  coordinates: event.coordinates,
});

const locationItem = (location: IntegreatLocation): Item => ({
  key: `location:${location.locationId}`,
  kind: "place",
  // Integreat sends a place's title in German in every language (its map cannot show right-to-left titles); the
  // excerpt and the page are the language's own. The reader's view marks such a title (offer-view.ts).
  text: { title: location.title.trim(), summary: shorten(location.excerpt), url: location.url },
  category: location.category,
  address: location.address,
  startsAt: null,
  endsAt: null,
  url: location.website ?? location.url,
  coordinates: location.coordinates,
});

async function itemsIn(source: IntegreatSource, region: IntegreatRegion, language: string): Promise<Item[]> {
  const [events, locations] = await Promise.all([source.events(region, language), source.locations(region, language)]);
  return [...events.map(eventItem), ...locations.map(locationItem)];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** The Integreat region set for a municipality (`lotse offer region`); null when none is set or it no longer reads. */
export async function regionOf(deps: Pick<CoreDeps, "store">, municipality: Pick<Municipality, "id">): Promise<IntegreatRegion | null> {
  const raw = await deps.store.settings.get(integreatRegionKey(municipality.id));
  if (!raw) return null;
  try {
    return integreatRegionSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

async function recordStatus(deps: CoreDeps, municipalityId: string, result: MunicipalitySyncResult): Promise<void> {
  const key = integreatSyncStatusKey(municipalityId);
  const before = await deps.store.settings.get(key);
  const previousSuccess = before ? ((JSON.parse(before) as Partial<IntegreatSyncStatus>).lastSuccessAt ?? null) : null;
  const now = deps.clock.now().toISOString();
  const status: IntegreatSyncStatus = {
    lastAttemptAt: now,
    lastSuccessAt: result.ok ? now : previousSuccess,
    lastError: result.error,
    languages: result.languages,
    offers: result.offers,
  };
  await deps.store.settings.set(key, JSON.stringify(status));
}

/**
 * Fetches one municipality's region in German and every client language the region has, and replaces the cached
 * Integreat offers. German defines which offers there are; another language adds its texts, and a language whose
 * answer fails keeps its texts from the last good sync. A failed German answer, failed language list, or an empty
 * answer where offers were cached keeps the whole cache.
 */
async function syncMunicipality(deps: CoreDeps, source: IntegreatSource, municipality: Municipality, region: IntegreatRegion): Promise<MunicipalitySyncResult> {
  const result: MunicipalitySyncResult = { municipalityId: municipality.id, ok: false, offers: 0, languages: [], failedLanguages: [], error: null };
  const cached = await deps.store.localOffers.listForMunicipalities([municipality.id], { source: "integreat" });
  try {
    const regionLanguages = await source.languages(region);
    if (!regionLanguages.includes("de")) throw new Error("the region has no German content");
    const languages = clientLanguages.filter((language) => regionLanguages.includes(language));
    const german = await itemsIn(source, region, "de");
    if (german.length === 0 && cached.length > 0) throw new Error("the region answered with no offers at all; keeping the cache");
    const texts = new Map<string, Record<string, OfferText>>(german.map((item) => [item.key, { de: item.text }]));
    const previous = new Map(cached.map((offer) => [offer.sourceKey, offer]));
    for (const language of languages.filter((l) => l !== "de")) {
      try {
        for (const item of await itemsIn(source, region, language)) {
          const entry = texts.get(item.key);
          if (entry) entry[language] = item.text;
        }
      } catch {
        result.failedLanguages.push(language);
        for (const [key, entry] of texts) {
          const kept = previous.get(key)?.texts[language];
          if (kept) entry[language] = kept;
        }
      }
    }
    const now = deps.clock.now();
    const offers: LocalOffer[] = german.map((item) => ({
      id: previous.get(item.key)?.id ?? deps.ids.newId(),
      tenantId: municipality.tenantId,
      municipalityId: municipality.id,
      source: "integreat",
      sourceKey: item.key,
      kind: item.kind,
      area: classifyOffer(item.text.title, item.category),
      texts: texts.get(item.key) ?? { de: item.text },
      address: item.address,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      timeText: null,
      url: item.url,
      coordinates: item.coordinates,
      createdBy: null,
      updatedAt: now,
    }));
    const unique = [...new Map(offers.map((offer) => [offer.sourceKey, offer])).values()];
    result.offers = await deps.store.transaction((repositories) => repositories.localOffers.replaceFromSource(municipality.id, "integreat", unique));
    result.languages = languages;
    result.ok = true;
  } catch (error) {
    result.error = message(error);
    result.offers = cached.length;
  }
  await recordStatus(deps, municipality.id, result);
  return result;
}

/**
 * The daily Integreat sync: every municipality with an Integreat region setting. One municipality's failure never
 * stops the others, and never empties its cache.
 */
export async function syncIntegreatOffers(deps: CoreDeps, source: IntegreatSource): Promise<IntegreatSyncReport> {
  const report: IntegreatSyncReport = { municipalities: [] };
  for (const tenant of await deps.store.tenants.list()) {
    for (const municipality of await deps.store.municipalities.listByTenant(tenant.id)) {
      const region = await regionOf(deps, municipality);
      if (region) report.municipalities.push(await syncMunicipality(deps, source, municipality, region));
    }
  }
  return report;
}
