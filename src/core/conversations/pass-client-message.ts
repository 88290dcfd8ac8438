import { outboxContent, type OutboxMessageKey } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { recordConsentDecision } from "../consent/record-consent.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Client } from "../cases/model.ts";
import type { Manager } from "../setup/model.ts";
import { arrivalAtManager } from "./arrival.ts";
import { activeManagerOf } from "./client-manager.ts";
import { conversationDedupePrefix, type ConversationFileKind, type ConversationMessage } from "./model.ts";
import { closeMessageAction, replyToMessageAction } from "./actions.ts";
import { openClientAction } from "../chat/chat-actions.ts";

export const passClientMessageInput = z.object({ messageId: idSchema, pass: z.boolean(), channel: z.enum(["telegram", "teams"]) });

export type PassedClientMessage =
  /** On its way; `arrivesAt` when the manager's quiet hours hold it (null: now). */
  | { kind: "passed"; managerName: string; arrivesAt: Date | null }
  | { kind: "discarded" }
  /** Answered before (a double tap, a second device): nothing changes. */
  | { kind: "already" }
  /** Not answered for a day: the draft was deleted (retention); the client writes it again. */
  | { kind: "gone" }
  | { kind: "no_manager" };

/** A file without a text: the message says what came (the file itself goes with it). */
const fileOnlyKeys: Record<ConversationFileKind, OutboxMessageKey> = {
  photo: "manager.conversation.incoming_photo",
  voice: "manager.conversation.incoming_voice",
  audio: "manager.conversation.incoming_audio",
  document: "manager.conversation.incoming_document",
};

/** The file travels in the outbox row to the manager only; the message keeps its kind and name. */
function fileParams(file: ConversationMessage["file"]) {
  if (!file?.ref) return null;
  return { fileKind: file.kind, fileChannel: file.channel, fileRef: file.ref, fileName: file.name ?? "", fileMime: file.mimeType ?? "" };
}

/** A text (with or without a file), or a file alone that says what came. */
function messageContent(message: ConversationMessage, client: Client) {
  const who = { client: client.name, language: client.language, writtenAt: message.createdAt.toISOString() };
  const file = fileParams(message.file);
  if (message.file && !message.text) return outboxContent(fileOnlyKeys[message.file.kind], { ...who, ...file });
  return outboxContent("manager.conversation.incoming", { ...who, text: message.text ?? "", ...file });
}

async function tellManager(deps: CoreDeps, repositories: Repositories, message: ConversationMessage, client: Client, manager: Manager): Promise<void> {
  await planMessage(deps, repositories, {
    dedupeKey: `${conversationDedupePrefix}${message.id}:to_manager`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: manager.id,
    clientId: client.id,
    ...messageContent(message, client),
    actions: [
      { labelKey: "manager.conversation.reply", data: replyToMessageAction.encode(message.id) },
      { labelKey: "manager.conversation.done", data: closeMessageAction.encode(message.id) },
      { labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) },
    ],
    dueAt: deps.clock.now(),
  });
}

/**
 * The client's answer to "pass this to your manager?". Yes: the consent to messages with the manager is recorded
 * when not given yet (the question said what it means), the message is open for the manager and goes to their chat;
 * the client learns when it arrives (at once, or when the manager's quiet hours end). No: the draft's text and file
 * are dropped at once.
 */
export async function passClientMessage(deps: CoreDeps, actor: Actor, input: unknown): Promise<PassedClientMessage> {
  const parsed = parseInput(passClientMessageInput, input);
  if (actor.kind !== "client") throw forbidden(`${actor.kind} cannot pass a client's message`);
  return deps.store.transaction(async (repositories) => {
    const message = await repositories.conversations.get(parsed.messageId);
    if (!message) return { kind: "gone" };
    if (message.clientId !== actor.clientId) throw notFound("message", parsed.messageId);
    if (message.status !== "draft") return { kind: "already" };
    const now = deps.clock.now();
    if (!parsed.pass) {
      await repositories.conversations.update({ ...message, status: "done", text: null, file: null, closedAt: now });
      return { kind: "discarded" };
    }
    const { client, assignments } = await loadClientInScope(repositories, actor, actor.clientId, "basic");
    const manager = await activeManagerOf(repositories, client, assignments);
    if (!manager) return { kind: "no_manager" };
    await recordConsentDecision(deps, repositories, actor, client, { purposes: ["manager_messages"], given: true, channel: parsed.channel });
    const passed: ConversationMessage = { ...message, managerId: manager.id, status: "open", passedAt: now };
    await tellManager(deps, repositories, passed, client, manager);
    await repositories.conversations.update({ ...passed, file: passed.file ? { ...passed.file, ref: null } : null });
    await recordAudit(deps, repositories, actor, {
      action: "conversation.pass",
      subjectKind: "conversation",
      subjectId: message.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { kind: "passed", managerName: manager.name, arrivesAt: await arrivalAtManager(deps, repositories, manager) };
  });
}
