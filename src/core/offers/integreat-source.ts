import type { Coordinates } from "../shared/coordinates.ts";
import type { IntegreatRegion } from "./model.ts";

/** An event of an Integreat region in one language (already validated by the adapter). */
export interface IntegreatEvent {
  /** The event's id, the same in every language. */
  eventId: number;
  title: string;
  excerpt: string;
  url: string;
  start: Date;
  end: Date;
  address: string | null;
  /** Where it takes place on the map, when the region gives it. */
  coordinates: Coordinates | null;
}

/** A location (place) of an Integreat region in one language. */
export interface IntegreatLocation {
  /** The location's id, the same in every language. */
  locationId: number;
  title: string;
  excerpt: string;
  url: string;
  category: string | null;
  address: string | null;
  website: string | null;
  /** Where the place is on the map, when the region gives it. */
  coordinates: Coordinates | null;
}

/**
 * The port to an Integreat CMS (src/app/integreat implements it over HTTP). Every method throws on a failed,
 * slow or malformed answer; the sync keeps the last good cache then.
 */
export interface IntegreatSource {
  /** Language codes the region offers. */
  languages(region: IntegreatRegion): Promise<string[]>;
  events(region: IntegreatRegion, language: string): Promise<IntegreatEvent[]>;
  locations(region: IntegreatRegion, language: string): Promise<IntegreatLocation[]>;
}
