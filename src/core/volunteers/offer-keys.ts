import type { ContactWay, VolunteerOffer } from "./model.ts";

/** The kinds of help as staff read them (literal keys, so the i18n check sees them). */
export const offerKeys: Record<VolunteerOffer, string> = {
  language_tandem: "manager_volunteers.offer.language_tandem",
  authority_accompaniment: "manager_volunteers.offer.authority_accompaniment",
  homework_help: "manager_volunteers.offer.homework_help",
  flat_search: "manager_volunteers.offer.flat_search",
  sports_clubs: "manager_volunteers.offer.sports_clubs",
  other: "manager_volunteers.offer.other",
};

/** The kinds of help as a volunteer reads them, in their chat's language. */
export const volunteerOfferKeys: Record<VolunteerOffer, string> = {
  language_tandem: "volunteers.offer.language_tandem",
  authority_accompaniment: "volunteers.offer.authority_accompaniment",
  homework_help: "volunteers.offer.homework_help",
  flat_search: "volunteers.offer.flat_search",
  sports_clubs: "volunteers.offer.sports_clubs",
  other: "volunteers.offer.other",
};

/** How contact comes about, said to the volunteer ("You get in touch"). */
export const volunteerContactKeys: Record<ContactWay, string> = {
  manager_introduces: "volunteers.contact.manager_introduces",
  volunteer_calls: "volunteers.contact.volunteer_calls",
  meet_at_office: "volunteers.contact.meet_at_office",
};
