import { readAgendaDays } from "../agenda/get-agenda.ts";
import type { Agenda } from "../agenda/model.ts";
import type { Button, MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { openClientAction } from "./chat-actions.ts";
import { escalationKindKeys } from "./client-card.ts";
import type { ChatContext } from "./chat-context.ts";
import { kindKeys } from "./staff-options.ts";

/** The headings of the days /agenda shows, from today on: with the number of appointments, or for a day without. */
const dayHeadings = [
  { some: "manager.agenda.today", none: "manager.agenda.today_none" },
  { some: "manager.agenda.tomorrow", none: "manager.agenda.tomorrow_none" },
] as const;

type DayHeading = (typeof dayHeadings)[number];

function dayParts(agenda: Agenda, heading: DayHeading): TextPart[] {
  const zone = agenda.timeZone;
  const date = { t: "date" as const, iso: agenda.from.toISOString(), zone };
  // "Heute, 7.12. – keine Termine": said once, not "0 Termine" and then "Keine Termine."
  const headingPart: TextPart =
    agenda.appointments.length === 0 ? { key: heading.none, params: { date } } : { key: heading.some, params: { date, count: agenda.appointments.length } };
  const entries = agenda.appointments.map((appointment): TextPart => ({
    key: "manager.agenda.appointment",
    params: {
      time: { t: "time", iso: appointment.startsAt.toISOString(), zone },
      clientName: appointment.clients.map((c) => c.name).join(", "),
      place: appointment.place,
      kind: { t: "key", key: kindKeys[appointment.kind] },
    },
  }));
  return [headingPart, ...entries, ...sectionParts(agenda)];
}

/** The agenda's further entries (messages, reviews and steps due, clients who joined), one line each. */
function sectionParts(agenda: Agenda): TextPart[] {
  return agenda.entries.flatMap((entry): TextPart[] => {
    const key = sectionKeys[entry.section];
    if (!key) return [];
    const clientName = entry.clients.map((c) => c.name).join(", ");
    if (entry.section === "plan_review_due" && entry.at && entry.at < agenda.from) {
      return [{ key: "manager.agenda.review_overdue", params: { clientName, due: { t: "date", iso: entry.at.toISOString(), zone: agenda.timeZone } } }];
    }
    if (entry.section !== "plan_step_due") return [{ key, params: { clientName } }];
    const due = entry.at ? { t: "date" as const, iso: entry.at.toISOString(), zone: agenda.timeZone } : "";
    return [{ key, params: { clientName, step: entry.detail ?? "", due } }];
  });
}

const sectionKeys: Record<string, string> = {
  plan_review_due: "manager.agenda.review_due",
  plan_step_due: "manager.agenda.step_due",
  client_joined: "manager.agenda.joined",
  client_message: "manager.agenda.message_open",
  referral_follow_up: "manager.agenda.referral_follow_up",
};

/** Open help requests listed one by one; the card of the client opens from each (at most this many buttons). */
const maxRequestButtons = 10;

/** The open help requests (of every day, oldest first): kind, client and since when, each with its client's card. */
function requestParts(agenda: Agenda): { parts: TextPart[]; buttons: Button[][] } {
  const zone = agenda.timeZone;
  const requests = agenda.escalations;
  if (requests.length === 0) return { parts: [], buttons: [] };
  const items: MessageParam[] = requests.map((request) => ({
    t: "key",
    key: request.step !== null ? "manager.agenda.request_step" : "manager.agenda.request",
    params: {
      kind: { t: "key", key: escalationKindKeys[request.kind] },
      clientName: request.client?.name ?? "",
      since: { t: "date", iso: request.createdAt.toISOString(), zone },
      ...(request.step !== null ? { step: request.step } : {}),
    },
  }));
  const buttons = requests.slice(0, maxRequestButtons).flatMap((request): Button[][] =>
    request.client
      ? [
          [
            {
              labelKey: "manager.agenda.request_button",
              labelParams: { kind: { t: "key", key: escalationKindKeys[request.kind] }, clientName: request.client.name },
              data: openClientAction.encode(request.client.id),
            },
          ],
        ]
      : [],
  );
  return { parts: [{ key: "manager.agenda.requests", params: { total: requests.length, requests: { t: "lines", items } } }], buttons };
}

/** /agenda: today and tomorrow (one read of the agenda), one part per appointment and entry, and the open help requests. */
export async function agendaReply(context: ChatContext): Promise<Outbound[]> {
  const agendas = await readAgendaDays(context.deps, context.actor, { days: dayHeadings.length }, { tenant: context.tenant });
  const parts = agendas.flatMap((agenda, index) => dayParts(agenda, dayHeadings[index] ?? dayHeadings[1]));
  const [today] = agendas;
  const requests = today ? requestParts(today) : { parts: [], buttons: [] };
  return [{ parts: [...parts, ...requests.parts], ...(requests.buttons.length > 0 ? { buttons: requests.buttons } : {}) }];
}
