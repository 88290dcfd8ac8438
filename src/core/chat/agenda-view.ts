import { getAgendaDays } from "../agenda/get-agenda.ts";
import type { Agenda } from "../agenda/model.ts";
import type { TextPart } from "../dialog/messages.ts";
import type { Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import { kindKeys } from "./staff-options.ts";

/** The headings of the days /agenda shows, from today on. */
const dayHeadings = ["manager.agenda.today", "manager.agenda.tomorrow"] as const;

function dayParts(agenda: Agenda, headingKey: string): TextPart[] {
  const zone = agenda.timeZone;
  const heading: TextPart = { key: headingKey, params: { date: { t: "date", iso: agenda.from.toISOString(), zone }, count: agenda.appointments.length } };
  const entries = agenda.appointments.map((appointment): TextPart => ({
    key: "manager.agenda.appointment",
    params: {
      time: { t: "time", iso: appointment.startsAt.toISOString(), zone },
      clientName: appointment.clients.map((c) => c.name).join(", "),
      place: appointment.place,
      kind: { t: "key", key: kindKeys[appointment.kind] },
    },
  }));
  return [heading, ...(entries.length > 0 ? entries : [{ key: "manager.agenda.free" }]), ...sectionParts(agenda)];
}

/** The agenda's further entries (reviews due, clients who joined), one line each, names only. */
function sectionParts(agenda: Agenda): TextPart[] {
  return agenda.entries.flatMap((entry): TextPart[] => {
    const key = sectionKeys[entry.section];
    return key ? [{ key, params: { clientName: entry.clients.map((c) => c.name).join(", ") } }] : [];
  });
}

const sectionKeys: Record<string, string> = {
  plan_review_due: "manager.agenda.review_due",
  client_joined: "manager.agenda.joined",
  client_message: "manager.agenda.message_open",
};

/** /agenda: today and tomorrow (one read of the agenda), one part per appointment, and how many escalations are open. */
export async function agendaReply(context: ChatContext): Promise<Outbound[]> {
  const agendas = await getAgendaDays(context.deps, context.actor, { days: dayHeadings.length }, { tenant: context.tenant });
  const parts = agendas.flatMap((agenda, index) => dayParts(agenda, dayHeadings[index] ?? "manager.agenda.tomorrow"));
  const openEscalations = agendas[0]?.escalations.length ?? 0;
  if (openEscalations > 0) parts.push({ key: "manager.agenda.escalations", params: { count: openEscalations } });
  return [{ parts }];
}
