import type { CoreDeps } from "../deps.ts";
import type { ContactWay, VolunteerActor, VolunteerOffer } from "./model.ts";
import { firstName } from "./volunteer-scope.ts";

/** What a volunteer sees of a match: the client's first name and language, the help and how contact happens. */
export interface OwnMatchView {
  matchId: string;
  clientFirstName: string;
  clientLanguage: string;
  offer: VolunteerOffer;
  contactWay: ContactWay;
  startedAt: Date;
  /** The first meeting the manager proposed: when and where (the place as the manager typed it). */
  meetingAt: Date | null;
  meetingPlace: string | null;
}

/** A volunteer's own active matches, never anything else about the client. */
export async function listOwnMatches(deps: CoreDeps, actor: VolunteerActor): Promise<OwnMatchView[]> {
  const matches = await deps.store.volunteerMatches.listForVolunteer(actor.volunteerId);
  const views: OwnMatchView[] = [];
  for (const match of matches) {
    if (match.status !== "active" || match.tenantId !== actor.tenantId) continue;
    const client = await deps.store.clients.get(match.clientId);
    if (!client || client.anonymizedAt || client.status === "closed") continue;
    views.push({
      matchId: match.id,
      clientFirstName: firstName(client.name),
      clientLanguage: client.language,
      offer: match.offer,
      contactWay: match.contactWay,
      startedAt: match.startedAt,
      meetingAt: match.meetingAt,
      meetingPlace: match.meetingPlace,
    });
  }
  return views;
}
