import { defineClientForm } from "./client-form.ts";
import { consentOverview } from "../consent/consent-overview.ts";
import type { ConsentPurpose } from "../consent/model.ts";
import { say, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { sensitiveConsentButtons } from "./sensitive-consent.ts";

/** Literal keys, so the i18n check sees them. */
const purposeKeys: Record<ConsentPurpose, string> = {
  messaging: "manager.consents.purpose.messaging",
  plan_checkins: "manager.consents.purpose.plan_checkins",
  manager_messages: "manager.consents.purpose.manager_messages",
  data_health: "manager.consents.purpose.data_health",
  data_residence: "manager.consents.purpose.data_residence",
};

/** /consents: where a client stands per purpose (given since, said no or withdrew since, never asked). */
export const consentsForm = defineClientForm({
  id: "consents",
  titleKey: "manager.consents.title",
  promptKey: "manager.consents.client",
  allowed: (actor) => actor.kind === "staff",
  run: async ({ deps, actor, zone }, clientId): Promise<Outbound[]> => {
    const overview = await consentOverview(deps, actor, clientId);
    const name = (await deps.store.clients.get(clientId))?.name ?? "";
    const items = overview.map((status): MessageParam => {
      const purpose: MessageParam = { t: "key", key: purposeKeys[status.purpose] };
      if (!status.at) return { t: "key", key: "manager.consents.never", params: { purpose } };
      const at: MessageParam = { t: "date", iso: status.at.toISOString(), zone };
      return { t: "key", key: status.given ? "manager.consents.given" : "manager.consents.not_given", params: { purpose, at } };
    });
    const list = say("manager.consents.list", { name, consents: { t: "lines", items } });
    // The case's managers can ask for the data categories (Art. 9) in the chat, or record an agreement given in person.
    const managing = actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin");
    const given = (purpose: ConsentPurpose) => overview.some((status) => status.purpose === purpose && status.given);
    return [managing ? { ...list, buttons: sensitiveConsentButtons(clientId, given) } : list];
  },
});
