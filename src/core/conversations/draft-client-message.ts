import { z } from "zod";
import type { Actor } from "../actor.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { activeManagerOf } from "./client-manager.ts";
import { conversationFileKinds, type ConversationMessage } from "./model.ts";

/** The most a message may hold: a chat message's length. Several texts written in a row are joined up to this. */
export const maxConversationText = 4000;

export const draftClientMessageInput = z
  .object({
    text: z.string().trim().max(maxConversationText).optional(),
    file: z
      .object({
        kind: z.enum(conversationFileKinds),
        ref: z.string().min(1).max(256),
        name: z.string().max(200).nullable(),
        mimeType: z.string().max(100).nullable(),
      })
      .optional(),
  })
  .refine((input) => Boolean(input.text) || Boolean(input.file), "a text or a file");

export type DraftedClientMessage =
  | { kind: "drafted"; messageId: string; managerName: string; consentNeeded: boolean }
  /** The case has no active manager (closed, or the manager left): nothing is kept. */
  | { kind: "no_manager" };

/** Texts the client writes while the question is open are kept together, for this long. */
const joinWithinMs = 30 * 60 * 1000;

/**
 * A client wrote something that is no command, or sent a photo, voice message or document: it is kept as a draft
 * and Lotse asks whether to pass it to their manager (passClientMessage). Texts written in a row join the open draft
 * (a second file starts a draft of its own). Nothing reaches the manager before the client's "yes".
 */
export async function draftClientMessage(deps: CoreDeps, actor: Actor, input: unknown): Promise<DraftedClientMessage> {
  const parsed = parseInput(draftClientMessageInput, input);
  if (actor.kind !== "client") throw forbidden(`${actor.kind} cannot write as a client`);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, actor.clientId, "basic");
    const manager = await activeManagerOf(repositories, client, assignments);
    if (!manager) return { kind: "no_manager" };
    const now = deps.clock.now();
    const consentNeeded = !hasCurrentConsent(await repositories.consents.listForClient(client.id), "manager_messages");
    const draft = await repositories.conversations.findDraft(client.id);
    const file = parsed.file ? { ...parsed.file, channel: "telegram" as const } : null;
    const joinable = draft && draft.managerId === manager.id && now.getTime() - draft.createdAt.getTime() < joinWithinMs && !(file && draft.file);
    if (draft && joinable) {
      const text = [draft.text, parsed.text].filter(Boolean).join("\n").slice(0, maxConversationText) || null;
      await repositories.conversations.update({ ...draft, text, file: draft.file ?? file });
      return { kind: "drafted", messageId: draft.id, managerName: manager.name, consentNeeded };
    }
    const message: ConversationMessage = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      managerId: manager.id,
      direction: "from_client",
      status: "draft",
      text: parsed.text || null,
      phraseCode: null,
      file,
      replyToId: null,
      createdAt: now,
      passedAt: null,
      closedAt: null,
    };
    await repositories.conversations.create(message);
    return { kind: "drafted", messageId: message.id, managerName: manager.name, consentNeeded };
  });
}
