import type { Actor } from "../actor.ts";
import type { LocalOffer } from "../offers/model.ts";
import { offerMunicipalityIds } from "../offers/list-offers.ts";
import type { Repositories } from "../ports/store.ts";
import type { Coordinates } from "../shared/coordinates.ts";
import { maxPlaceLength } from "./model.ts";

/** A place a manager can pick for an appointment: a local offer's place whose map position is known (Integreat). */
export interface KnownPlace {
  offerId: string;
  /** The place as the appointment stores it: "Migrationsberatung der Caritas, Hermannstraße 2, 73207 Plochingen". */
  place: string;
  coordinates: Coordinates;
}

/** The offer's German title and its address, as one place text. */
export function placeOfOffer(offer: Pick<LocalOffer, "texts" | "address">): string {
  const text = [offer.texts.de?.title.trim(), offer.address?.trim()].filter(Boolean).join(", ");
  return text.length <= maxPlaceLength ? text : `${text.slice(0, maxPlaceLength - 1).trimEnd()}…`;
}

/**
 * The places (not events) of the actor's municipalities with coordinates, by title, each place text once. An
 * appointment at one of them carries a map location to the client.
 */
export async function knownPlaces(
  repositories: Pick<Repositories, "managers" | "municipalities" | "clients" | "households" | "localOffers">,
  actor: Actor,
): Promise<KnownPlace[]> {
  const municipalityIds = await offerMunicipalityIds(repositories, actor);
  if (municipalityIds.length === 0) return [];
  const places = new Map<string, KnownPlace>();
  for (const offer of await repositories.localOffers.listForMunicipalities(municipalityIds)) {
    if (offer.kind !== "place" || !offer.coordinates) continue;
    const place = placeOfOffer(offer);
    if (!places.has(place)) places.set(place, { offerId: offer.id, place, coordinates: offer.coordinates });
  }
  return [...places.values()];
}

/** Known places shown as buttons under the place question; the others are typed like any place. */
const MAX_PLACE_CHOICES = 6;
const RECENT_DAYS = 180;

/**
 * The known places to offer a manager as buttons: those of their appointments in the half year around now first
 * (most used first), then by title; at most six, so the place question stays short where a region lists hundreds.
 */
export async function knownPlaceChoices(
  repositories: Pick<Repositories, "managers" | "municipalities" | "clients" | "households" | "localOffers" | "appointments">,
  actor: Actor,
  now: Date,
): Promise<KnownPlace[]> {
  const places = await knownPlaces(repositories, actor);
  if (places.length <= MAX_PLACE_CHOICES || actor.kind !== "staff") return places.slice(0, MAX_PLACE_CHOICES);
  const span = RECENT_DAYS * 24 * 60 * 60 * 1000;
  const recent = await repositories.appointments.listForManager(actor.managerId, new Date(now.getTime() - span), new Date(now.getTime() + span));
  const uses = new Map<string, number>();
  for (const appointment of recent) if (appointment.coordinates) uses.set(appointment.place, (uses.get(appointment.place) ?? 0) + 1);
  const used = (place: KnownPlace) => uses.get(place.place) ?? 0;
  return [...places].sort((a, b) => used(b) - used(a)).slice(0, MAX_PLACE_CHOICES);
}
