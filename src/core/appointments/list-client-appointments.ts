import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { canAccessClient, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import type { Appointment, AppointmentView } from "./model.ts";

export const listClientAppointmentsInput = z.object({
  clientId: idSchema,
  includeCancelled: z.boolean().default(false),
  /** Also appointments that have begun (most recent first, after the upcoming ones). */
  includePast: z.boolean().default(true),
});

/** Upcoming appointments first (soonest first), then past ones (latest first). */
export function upcomingFirst(appointments: Appointment[], now: Date): Appointment[] {
  const upcoming = appointments.filter((a) => a.startsAt.getTime() > now.getTime());
  const past = appointments.filter((a) => a.startsAt.getTime() <= now.getTime()).reverse();
  return [...upcoming, ...past];
}

/** Which of an appointment's clients the actor may see: a client sees their own household only. */
async function visibleClientIds(repositories: Repositories, actor: Actor): Promise<ReadonlySet<string> | undefined> {
  if (actor.kind !== "client") return undefined;
  return new Set((await repositories.clients.listByHousehold(actor.householdId)).map((c) => c.id));
}

/** A client's appointments: their manager, supervisors of the tenant, and the client (their household) may see them. */
export async function listClientAppointments(deps: CoreDeps, actor: Actor, input: unknown): Promise<AppointmentView[]> {
  const parsed = parseInput(listClientAppointmentsInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "basic");
    const now = deps.clock.now();
    const appointments = (await repositories.appointments.listForClient(client.id))
      .filter((a) => parsed.includeCancelled || a.status !== "cancelled")
      .filter((a) => parsed.includePast || a.startsAt.getTime() > now.getTime());
    const revealAnswer = canAccessClient(actor, client, assignments, "notes");
    const visible = await visibleClientIds(repositories, actor);
    const nameOf = managerNames(repositories);
    const views: AppointmentView[] = [];
    for (const appointment of upcomingFirst(appointments, now)) {
      views.push(await toAppointmentView(deps, nameOf, appointment, { revealAnswer, ...(visible ? { visibleClientIds: visible } : {}) }));
    }
    await recordAudit(deps, repositories, actor, {
      action: "appointment.list",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return views;
  });
}
