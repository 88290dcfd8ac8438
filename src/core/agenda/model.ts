import type { AppointmentKind, AppointmentStatus } from "../appointments/model.ts";
import type { Client } from "../cases/model.ts";
import type { EscalationKind } from "../escalations/model.ts";
import type { MessageParam } from "../dialog/messages.ts";
import type { Repositories } from "../ports/store.ts";

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface AgendaClient {
  id: string;
  name: string;
}

export interface AgendaAppointment {
  appointmentId: string;
  startsAt: Date;
  endsAt: Date;
  durationMin: number;
  place: string;
  kind: AppointmentKind;
  status: AppointmentStatus;
  interpreter: boolean;
  clients: AgendaClient[];
}

export interface AgendaEscalation {
  escalationId: string;
  kind: EscalationKind;
  client: AgendaClient | null;
  /** What it is about, e.g. the appointment id. */
  subjectId: string | null;
  /** The step a help request is about, by its title (null for other requests). */
  step: MessageParam | null;
  createdAt: Date;
}

/** An entry contributed by another area (e.g. plan reviews due), plain data like the rest of the agenda. */
export interface AgendaEntry {
  /** The section that contributed it, e.g. "plan_review_due". */
  section: string;
  /** When it is due; entries without a time come last. */
  at: Date | null;
  clients: AgendaClient[];
  /** What it is about, e.g. a plan id. */
  subjectId: string | null;
  /** What the entry names beyond the people, e.g. the step that is due (its catalogue title or own text). */
  detail?: MessageParam;
}

/** The manager's day the agenda is for: local midnight to local midnight in the tenant's time zone. */
export interface AgendaDay {
  tenantId: string;
  managerId: string;
  date: LocalDate;
  timeZone: string;
  from: Date;
  to: Date;
  now: Date;
}

/**
 * The extension point of the agenda: another area (plans: reviews and steps due; referrals: follow-ups) adds a
 * section to `agendaSections` (src/core/agenda/sections.ts) that reads its entries for the days asked for.
 */
export interface AgendaSection {
  name: string;
  /** The entries of each of `context.days`, in that order (one list per day); read once for all the days. */
  entries(context: AgendaSectionContext): Promise<AgendaEntry[][]>;
}

export interface AgendaSectionContext {
  /** For reading only: the agenda runs outside a transaction and writes nothing but its audit rows. */
  repositories: Repositories;
  /** Consecutive local days, earliest first (one or two: /agenda shows today and tomorrow). */
  days: readonly AgendaDay[];
  /**
   * Looks a client up for an entry (null when gone); the agenda audits every client it shows, once. Pass the client
   * when the section has read it already: it is then not read again.
   */
  clientOf(clientId: string, known?: Client): Promise<AgendaClient | null>;
}

export interface Agenda {
  managerId: string;
  date: LocalDate;
  timeZone: string;
  from: Date;
  to: Date;
  /** The day's appointments by start, cancelled ones left out. */
  appointments: AgendaAppointment[];
  /** Every open escalation of the manager, oldest first (not only today's). */
  escalations: AgendaEscalation[];
  /** Entries of further sections, by time (entries without a time last). */
  entries: AgendaEntry[];
}
