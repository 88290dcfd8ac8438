import { z } from "zod";
import { createAppointment } from "../appointments/create-appointment.ts";
import { appointmentKinds, maxPlaceLength } from "../appointments/model.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { caseloadOptions, isStaffManager, kindOptions } from "./staff-options.ts";

const appointmentSchema = z.object({
  client: z.string().min(1),
  startsAt: z.iso.datetime(),
  place: z.string().trim().min(1).max(maxPlaceLength),
  kind: z.enum(appointmentKinds),
  confirm: z.boolean(),
});

/** /appointment: client → date and time (typed naturally) → place → kind → confirm; the client is told at once. */
export const appointmentForm = defineForm({
  id: "appt",
  titleKey: "manager.appointment.title",
  schema: appointmentSchema,
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "choice", promptKey: "manager.appointment.client", options: caseloadOptions },
    { name: "startsAt", type: "datetime", promptKey: "manager.appointment.starts_at" },
    { name: "place", type: "text", promptKey: "manager.appointment.place", maxLength: maxPlaceLength },
    { name: "kind", type: "choice", promptKey: "manager.appointment.kind", options: async () => kindOptions(appointmentKinds) },
    { name: "confirm", type: "confirm", promptKey: "manager.appointment.confirm" },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const appointment = await createAppointment(deps, actor, {
      clientIds: [values.client],
      startsAt: values.startsAt,
      place: values.place,
      kind: values.kind,
    });
    return [
      say("manager.appointment.created", {
        startsAt: { t: "datetime", iso: appointment.startsAt.toISOString(), zone },
        place: appointment.place,
      }),
    ];
  },
});
