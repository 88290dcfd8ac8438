import { z } from "zod";
import { defineForm, type FieldOption, type FormContext } from "../dialog/form.ts";
import type { DialogContext } from "../dialog/form-runner.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { caseloadOptions, isStaffManager } from "../chat/staff-options.ts";
import { findClients } from "../cases/find-clients.ts";
import { offerMunicipalityIds } from "../offers/list-offers.ts";
import { clientLanguages, languageOwnNames, type ClientLanguage } from "../shared/languages.ts";
import { countVolunteerMatches } from "./count-matches.ts";
import { endVolunteerMatch } from "./end-match.ts";
import { findVolunteersFor } from "./find-volunteers.ts";
import { listOwnMatches } from "./list-own-matches.ts";
import { matchVolunteer } from "./match-volunteer.ts";
import { cardMeetingAction } from "../chat/card-actions.ts";
import { contactWays, matchOutcomes, volunteerOffers } from "./model.ts";
import { offerKeys, volunteerContactKeys, volunteerOfferKeys } from "./offer-keys.ts";
import { registerVolunteer } from "./register-volunteer.ts";

const contactKeys = {
  manager_introduces: "manager_volunteers.contact.manager_introduces",
  volunteer_calls: "manager_volunteers.contact.volunteer_calls",
  meet_at_office: "manager_volunteers.contact.meet_at_office",
} as const;
const outcomeKeys = {
  helped: "manager_volunteers.outcome.helped",
  no_contact: "manager_volunteers.outcome.no_contact",
  ended_early: "manager_volunteers.outcome.ended_early",
  other: "manager_volunteers.outcome.other",
} as const;

const offerOptions = (): FieldOption[] => volunteerOffers.map((offer) => ({ value: offer, labelKey: offerKeys[offer] }));
const languageName = (code: string) => languageOwnNames[code as ClientLanguage] ?? code;

async function municipalityOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  const ids = await offerMunicipalityIds(deps.store, actor);
  const municipalities = await Promise.all(ids.map((id) => deps.store.municipalities.get(id)));
  return municipalities.filter((m) => m !== null).map((m) => ({ value: m.id, labelKey: "", label: m.name }));
}

/** /volunteeradd: a volunteer for the register, with their consent. */
export const addVolunteerForm = defineForm({
  id: "voladd",
  titleKey: "manager_volunteers.add.title",
  schema: z.object({
    municipalityId: z.string().min(1),
    name: z.string().trim().min(1).max(120),
    languages: z.array(z.string()).min(1),
    offers: z.array(z.enum(volunteerOffers)).min(1),
    availability: z.string().trim().min(1).max(300),
    consent: z.boolean(),
  }),
  allowed: isStaffManager,
  fields: [
    {
      name: "municipalityId",
      type: "choice",
      promptKey: "manager_volunteers.add.municipality",
      labelKey: "manager_volunteers.labels.municipality",
      options: municipalityOptions,
    },
    { name: "name", type: "text", promptKey: "manager_volunteers.add.name", labelKey: "manager_volunteers.labels.name", maxLength: 120 },
    {
      name: "languages",
      type: "multi_choice",
      promptKey: "manager_volunteers.add.languages",
      labelKey: "manager_volunteers.labels.languages",
      options: async () => clientLanguages.map((code) => ({ value: code, labelKey: "", label: languageOwnNames[code] })),
    },
    {
      name: "offers",
      type: "multi_choice",
      promptKey: "manager_volunteers.add.offers",
      labelKey: "manager_volunteers.labels.offers",
      options: async () => offerOptions(),
    },
    {
      name: "availability",
      type: "text",
      promptKey: "manager_volunteers.add.availability",
      labelKey: "manager_volunteers.labels.availability",
      maxLength: 300,
    },
    { name: "consent", type: "confirm", promptKey: "manager_volunteers.add.consent", labelKey: "manager_volunteers.labels.consent" },
  ],
  submit: async ({ deps, actor }, values): Promise<Outbound[]> => {
    if (!values.consent) return [say("manager_volunteers.add.no_consent")];
    const volunteer = await registerVolunteer(deps, actor, { ...values, consent: true });
    return [say("manager_volunteers.add.done", { name: volunteer.name })];
  },
});

/** /match: client → kind of help → a volunteer who offers it (speakers of the client's language first) → contact. */
export const matchForm = defineForm({
  id: "volmatch",
  titleKey: "manager_volunteers.match.title",
  schema: z.object({ clientId: z.string().min(1), offer: z.enum(volunteerOffers), volunteerId: z.string().min(1), contactWay: z.enum(contactWays) }),
  allowed: isStaffManager,
  fields: [
    { name: "clientId", type: "choice", promptKey: "manager_volunteers.match.client", labelKey: "manager.labels.client", options: caseloadOptions },
    {
      name: "offer",
      type: "choice",
      promptKey: "manager_volunteers.match.offer",
      labelKey: "manager_volunteers.labels.help",
      options: async () => offerOptions(),
    },
    {
      name: "volunteerId",
      type: "choice",
      promptKey: "manager_volunteers.match.volunteer",
      labelKey: "manager_volunteers.labels.volunteer",
      options: async ({ deps, actor, values }) => {
        if (typeof values.clientId !== "string" || typeof values.offer !== "string") {
          // a whole-form card (Teams) asks everything at once: every volunteer of the manager's municipalities
          const ids = await offerMunicipalityIds(deps.store, actor);
          const all = (await deps.store.volunteers.listForMunicipalities(ids)).filter(
            (v) => v.active && actor.kind === "staff" && v.tenantId === actor.tenantId,
          );
          return all.map((v) => ({ value: v.id, labelKey: "", label: `${v.name} (${v.languages.map(languageName).join(", ")}; ${v.availability})` }));
        }
        const candidates = await findVolunteersFor(deps, actor, { clientId: values.clientId, offer: values.offer });
        return candidates.map(({ volunteer, speaksClientLanguage }) => ({
          value: volunteer.id,
          labelKey: "",
          label: `${speaksClientLanguage ? "★ " : ""}${volunteer.name} (${volunteer.languages.map(languageName).join(", ")}; ${volunteer.availability})`,
        }));
      },
    },
    {
      name: "contactWay",
      type: "choice",
      promptKey: "manager_volunteers.match.contact",
      labelKey: "manager_volunteers.labels.contact",
      options: async () => contactWays.map((way) => ({ value: way, labelKey: contactKeys[way] })),
    },
  ],
  submit: async ({ deps, actor }, values): Promise<Outbound[]> => {
    const recorded = await matchVolunteer(deps, actor, values);
    const params = { client: recorded.clientName, volunteer: recorded.volunteerName };
    return [
      {
        parts: [
          { key: recorded.clientTold ? "manager_volunteers.match.done" : "manager_volunteers.match.done_not_told", params },
          { key: recorded.volunteerTold ? "manager_volunteers.match.volunteer_told" : "manager_volunteers.match.volunteer_not_told", params },
        ],
        buttons: [[{ labelKey: "manager_volunteers.button.meeting_new", data: cardMeetingAction.encode(recorded.match.id) }]],
      },
    ];
  },
});

async function activeMatchOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const { clients } = await findClients(deps, actor, { status: "open", pageSize: 50 });
  const options: FieldOption[] = [];
  for (const client of clients) {
    for (const match of await deps.store.volunteerMatches.listForClient(client.id)) {
      if (match.status !== "active") continue;
      const volunteer = await deps.store.volunteers.get(match.volunteerId);
      options.push({ value: match.id, labelKey: "", label: `${client.name} – ${volunteer?.name ?? "?"}` });
    }
  }
  return options.slice(0, 20);
}

/** /matchend: an active match of the caseload → outcome. */
export const endMatchForm = defineForm({
  id: "volend",
  titleKey: "manager_volunteers.end.title",
  schema: z.object({ matchId: z.string().min(1), outcome: z.enum(matchOutcomes) }),
  allowed: isStaffManager,
  fields: [
    { name: "matchId", type: "choice", promptKey: "manager_volunteers.end.match", labelKey: "manager_volunteers.labels.match", options: activeMatchOptions },
    {
      name: "outcome",
      type: "choice",
      promptKey: "manager_volunteers.end.outcome",
      labelKey: "manager_volunteers.labels.outcome",
      options: async () => matchOutcomes.map((o) => ({ value: o, labelKey: outcomeKeys[o] })),
    },
  ],
  submit: async ({ deps, actor }, values): Promise<Outbound[]> => {
    await endVolunteerMatch(deps, actor, values);
    return [say("manager_volunteers.end.done")];
  },
});

/** /volunteers: the register of the manager's municipalities. */
export async function volunteerRegisterReply(context: DialogContext): Promise<Outbound[]> {
  return [...(await matchOverview(context)), ...(await registerList(context))];
}

/** For supervision: the tenant's volunteer matches so far, running and ended by outcome (counts only). */
async function matchOverview(context: DialogContext): Promise<Outbound[]> {
  const { actor } = context;
  if (actor.kind !== "staff" || (actor.role !== "supervisor" && actor.role !== "admin")) return [];
  const counts = await countVolunteerMatches(context.deps, actor, {
    tenantId: actor.tenantId,
    from: new Date(0),
    to: new Date(context.deps.clock.now().getTime() + 1),
  });
  return [say("manager_volunteers.register.overview", { active: counts.activeAtEnd, ...counts.ended })];
}

async function registerList(context: DialogContext): Promise<Outbound[]> {
  const ids = await offerMunicipalityIds(context.deps.store, context.actor);
  const volunteers = (await context.deps.store.volunteers.listForMunicipalities(ids)).filter(
    (v) => v.active && v.tenantId === (context.actor.kind === "staff" ? context.actor.tenantId : ""),
  );
  if (volunteers.length === 0) return [say("manager_volunteers.register.empty")];
  return [
    {
      parts: [
        { key: "manager_volunteers.register.title", params: { count: volunteers.length } },
        ...volunteers.slice(0, 30).flatMap((v) => [
          {
            key: "manager_volunteers.register.item",
            params: { name: v.name, languages: v.languages.map(languageName).join(", "), availability: v.availability },
          },
          ...v.offers.map((o) => ({ key: "manager_volunteers.register.offer", params: { offer: { t: "key" as const, key: offerKeys[o] } } })),
        ]),
      ],
    },
  ];
}

/** /matches of a volunteer: the people they accompany, by first name and language only, and each first meeting ahead. */
export async function ownMatchesReply(context: DialogContext): Promise<Outbound[]> {
  if (context.actor.kind !== "volunteer") return [say("errors.forbidden")];
  const matches = await listOwnMatches(context.deps, context.actor);
  if (matches.length === 0) return [say("volunteers.volunteer.no_matches")];
  const now = context.deps.clock.now().getTime();
  return [
    {
      parts: [
        { key: "volunteers.volunteer.matches" },
        ...matches.flatMap((m): TextPart[] => [
          {
            key: "volunteers.volunteer.match",
            params: {
              firstName: m.clientFirstName,
              language: languageName(m.clientLanguage),
              offer: { t: "key" as const, key: volunteerOfferKeys[m.offer] },
              contact: { t: "key" as const, key: volunteerContactKeys[m.contactWay] },
            },
          },
          ...(m.meetingAt && m.meetingAt.getTime() > now
            ? [
                {
                  key: "volunteers.volunteer.match_meeting",
                  params: {
                    firstName: m.clientFirstName,
                    startsAt: { t: "datetime" as const, iso: m.meetingAt.toISOString(), zone: context.zone },
                    place: m.meetingPlace ?? "",
                  },
                },
              ]
            : []),
        ]),
      ],
    },
  ];
}
