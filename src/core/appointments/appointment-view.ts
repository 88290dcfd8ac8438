import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { Appointment, AppointmentView } from "./model.ts";

/** Manager names by id, each looked up once per use case. */
export function managerNames(repositories: Pick<Repositories, "managers">): (managerId: string) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  return (managerId) => {
    let name = cache.get(managerId);
    if (!name) {
      name = repositories.managers.get(managerId).then((manager) => manager?.name ?? null);
      cache.set(managerId, name);
    }
    return name;
  };
}

export interface ViewOptions {
  /** Decrypt the client's answer text (staff who may read the notes of every client of the appointment). */
  revealAnswer: boolean;
  /** The client ids the actor may see; all of them when left out. */
  visibleClientIds?: ReadonlySet<string>;
}

export async function toAppointmentView(
  deps: Pick<CoreDeps, "crypto">,
  nameOf: (managerId: string) => Promise<string | null>,
  appointment: Appointment,
  options: ViewOptions,
): Promise<AppointmentView> {
  const { clientAnswer, ...rest } = appointment;
  const visible = options.visibleClientIds;
  return {
    ...rest,
    clientIds: visible ? rest.clientIds.filter((id) => visible.has(id)) : rest.clientIds,
    managerName: await nameOf(appointment.managerId),
    clientAnswerText: options.revealAnswer && clientAnswer !== null ? deps.crypto.decrypt(clientAnswer) : null,
  };
}
