import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { arrivalAtClient } from "./arrival.ts";
import { maxConversationText } from "./draft-client-message.ts";
import { conversationDedupePrefix, type ConversationMessage } from "./model.ts";
import { conversationPhrases } from "./phrases.ts";

export const writeToClientInput = z
  .object({
    clientId: idSchema,
    /** The client's message this answers (it is then settled); none: the manager writes first. */
    replyToId: idSchema.optional(),
    text: z.string().trim().min(1).max(maxConversationText).optional(),
    phrase: z.enum(conversationPhrases).optional(),
  })
  .refine((input) => (input.text === undefined) !== (input.phrase === undefined), "either a text or a phrase");

export interface WrittenToClient {
  clientName: string;
  clientLanguage: string;
  /** When the client's quiet hours hold it: the minute it arrives; null: now. */
  arrivesAt: Date | null;
}

/**
 * A manager writes to their client, or answers the client's message: their own words (sent as written; Lotse does
 * not translate) or a standard phrase (rendered in the client's language when sent). Needs the client's consent to
 * messages with the manager; the answered message is settled and leaves the agenda.
 */
export async function writeToClient(deps: CoreDeps, actor: Actor, input: unknown): Promise<WrittenToClient> {
  const parsed = parseInput(writeToClientInput, input);
  assertStaff(actor);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    if (client.status !== "open") throw new DomainError("case_closed", `case ${client.id} is closed`);
    if (!hasCurrentConsent(await repositories.consents.listForClient(client.id), "manager_messages")) {
      throw new DomainError("consent_required", `client ${client.id} has not agreed to messages with the manager`);
    }
    if (!(await repositories.identities.listForClient(client.id)).some((identity) => identity.active)) {
      throw new DomainError("conflict", `client ${client.id} has no chat linked`);
    }
    const now = deps.clock.now();
    const answered = parsed.replyToId ? await repositories.conversations.get(parsed.replyToId) : null;
    if (parsed.replyToId && (!answered || answered.clientId !== client.id)) throw notFound("message", parsed.replyToId);
    if (answered && answered.status === "open") await repositories.conversations.update({ ...answered, status: "answered", closedAt: now });
    const message: ConversationMessage = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      managerId: actor.managerId,
      direction: "to_client",
      status: "sent",
      text: parsed.text ?? null,
      phraseCode: parsed.phrase ?? null,
      file: null,
      replyToId: answered?.id ?? null,
      createdAt: now,
      passedAt: now,
      closedAt: null,
    };
    await repositories.conversations.create(message);
    const manager = await repositories.managers.get(actor.managerId);
    await planMessage(deps, repositories, {
      dedupeKey: `${conversationDedupePrefix}${message.id}:to_client`,
      tenantId: client.tenantId,
      recipientKind: "client",
      recipientId: client.id,
      clientId: client.id,
      ...outboxContent(parsed.phrase ? "client.conversation.from_manager_phrase" : "client.conversation.from_manager", {
        manager: manager?.name ?? "",
        ...(parsed.phrase ? { phrase: parsed.phrase } : { text: parsed.text ?? "" }),
      }),
      actions: [],
      dueAt: now,
    });
    await recordAudit(deps, repositories, actor, {
      action: "conversation.write",
      subjectKind: "conversation",
      subjectId: message.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { clientName: client.name, clientLanguage: client.language, arrivesAt: await arrivalAtClient(deps, repositories, client) };
  });
}
