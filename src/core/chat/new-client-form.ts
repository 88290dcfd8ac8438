import { z } from "zod";
import { createClient } from "../cases/create-client.ts";
import { defineForm } from "../dialog/form.ts";
import { inviteMessages } from "./invite-form.ts";
import type { Outbound } from "../dialog/messages.ts";
import { clientLanguages, languageOwnNames } from "../shared/languages.ts";

const newClientSchema = z.object({ name: z.string().min(1).max(120), language: z.enum(clientLanguages) });

/** /newclient: name and language → the client, their household and an invite (deep link and QR code). */
export const newClientForm = defineForm({
  id: "newcli",
  titleKey: "manager.newclient.title",
  schema: newClientSchema,
  allowed: (actor) => actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin"),
  fields: [
    { name: "name", type: "text", promptKey: "manager.newclient.name", labelKey: "manager.labels.name", maxLength: 120 },
    {
      name: "language",
      type: "choice",
      promptKey: "manager.newclient.language",
      labelKey: "manager.labels.language",
      options: async () => clientLanguages.map((code) => ({ value: code, labelKey: "", label: languageOwnNames[code] })),
    },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    const created = await createClient(deps, actor, values);
    const invite = { name: created.client.name, code: created.invite.code, expiresAt: created.invite.expiresAt };
    return inviteMessages({ deps, zone }, { link: "manager.newclient.created_link", code: "manager.newclient.created" }, invite);
  },
});
