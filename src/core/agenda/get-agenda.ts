import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { Appointment } from "../appointments/model.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { addLocalDays, isValidLocalDate, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import type {
  Agenda,
  AgendaAppointment,
  AgendaClient,
  AgendaDay,
  AgendaEntry,
  AgendaEscalation,
  AgendaSection,
  AgendaSectionContext,
  LocalDate,
} from "./model.ts";
import { agendaSections } from "./sections.ts";

export const getAgendaInput = z.object({
  /** The local day, "YYYY-MM-DD"; today in the tenant's time zone when left out. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2027-03-28")
    .refine((text) => isValidLocalDate(...dateParts(text)), "must be a real date")
    .optional(),
});

function dateParts(text: string): [number, number, number] {
  const [year, month, day] = text.split("-").map(Number);
  return [year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN];
}

/** The instants at which a local day begins and ends in a zone (23 or 25 hours on daylight-saving days). */
export function localDayBounds(date: LocalDate, zone: string): { from: Date; to: Date } {
  const next = addLocalDays(date, 1);
  return { from: zonedLocalToUtc({ ...date, hour: 0, minute: 0 }, zone), to: zonedLocalToUtc({ ...next, hour: 0, minute: 0 }, zone) };
}

type ClientLookup = (clientId: string) => Promise<AgendaClient | null>;

function clientLookup(repositories: Pick<Repositories, "clients">, seen: Set<string>): ClientLookup {
  const cache = new Map<string, Promise<AgendaClient | null>>();
  return (clientId) => {
    seen.add(clientId);
    let found = cache.get(clientId);
    if (!found) {
      found = repositories.clients.get(clientId).then((c) => (c && !c.anonymizedAt ? { id: c.id, name: c.name } : null));
      cache.set(clientId, found);
    }
    return found;
  };
}

async function toAgendaAppointment(appointment: Appointment, clientOf: ClientLookup): Promise<AgendaAppointment> {
  const clients = (await Promise.all(appointment.clientIds.map(clientOf))).filter((c): c is AgendaClient => c !== null);
  return {
    appointmentId: appointment.id,
    startsAt: appointment.startsAt,
    endsAt: new Date(appointment.startsAt.getTime() + appointment.durationMin * 60_000),
    durationMin: appointment.durationMin,
    place: appointment.place,
    kind: appointment.kind,
    status: appointment.status,
    interpreter: appointment.interpreter,
    clients,
  };
}

async function toAgendaEscalation(escalation: Escalation, clientOf: ClientLookup): Promise<AgendaEscalation> {
  return {
    escalationId: escalation.id,
    kind: escalation.kind,
    client: await clientOf(escalation.clientId),
    subjectId: escalation.subjectId,
    createdAt: escalation.createdAt,
  };
}

async function sectionEntries(sections: readonly AgendaSection[], context: AgendaSectionContext): Promise<AgendaEntry[]> {
  const entries: AgendaEntry[] = [];
  for (const section of sections) entries.push(...(await section.entries(context)));
  const time = (entry: AgendaEntry) => entry.at?.getTime() ?? Number.POSITIVE_INFINITY;
  return entries.sort((a, b) => time(a) - time(b));
}

/** A manager's day: appointments by start in the tenant's local time, open escalations and further sections. */
export async function getAgenda(deps: CoreDeps, actor: Actor, input: unknown): Promise<Agenda> {
  assertStaff(actor);
  const parsed = parseInput(getAgendaInput, input);
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(actor.tenantId);
    if (!tenant) throw notFound("tenant", actor.tenantId);
    const now = deps.clock.now();
    const today = localParts(now, tenant.timezone);
    const [year, month, day] = parsed.date ? dateParts(parsed.date) : [today.year, today.month, today.day];
    const date: LocalDate = { year, month, day };
    const { from, to } = localDayBounds(date, tenant.timezone);
    const agendaDay: AgendaDay = { tenantId: tenant.id, managerId: actor.managerId, date, timeZone: tenant.timezone, from, to, now };

    const seen = new Set<string>();
    const clientOf = clientLookup(repositories, seen);
    const appointments = (await repositories.appointments.listForManager(actor.managerId, from, to)).filter((a) => a.status !== "cancelled");
    const escalations = await repositories.escalations.listOpenForManager(actor.managerId);
    const agenda: Agenda = {
      managerId: actor.managerId,
      date,
      timeZone: tenant.timezone,
      from,
      to,
      appointments: await Promise.all(appointments.map((a) => toAgendaAppointment(a, clientOf))),
      escalations: await Promise.all(escalations.map((e) => toAgendaEscalation(e, clientOf))),
      entries: await sectionEntries(agendaSections, { repositories, day: agendaDay, clientOf }),
    };
    for (const clientId of seen) {
      await recordAudit(deps, repositories, actor, { action: "agenda.read", subjectKind: "client", subjectId: clientId, tenantId: tenant.id, clientId });
    }
    return agenda;
  });
}
