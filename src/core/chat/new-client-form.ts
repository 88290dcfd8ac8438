import { z } from "zod";
import { createClient } from "../cases/create-client.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { telegramInviteLink } from "../invites/invite-link.ts";
import { clientLanguages, languageOwnNames } from "../shared/languages.ts";

const newClientSchema = z.object({ name: z.string().min(1).max(120), language: z.enum(clientLanguages) });

/** /newclient: name and language → the client, their household and an invite (deep link and QR code). */
export const newClientForm = defineForm({
  id: "newcli",
  titleKey: "manager.newclient.title",
  schema: newClientSchema,
  allowed: (actor) => actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin"),
  fields: [
    { name: "name", type: "text", promptKey: "manager.newclient.name", maxLength: 120 },
    {
      name: "language",
      type: "choice",
      promptKey: "manager.newclient.language",
      options: async () => clientLanguages.map((code) => ({ value: code, labelKey: "", label: languageOwnNames[code] })),
    },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    const created = await createClient(deps, actor, values);
    const link = await telegramInviteLink(deps.store.settings, created.invite.code);
    const params = {
      name: created.client.name,
      code: created.invite.code,
      expiresAt: { t: "date" as const, iso: created.invite.expiresAt.toISOString(), zone },
    };
    const created_ = say(link ? "manager.newclient.created_link" : "manager.newclient.created", link ? { ...params, link } : params);
    return link
      ? [created_, { parts: [{ key: "manager.newclient.qr_caption", params: { name: created.client.name } }], attachment: { kind: "qr", payload: link } }]
      : [created_];
  },
});
