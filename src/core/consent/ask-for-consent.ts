import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import type { OutboxAction } from "../outbox/model.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { currentConsentVersions } from "./model.ts";

/** The data categories a client is asked about in their own language (Art. 9 DSGVO: health; residence). */
export const askablePurposes = ["data_health", "data_residence"] as const;
export type AskablePurpose = (typeof askablePurposes)[number];

export const askForConsentInput = z.object({ clientId: idSchema, purpose: z.enum(askablePurposes) });

/**
 * A manager asks the client in the chat whether health or residence details may be recorded: the consent text in
 * the client's language with agree and decline (`answers`: the buttons' encoded actions). Only with the client's
 * consent to messages, as every outbox message; returns whether the question was planned.
 */
export async function askForConsent(deps: CoreDeps, actor: Actor, input: unknown, answers: { accept: string; decline: string }): Promise<boolean> {
  const { clientId, purpose } = parseInput(askForConsentInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    const now = deps.clock.now();
    const actions: OutboxAction[] = [
      { labelKey: "actions.consent.accept", data: answers.accept },
      { labelKey: "actions.consent.decline", data: answers.decline },
    ];
    const planned = await planClientMessage(deps, repositories, {
      dedupeKey: `consent-ask:${client.id}:${purpose}:${now.getTime()}`,
      tenantId: client.tenantId,
      recipientId: client.id,
      ...outboxContent(`consent.${purpose}.v${currentConsentVersions[purpose]}`, {}),
      actions,
      dueAt: now,
    });
    await recordAudit(deps, repositories, actor, {
      action: `consent.ask:${purpose}`,
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return planned;
  });
}
