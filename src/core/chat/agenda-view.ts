import { getAgenda } from "../agenda/get-agenda.ts";
import type { Agenda } from "../agenda/model.ts";
import type { TextPart } from "../dialog/messages.ts";
import type { Outbound } from "../dialog/messages.ts";
import { addLocalDays } from "../shared/zoned-time.ts";
import type { ChatContext } from "./chat-context.ts";
import { kindKeys } from "./staff-options.ts";

const pad = (n: number) => String(n).padStart(2, "0");

function dayParts(agenda: Agenda, headingKey: string): TextPart[] {
  const zone = agenda.timeZone;
  const heading: TextPart = { key: headingKey, params: { date: { t: "date", iso: agenda.from.toISOString(), zone }, count: agenda.appointments.length } };
  const entries = agenda.appointments.map(
    (appointment): TextPart => ({
      key: "manager.agenda.appointment",
      params: {
        time: { t: "time", iso: appointment.startsAt.toISOString(), zone },
        clientName: appointment.clients.map((c) => c.name).join(", "),
        place: appointment.place,
        kind: { t: "key", key: kindKeys[appointment.kind] },
      },
    }),
  );
  return [heading, ...(entries.length > 0 ? entries : [{ key: "manager.agenda.free" }])];
}

/** /agenda: today and tomorrow, one part per appointment, and how many escalations are open. */
export async function agendaReply(context: ChatContext): Promise<Outbound[]> {
  const today = await getAgenda(context.deps, context.actor, {});
  const next = addLocalDays(today.date, 1);
  const tomorrow = await getAgenda(context.deps, context.actor, { date: `${next.year}-${pad(next.month)}-${pad(next.day)}` });
  const parts = [...dayParts(today, "manager.agenda.today"), ...dayParts(tomorrow, "manager.agenda.tomorrow")];
  if (today.escalations.length > 0) parts.push({ key: "manager.agenda.escalations", params: { count: today.escalations.length } });
  return [{ parts }];
}
