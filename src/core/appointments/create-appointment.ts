import { replanAppointmentReminders } from "../reminders/replan-appointment-reminders.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { loadClientInScope, primaryManagerId, type ClientInScope } from "../scope/client-access.ts";
import type { Manager } from "../setup/model.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { planAppointmentNotice } from "./appointment-notices.ts";
import { toAppointmentView } from "./appointment-view.ts";
import { knownPlaces } from "./known-places.ts";
import {
  appointmentKinds,
  defaultAppointmentMinutes,
  maxAppointmentMinutes,
  maxPlaceLength,
  minAppointmentMinutes,
  type Appointment,
  type ChangedAppointment,
} from "./model.ts";

export const maxClientsPerAppointment = 12;

export const createAppointmentInput = z.object({
  clientIds: z.array(idSchema).min(1).max(maxClientsPerAppointment),
  /** The manager holding the appointment; the acting manager when left out. */
  managerId: idSchema.optional(),
  startsAt: instantSchema,
  durationMin: z.number().int().min(minAppointmentMinutes).max(maxAppointmentMinutes).default(defaultAppointmentMinutes),
  place: z.string().trim().max(maxPlaceLength).default(""),
  /** A known place picked (knownPlaces): its text stands in for an empty `place`, and its map position goes along. */
  placeOfferId: idSchema.optional(),
  kind: z.enum(appointmentKinds).default("counselling"),
  interpreter: z.boolean().default(false),
});

function invalid(path: string, message: string): DomainError {
  return new DomainError("invalid_input", `${path}: ${message}`, [{ path, message }]);
}

async function loadClients(repositories: Repositories, actor: Actor, clientIds: string[]): Promise<ClientInScope[]> {
  const clients: ClientInScope[] = [];
  for (const clientId of new Set(clientIds)) {
    const inScope = await loadClientInScope(repositories, actor, clientId, "write");
    if (inScope.client.status === "closed") throw new DomainError("case_closed", `case of client ${clientId} is closed`);
    clients.push(inScope);
  }
  const tenantIds = new Set(clients.map((c) => c.client.tenantId));
  if (tenantIds.size > 1) throw invalid("clientIds", "all clients must belong to one tenant");
  return clients;
}

async function loadHolder(repositories: Repositories, actor: Actor, clients: ClientInScope[], requested: string | undefined): Promise<Manager> {
  const first = clients[0];
  const managerId = requested ?? (actor.kind === "staff" ? actor.managerId : first ? primaryManagerId(first.assignments) : null);
  if (!managerId) throw invalid("managerId", "name the manager holding the appointment");
  const manager = await repositories.managers.get(managerId);
  if (!manager || !manager.active || manager.tenantId !== first?.client.tenantId) throw invalid("managerId", "unknown manager");
  return manager;
}

/** One household, or clients who are all in the holding manager's caseload. */
function assertOneHouseholdOrCaseload(clients: ClientInScope[], managerId: string): void {
  const assigned = (entry: ClientInScope) => entry.assignments.some((a) => a.managerId === managerId);
  const oneHousehold = new Set(clients.map((c) => c.client.householdId)).size === 1;
  if (!clients.some(assigned)) throw invalid("managerId", "the manager is not assigned to these clients");
  if (!oneHousehold && !clients.every(assigned)) {
    throw invalid("clientIds", "the clients must be one household or all in the manager's caseload");
  }
}

/** The place as given, or the known place picked, with its map position. */
async function placeOf(
  repositories: Repositories,
  actor: Actor,
  input: { place: string; placeOfferId?: string | undefined },
): Promise<Pick<Appointment, "place" | "coordinates">> {
  if (input.placeOfferId === undefined) return { place: input.place, coordinates: null };
  const picked = (await knownPlaces(repositories, actor)).find((known) => known.offerId === input.placeOfferId);
  if (!picked) throw invalid("placeOfferId", "not a known place");
  return { place: input.place || picked.place, coordinates: picked.coordinates };
}

/** A manager makes an appointment with one or more clients; the clients are told at once (with consent). */
export async function createAppointment(deps: CoreDeps, actor: Actor, input: unknown): Promise<ChangedAppointment> {
  const parsed = parseInput(createAppointmentInput, input);
  if (parsed.startsAt.getTime() <= deps.clock.now().getTime()) throw invalid("startsAt", "must be in the future");
  return deps.store.transaction(async (repositories) => {
    const clients = await loadClients(repositories, actor, parsed.clientIds);
    const manager = await loadHolder(repositories, actor, clients, parsed.managerId);
    assertOneHouseholdOrCaseload(clients, manager.id);
    const now = deps.clock.now();
    const { place, coordinates } = await placeOf(repositories, actor, parsed);
    const appointment: Appointment = {
      id: deps.ids.newId(),
      tenantId: manager.tenantId,
      managerId: manager.id,
      clientIds: clients.map((c) => c.client.id).sort(),
      startsAt: parsed.startsAt,
      durationMin: parsed.durationMin,
      place,
      coordinates,
      kind: parsed.kind,
      interpreter: parsed.interpreter,
      status: "scheduled",
      clientAnswer: null,
      sequence: 0,
      createdAt: now,
      updatedAt: now,
    };
    await repositories.appointments.create(appointment);
    await auditAppointment(deps, repositories, actor, appointment, "appointment.create");
    const notifiedClientIds = await planAppointmentNotice(deps, repositories, appointment, "created", { managerName: manager.name });
    await replanAppointmentReminders(deps, repositories, appointment.id);
    return { ...(await toAppointmentView(deps, async () => manager.name, appointment, { revealAnswer: false })), notifiedClientIds };
  });
}
