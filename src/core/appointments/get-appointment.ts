import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { canAccessClient } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { canAccessAppointment, loadAppointmentInScope } from "./appointment-scope.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import type { AppointmentView } from "./model.ts";

export const getAppointmentInput = z.object({ appointmentId: idSchema });

/** One appointment, for anyone who may see one of its clients; the answer text only for staff who may read notes. */
export async function getAppointment(deps: CoreDeps, actor: Actor, input: unknown): Promise<AppointmentView> {
  const parsed = parseInput(getAppointmentInput, input);
  return deps.store.transaction(async (repositories) => {
    const { appointment, clients } = await loadAppointmentInScope(repositories, actor, parsed.appointmentId, "basic");
    const visible = clients.filter((c) => canAccessClient(actor, c.client, c.assignments, "basic")).map((c) => c.client.id);
    await auditAppointment(deps, repositories, actor, appointment, "appointment.read", visible);
    return toAppointmentView(deps, managerNames(repositories), appointment, {
      revealAnswer: canAccessAppointment(actor, clients, "notes"),
      ...(actor.kind === "client" ? { visibleClientIds: new Set(visible) } : {}),
    });
  });
}
