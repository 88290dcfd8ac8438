import type { Appointment } from "../../../src/core/appointments/model.ts";
import type { CaseworkRepositories } from "../../../src/core/appointments/repositories.ts";
import type { Contact } from "../../../src/core/contacts/model.ts";
import type { ManagerCount } from "../../../src/core/figures/repositories.ts";
import type { Handover } from "../../../src/core/handover/model.ts";
import type { IntegrationPlan } from "../../../src/core/plans/model.ts";
import type { CaseState } from "./cases.ts";
import { byTimeThenId, copy, uniqueViolation } from "./shared.ts";

/** What the figures read of a plan. */
export type PlanForFigures = Pick<IntegrationPlan, "id" | "tenantId" | "clientId" | "householdId" | "nextReviewAt">;

export interface CaseworkState {
  appointments: Map<string, Appointment>;
  contacts: Map<string, Contact>;
  handovers: Map<string, Handover>;
}

export const emptyCaseworkState = (): CaseworkState => ({ appointments: new Map(), contacts: new Map(), handovers: new Map() });

type State = CaseworkState & Pick<CaseState, "clients" | "assignments">;

const byManagerId = <T extends { managerId: string }>(rows: T[]) => rows.sort((a, b) => (a.managerId < b.managerId ? -1 : 1));

function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const toCounts = (counts: Map<string, number>): ManagerCount[] => byManagerId([...counts].map(([managerId, count]) => ({ managerId, count })));

/** Erasure: removes the notes of a client's rows; counts the rows that had one. */
function clearNotes(rows: Iterable<{ clientId: string; note: string | null }>, clientId: string): number {
  let count = 0;
  for (const row of rows) {
    if (row.clientId !== clientId || row.note === null) continue;
    row.note = null;
    count += 1;
  }
  return count;
}

function memoryAppointments(state: () => State): CaseworkRepositories["appointments"] {
  const sorted = (match: (a: Appointment) => boolean) =>
    [...state().appointments.values()]
      .filter(match)
      .sort(byTimeThenId((a) => a.startsAt))
      .map(copy);
  return {
    create: async (appointment) => {
      if (state().appointments.has(appointment.id)) throw uniqueViolation("appointment.id");
      state().appointments.set(appointment.id, copy({ ...appointment, clientIds: [...appointment.clientIds].sort() }));
    },
    get: async (id) => copy(state().appointments.get(id) ?? null),
    update: async (appointment) => {
      if (!state().appointments.has(appointment.id)) throw new Error("record to update not found: appointment");
      state().appointments.set(appointment.id, copy({ ...appointment, clientIds: [...appointment.clientIds].sort() }));
    },
    listForClient: async (clientId) => sorted((a) => a.clientIds.includes(clientId)),
    listForManager: async (managerId, from, to) => sorted((a) => a.managerId === managerId && a.startsAt >= from && a.startsAt < to),
  };
}

function memoryContacts(state: () => State): CaseworkRepositories["contacts"] {
  const newestFirst = (clientId: string) =>
    [...state().contacts.values()]
      .filter((c) => c.clientId === clientId)
      .sort(byTimeThenId((c) => c.at))
      .reverse();
  return {
    create: async (contact) => {
      if (state().contacts.has(contact.id)) throw uniqueViolation("contact.id");
      state().contacts.set(contact.id, copy(contact));
    },
    get: async (id) => copy(state().contacts.get(id) ?? null),
    correct: async (id, change) => {
      const contact = state().contacts.get(id);
      if (contact) state().contacts.set(id, copy({ ...contact, ...change }));
    },
    remove: async (id) => {
      state().contacts.delete(id);
    },
    listForClient: async (clientId, limit) => newestFirst(clientId).slice(0, limit).map(copy),
    latestForClient: async (clientId) => copy(newestFirst(clientId)[0] ?? null),
    latestTimes: async (clientIds) => {
      const latest = new Map<string, Date>();
      for (const clientId of clientIds) {
        const newest = newestFirst(clientId)[0];
        if (newest) latest.set(clientId, new Date(newest.at));
      }
      return latest;
    },
    clearNotesForClient: async (clientId) => clearNotes(state().contacts.values(), clientId),
  };
}

function memoryFigures(state: () => State, plans: () => Iterable<PlanForFigures>): CaseworkRepositories["figures"] {
  const openPrimaries = (tenantId: string) =>
    state().assignments.filter((a) => {
      const client = state().clients.get(a.clientId);
      return a.kind === "primary" && client?.tenantId === tenantId && client.status === "open" && client.anonymizedAt === null;
    });
  return {
    openCasesByManager: async (tenantId) => toCounts(countBy(openPrimaries(tenantId), (a) => a.managerId)),
    contactsByManager: async (tenantId, period) => {
      const totals = new Map<string, { managerId: string; count: number; minutes: number }>();
      for (const c of state().contacts.values()) {
        if (c.tenantId !== tenantId || c.at < period.from || c.at >= period.to) continue;
        const entry = totals.get(c.managerId) ?? { managerId: c.managerId, count: 0, minutes: 0 };
        totals.set(c.managerId, { ...entry, count: entry.count + 1, minutes: entry.minutes + c.durationMin });
      }
      return byManagerId([...totals.values()]);
    },
    appointmentsByManager: async (tenantId, period) =>
      toCounts(
        countBy(
          [...state().appointments.values()].filter(
            (a) => a.tenantId === tenantId && a.status !== "cancelled" && a.startsAt >= period.from && a.startsAt < period.to,
          ),
          (a) => a.managerId,
        ),
      ),
    overduePlanReviews: async (tenantId, now) => {
      const primaries = openPrimaries(tenantId);
      const counts = new Map<string, number>();
      let total = 0;
      for (const plan of plans()) {
        if (plan.tenantId !== tenantId || plan.nextReviewAt === null || plan.nextReviewAt >= now) continue;
        const responsible = new Set(
          primaries
            .filter((a) => (plan.clientId ? a.clientId === plan.clientId : state().clients.get(a.clientId)?.householdId === plan.householdId))
            .map((a) => a.managerId),
        );
        if (responsible.size === 0) continue;
        total += 1;
        for (const managerId of responsible) counts.set(managerId, (counts.get(managerId) ?? 0) + 1);
      }
      return { byManager: toCounts(counts), total };
    },
  };
}

/**
 * Appointments, contacts, handovers and the supervisor figures in memory. `plans` yields the integration plans the
 * figures count (the plans area's fake state).
 */
export function memoryCaseworkRepositories(state: () => State, plans: () => Iterable<PlanForFigures>): CaseworkRepositories {
  return {
    appointments: memoryAppointments(state),
    contacts: memoryContacts(state),
    handovers: {
      create: async (handover) => {
        if (state().handovers.has(handover.id)) throw uniqueViolation("handover.id");
        state().handovers.set(handover.id, copy(handover));
      },
      listForClient: async (clientId) =>
        [...state().handovers.values()]
          .filter((h) => h.clientId === clientId)
          .sort(byTimeThenId((h) => h.at))
          .map(copy),
      clearNotesForClient: async (clientId) => clearNotes(state().handovers.values(), clientId),
    },
    figures: memoryFigures(state, plans),
  };
}
