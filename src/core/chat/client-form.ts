import { z } from "zod";
import type { Actor } from "../actor.ts";
import { defineForm, type FormContext } from "../dialog/form.ts";
import type { Outbound } from "../dialog/messages.ts";
import { caseloadOptions } from "./staff-options.ts";

/**
 * A form that asks for one client of the caseload and then does or shows something for them (/invite, /contacts,
 * /consents). With the client given (`/contacts Amina`, a card button), nothing is asked.
 */
export function defineClientForm(spec: {
  id: string;
  titleKey: string;
  promptKey: string;
  allowed: (actor: Actor) => boolean;
  run: (context: Omit<FormContext, "values">, clientId: string) => Promise<Outbound[]>;
}) {
  return defineForm({
    id: spec.id,
    titleKey: spec.titleKey,
    schema: z.object({ clientId: z.string().min(1) }),
    allowed: spec.allowed,
    fields: [{ name: "clientId", type: "choice", promptKey: spec.promptKey, labelKey: "manager.labels.client", options: caseloadOptions }],
    submit: (context, values) => spec.run(context, values.clientId),
  });
}
