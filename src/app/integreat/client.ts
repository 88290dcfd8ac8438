import type { z } from "zod";
import type { IntegreatEvent, IntegreatLocation, IntegreatSource } from "../../core/offers/integreat-source.ts";
import type { IntegreatRegion } from "../../core/offers/model.ts";
import { coordinatesOf } from "../../core/shared/coordinates.ts";
import { addressOf, eventsAnswer, languagesAnswer, locationsAnswer } from "./schemas.ts";

export interface IntegreatClientOptions {
  /** An answer that takes longer fails (default 15 s). */
  timeoutMs?: number;
  /** Larger answers fail (default 20 MB). */
  maxBytes?: number;
  fetch?: typeof fetch;
}

export class IntegreatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IntegreatError";
  }
}

/** A local time without offset ("2027-03-05T18:00:00") is read as UTC; Integreat sends offsets. */
const instant = (value: string) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);

/** The Integreat CMS API over HTTP: GET with a timeout and a size limit, every answer validated with zod. */
export function integreatHttpSource(options: IntegreatClientOptions = {}): IntegreatSource {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 20_000_000;
  const doFetch = options.fetch ?? fetch;

  async function getJson<S extends z.ZodType>(region: IntegreatRegion, path: string, schema: S): Promise<z.output<S>> {
    const url = `${region.baseUrl.replace(/\/+$/, "")}/api/v3/${encodeURIComponent(region.region)}/${path}`;
    let body: string;
    try {
      const response = await doFetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
      if (!response.ok) throw new IntegreatError(`${path}: HTTP ${response.status}`);
      body = await response.text();
    } catch (error) {
      if (error instanceof IntegreatError) throw error;
      const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error as Error).message;
      throw new IntegreatError(`${path}: ${reason}`, { cause: error });
    }
    if (body.length > maxBytes) throw new IntegreatError(`${path}: answer larger than ${maxBytes} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new IntegreatError(`${path}: answer is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new IntegreatError(`${path}: unexpected answer (${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? ""})`);
    return parsed.data;
  }

  return {
    async languages(region) {
      return (await getJson(region, "languages/", languagesAnswer)).map((language) => language.code.toLowerCase());
    },
    async events(region, language): Promise<IntegreatEvent[]> {
      const events = await getJson(region, `${encodeURIComponent(language)}/events/`, eventsAnswer);
      return events.map((item) => ({
        eventId: item.event.id,
        title: item.title,
        excerpt: item.excerpt,
        url: item.url,
        start: instant(item.event.start),
        end: instant(item.event.end),
        address: addressOf(item.location),
        coordinates: coordinatesOf(item.location?.latitude, item.location?.longitude),
      }));
    },
    async locations(region, language): Promise<IntegreatLocation[]> {
      const locations = await getJson(region, `${encodeURIComponent(language)}/locations/`, locationsAnswer);
      return locations.map((item) => ({
        locationId: item.location.id,
        title: item.title,
        excerpt: item.excerpt,
        url: item.url,
        category: item.category,
        address: addressOf(item.location),
        website: item.website,
        coordinates: coordinatesOf(item.location.latitude, item.location.longitude),
      }));
    },
  };
}
