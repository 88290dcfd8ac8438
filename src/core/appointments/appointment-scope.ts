import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { canAccessClient, type ClientAccess, type ClientInScope } from "../scope/client-access.ts";
import type { Appointment } from "./model.ts";

export interface AppointmentInScope {
  appointment: Appointment;
  /** The appointment's clients (anonymized ones left out) with their assignments. */
  clients: ClientInScope[];
}

type ScopeRepositories = Pick<Repositories, "appointments" | "clients" | "assignments">;

/** The appointment's clients that still exist, with their assignments. */
export async function loadAppointmentClients(repositories: ScopeRepositories, appointment: Appointment): Promise<ClientInScope[]> {
  const loaded: ClientInScope[] = [];
  for (const clientId of appointment.clientIds) {
    const client = await repositories.clients.get(clientId);
    if (!client || client.anonymizedAt) continue;
    loaded.push({ client, assignments: await repositories.assignments.listForClient(clientId) });
  }
  return loaded;
}

/**
 * Loads an appointment and checks the actor's access through the client scope rules: seeing it needs "basic"
 * access to one of its clients; reading its answer text or changing it needs that access to all of them.
 */
export async function loadAppointmentInScope(
  repositories: ScopeRepositories,
  actor: Actor,
  appointmentId: string,
  access: ClientAccess,
): Promise<AppointmentInScope> {
  const appointment = await repositories.appointments.get(appointmentId);
  if (!appointment) throw notFound("appointment", appointmentId);
  const clients = await loadAppointmentClients(repositories, appointment);
  if (!canAccessAppointment(actor, clients, access)) {
    throw forbidden(`${actor.kind} may not ${access === "write" ? "change" : "see"} appointment ${appointmentId}`);
  }
  return { appointment, clients };
}

export function canAccessAppointment(actor: Actor, clients: ClientInScope[], access: ClientAccess): boolean {
  const allowed = (entry: ClientInScope) => canAccessClient(actor, entry.client, entry.assignments, access);
  if (clients.length === 0) return false;
  return access === "basic" ? clients.some(allowed) : clients.every(allowed);
}
