import { z } from "zod";
import { system, type Actor } from "../actor.ts";
import type { Appointment } from "../appointments/model.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff } from "../scope/client-access.ts";
import type { Tenant } from "../setup/model.ts";
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
import { helpRequestStep } from "../plans/help-request-step.ts";

/** At most this many consecutive days in one read (the chat's /agenda: today and tomorrow). */
export const maxAgendaDays = 2;

export const getAgendaInput = z.object({
  /** The local day, "YYYY-MM-DD"; today in the tenant's time zone when left out. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2027-03-28")
    .refine((text) => isValidLocalDate(...dateParts(text)), "must be a real date")
    .optional(),
});

export const getAgendaDaysInput = getAgendaInput.extend({
  /** How many consecutive local days from `date` on (1: that day; 2: and the next). */
  days: z.number().int().min(1).max(maxAgendaDays),
});

/** What the caller has read already in this request, so the agenda need not read it again; and who reads. */
export interface AgendaPreloaded {
  /** The actor's tenant (a chat update has read it to know the zone); read when missing or of another tenant. */
  tenant?: Tenant | null;
  /**
   * Who reads, for the audit: the manager whose agenda it is (the default), or the system when a scheduled job reads
   * it on no one's request (the morning agenda sweep). Then each `agenda.read` entry names the system as actor and
   * the manager as subject. The actor still sets the scope: only what that manager may see is read.
   */
  readBy?: "actor" | "system";
}

function dateParts(text: string): [number, number, number] {
  const [year, month, day] = text.split("-").map(Number);
  return [year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN];
}

/** The instant at which a local day begins in a zone (a day lasts 23 or 25 hours on daylight-saving days). */
function localMidnight(date: LocalDate, zone: string): Date {
  return zonedLocalToUtc({ ...date, hour: 0, minute: 0 }, zone);
}

type ClientLookup = AgendaSectionContext["clientOf"];

/**
 * Looks clients up once each and remembers every client it was asked for: those are the ones audited. The ids asked
 * for in one turn of the event loop (all clients of all appointments, say) are read together with one `getMany`.
 */
function clientLookup(repositories: Pick<Repositories, "clients">, seen: Set<string>): ClientLookup {
  const cache = new Map<string, Promise<AgendaClient | null>>();
  const shown = (c: Client | undefined | null): AgendaClient | null => (c && !c.anonymizedAt ? { id: c.id, name: c.name } : null);
  type Waiting = { resolve: (client: AgendaClient | null) => void; reject: (error: unknown) => void };
  let batch: Map<string, Waiting> | null = null;
  const readBatch = async (ids: Map<string, Waiting>) => {
    try {
      const found = new Map((await repositories.clients.getMany([...ids.keys()])).map((c) => [c.id, c]));
      for (const [id, { resolve }] of ids) resolve(shown(found.get(id)));
    } catch (error) {
      for (const { reject } of ids.values()) reject(error);
    }
  };
  const read = (clientId: string) =>
    new Promise<AgendaClient | null>((resolve, reject) => {
      if (!batch) {
        const current = new Map<string, Waiting>();
        batch = current;
        void Promise.resolve().then(() => {
          batch = null;
          return readBatch(current);
        });
      }
      batch.set(clientId, { resolve, reject });
    });
  return (clientId, known) => {
    seen.add(clientId);
    let found = cache.get(clientId);
    if (!found) {
      found = known?.id === clientId ? Promise.resolve(shown(known)) : read(clientId);
      cache.set(clientId, found);
    }
    return found;
  };
}

async function toAgendaAppointment(appointment: Appointment, clientOf: ClientLookup): Promise<AgendaAppointment> {
  const clients = (await Promise.all(appointment.clientIds.map((clientId) => clientOf(clientId)))).filter((c): c is AgendaClient => c !== null);
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

async function toAgendaEscalation(store: Pick<Repositories, "steps">, escalation: Escalation, clientOf: ClientLookup): Promise<AgendaEscalation> {
  return {
    escalationId: escalation.id,
    kind: escalation.kind,
    client: await clientOf(escalation.clientId),
    subjectId: escalation.subjectId,
    step: await helpRequestStep(store, escalation),
    createdAt: escalation.createdAt,
  };
}

/** Each section's entries, one list per day, merged and sorted by time within the day. */
async function sectionEntries(sections: readonly AgendaSection[], context: AgendaSectionContext): Promise<AgendaEntry[][]> {
  const perDay = context.days.map((): AgendaEntry[] => []);
  for (const section of sections) {
    const lists = await section.entries(context);
    perDay.forEach((entries, index) => entries.push(...(lists[index] ?? [])));
  }
  const time = (entry: AgendaEntry) => entry.at?.getTime() ?? Number.POSITIVE_INFINITY;
  return perDay.map((entries) => entries.sort((a, b) => time(a) - time(b)));
}

/** A manager's day: appointments by start in the tenant's local time, open escalations and further sections. */
export async function getAgenda(deps: CoreDeps, actor: Actor, input: unknown, preloaded: AgendaPreloaded = {}): Promise<Agenda> {
  assertStaff(actor);
  const parsed = parseInput(getAgendaInput, input);
  const [agenda] = await getAgendaDays(deps, actor, { ...(parsed.date ? { date: parsed.date } : {}), days: 1 }, preloaded);
  if (!agenda) throw new Error("getAgendaDays returned no day");
  return agenda;
}

/**
 * A manager's agenda for consecutive local days (today and tomorrow for the chat's /agenda), one `Agenda` per day:
 * read together, once each (tenant, appointments of the whole range, open escalations, each section), and every
 * client shown on any of the days audited once (`agenda.read`).
 *
 * Only reads, except for the audit rows: the reads run without a transaction (a view needs no snapshot; on
 * PostgreSQL the interactive transaction was READ COMMITTED anyway), and a transaction is opened only when there
 * are clients to audit, so that their rows are written together or not at all, before the agenda is returned.
 */
export async function getAgendaDays(deps: CoreDeps, actor: Actor, input: unknown, preloaded: AgendaPreloaded = {}): Promise<Agenda[]> {
  return readAgendaDays(deps, actor, parseInput(getAgendaDaysInput, input), preloaded);
}

/**
 * `getAgendaDays` for a caller whose input is its own constant, not a person's or another system's (the chat's
 * /agenda asks for today and tomorrow): the same reads without parsing the input again on every call.
 */
export async function readAgendaDays(
  deps: CoreDeps,
  actor: Actor,
  parsed: z.output<typeof getAgendaDaysInput>,
  preloaded: AgendaPreloaded = {},
): Promise<Agenda[]> {
  assertStaff(actor);
  const { store } = deps;
  const given = preloaded.tenant;
  const tenant = given && given.id === actor.tenantId ? given : await store.tenants.get(actor.tenantId);
  if (!tenant) throw notFound("tenant", actor.tenantId);
  const zone = tenant.timezone;
  const now = deps.clock.now();
  const today = localParts(now, zone);
  const [year, month, day] = parsed.date ? dateParts(parsed.date) : [today.year, today.month, today.day];
  const first: LocalDate = { year, month, day };
  const dates = Array.from({ length: parsed.days + 1 }, (_, index) => addLocalDays(first, index));
  // Each day ends where the next begins: one conversion per local midnight.
  const midnights = dates.map((date) => localMidnight(date, zone));
  const days = dates.slice(0, parsed.days).map((date, index): AgendaDay => ({
    tenantId: tenant.id,
    managerId: actor.managerId,
    date,
    timeZone: zone,
    from: midnights[index] as Date,
    to: midnights[index + 1] as Date,
    now,
  }));
  const from = midnights[0] as Date;
  const to = midnights[parsed.days] as Date;

  const seen = new Set<string>();
  const clientOf = clientLookup(store, seen);
  const appointments = (await store.appointments.listForManager(actor.managerId, from, to)).filter((a) => a.status !== "cancelled");
  const escalations = await store.escalations.listOpenForManager(actor.managerId);
  const shownAppointments = await Promise.all(appointments.map((a) => toAgendaAppointment(a, clientOf)));
  const shownEscalations = await Promise.all(escalations.map((e) => toAgendaEscalation(store, e, clientOf)));
  const entries = await sectionEntries(agendaSections, { repositories: store, days, clientOf });
  const agendas = days.map((agendaDay, index): Agenda => ({
    managerId: actor.managerId,
    date: agendaDay.date,
    timeZone: zone,
    from: agendaDay.from,
    to: agendaDay.to,
    appointments: shownAppointments.filter((a) => a.startsAt >= agendaDay.from && a.startsAt < agendaDay.to),
    escalations: [...shownEscalations],
    entries: entries[index] ?? [],
  }));
  if (seen.size > 0) {
    const bySystem = preloaded.readBy === "system";
    await store.transaction(async (repositories) => {
      for (const clientId of seen) {
        await recordAudit(deps, repositories, bySystem ? system : actor, {
          action: "agenda.read",
          ...(bySystem ? { subjectKind: "manager", subjectId: actor.managerId } : { subjectKind: "client", subjectId: clientId }),
          tenantId: tenant.id,
          clientId,
        });
      }
    });
  }
  return agendas;
}
