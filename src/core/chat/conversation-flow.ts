import { z } from "zod";
import { hasCurrentConsent, latestRecord } from "../consent/consent-state.ts";
import { closeClientMessage } from "../conversations/close-client-message.ts";
import { draftClientMessage, maxConversationText } from "../conversations/draft-client-message.ts";
import { passClientMessage } from "../conversations/pass-client-message.ts";
import { closeMessageAction, passMessageAction, replyToMessageAction } from "../conversations/actions.ts";
import { conversationPhrases, phraseKeys } from "../conversations/phrases.ts";
import { writeToClient } from "../conversations/write-to-client.ts";
import { listOpenMessages } from "../conversations/list-open-messages.ts";
import type { ConversationFileKind } from "../conversations/model.ts";
import { currentConsentVersions } from "../consent/model.ts";
import type { Action } from "../dialog/action-codec.ts";
import { startForm } from "../dialog/form-runner.ts";
import { defineForm, type FieldOption } from "../dialog/form.ts";
import { say, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import { consentScreen } from "./client-onboarding.ts";
import type { Routed } from "./reply.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { caseloadOptions, isStaffManager } from "./staff-options.ts";

/** What a client sent that is no command: a text, or a file with its caption. */
export interface ClientWriting {
  text?: string;
  file?: { kind: ConversationFileKind; ref: string; name: string | null; mimeType: string | null };
}

const at = (date: Date, zone: string): MessageParam => ({ t: "datetime", iso: date.toISOString(), zone });

/**
 * A client wrote free text or sent a file: Lotse asks whether to pass it to their manager, naming them; the first
 * time the question also says what agreeing to messages with the manager means. A client who has not yet answered
 * the consent question at joining is asked that first (their text stays unsent).
 */
export async function offerToManager(context: ChatContext, clientId: string, writing: ClientWriting): Promise<Routed> {
  const ledger = await context.deps.store.consents.listForClient(clientId);
  if (!latestRecord(ledger, "messaging")) return { outbound: [consentScreen()] };
  const drafted = await draftClientMessage(context.deps, context.actor, writing);
  if (drafted.kind === "no_manager") return { outbound: [say("client.conversation.no_manager")] };
  const manager = drafted.managerName;
  const parts: TextPart[] = [{ key: "client.conversation.ask", params: { manager } }];
  if (drafted.consentNeeded) parts.push({ key: `consent.manager_messages.v${currentConsentVersions.manager_messages}` });
  return {
    outbound: [
      {
        parts,
        buttons: [
          [{ labelKey: "actions.conversation.pass", labelParams: { manager }, data: passMessageAction.encode(drafted.messageId, "y") }],
          [{ labelKey: "actions.conversation.keep", data: passMessageAction.encode(drafted.messageId, "n") }],
        ],
      },
    ],
  };
}

/** The client's "yes, pass it on" or "no": they learn when it arrives. */
export async function answerPass(context: ChatContext, messageId: string, pass: boolean): Promise<Outbound[]> {
  const channel = context.session.channel;
  const result = await passClientMessage(context.deps, context.actor, { messageId, pass, channel });
  switch (result.kind) {
    case "passed":
      return result.arrivesAt
        ? [{ ...say("client.conversation.passed_later", { manager: result.managerName, at: at(result.arrivesAt, context.zone) }), edit: true }]
        : [{ ...say("client.conversation.passed", { manager: result.managerName }), edit: true }];
    case "discarded":
      return [{ ...say("client.conversation.discarded"), edit: true }];
    case "no_manager":
      return [say("client.conversation.no_manager")];
    case "already":
      return [say("client.conversation.already")];
    case "gone":
      return [say("client.conversation.gone")];
  }
}

const ownText = "own";
const phraseOptions = async (): Promise<FieldOption[]> => [
  ...conversationPhrases.map((code) => ({ value: code, labelKey: phraseKeys[code] })),
  { value: ownText, labelKey: "manager.conversation.own_text" },
];

const writeSchema = z
  .object({
    client: z.string().min(1),
    replyTo: z.string().min(1).optional(),
    phrase: z.enum([...conversationPhrases, ownText]),
    text: z.string().trim().min(1).max(maxConversationText).optional(),
  })
  .refine((values) => values.phrase !== ownText || values.text !== undefined, { path: ["text"], message: "write the text" });

/**
 * A manager writes to a client: a standard answer (arrives translated) or their own text (arrives as written).
 * Started from a client's message ("Antworten"), the client card, or /write.
 */
export const writeToClientForm = defineForm({
  id: "write",
  titleKey: "manager.conversation.title",
  schema: writeSchema,
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "choice", promptKey: "manager.conversation.client", labelKey: "manager.labels.client", options: caseloadOptions },
    { name: "replyTo", type: "text", promptKey: "manager.conversation.client", optional: true, when: () => false, maxLength: 26 },
    {
      name: "phrase",
      type: "choice",
      promptKey: "manager.conversation.phrase",
      labelKey: "manager.conversation.phrase_label",
      options: phraseOptions,
    },
    {
      name: "text",
      type: "text",
      promptKey: "manager.conversation.text",
      labelKey: "manager.conversation.text_label",
      when: (values) => values.phrase === ownText,
      maxLength: maxConversationText,
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const input = {
      clientId: values.client,
      ...(values.replyTo ? { replyToId: values.replyTo } : {}),
      ...(values.phrase === ownText ? { text: values.text } : { phrase: values.phrase }),
    };
    const written = await writeToClient(context.deps, context.actor, input);
    const name = written.clientName;
    return [
      written.arrivesAt
        ? say("manager.conversation.sent_later", { name, at: { t: "datetime", iso: written.arrivesAt.toISOString(), zone: context.zone } })
        : say("manager.conversation.sent", { name }),
    ];
  },
});

/**
 * Before the form: whom it goes to and, when the client reads another language, that Lotse does not translate own
 * texts (the standard answers arrive translated). For a German-reading client the form asks for the text at once.
 */
export async function startWriting(context: ChatContext, clientId: string, replyTo?: string): Promise<Outbound[]> {
  const { client } = await loadClientInScope(context.deps.store, context.actor, clientId, "write");
  if (!hasCurrentConsent(await context.deps.store.consents.listForClient(client.id), "manager_messages")) {
    return [say("manager.conversation.no_consent", { name: client.name })];
  }
  // Nothing would arrive: say so now, not "sent" and then "cannot be reached".
  if (!(await context.deps.store.identities.listForClient(client.id)).some((identity) => identity.active)) {
    return [say("manager.conversation.no_chat", { name: client.name })];
  }
  const german = client.language === "de";
  const intro = german
    ? say("manager.conversation.intro", { name: client.name })
    : say("manager.conversation.intro_translated", { name: client.name, language: { t: "key", key: `manager.language_name.${client.language}` } });
  const form = await startForm(context, writeToClientForm, { client: clientId, ...(replyTo ? { replyTo } : {}), ...(german ? { phrase: ownText } : {}) });
  return [intro, ...form];
}

/** The manager's buttons on a client's message: answer, or mark it done. */
export async function routeConversationAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const replyTo = replyToMessageAction.match(action);
  if (replyTo) {
    const message = await context.deps.store.conversations.get(replyTo[0]);
    return message ? startWriting(context, message.clientId, message.id) : [say("dialog.stale")];
  }
  const close = closeMessageAction.match(action);
  if (close) {
    const { clientName } = await closeClientMessage(context.deps, context.actor, { messageId: close[0] });
    return [{ ...say("manager.conversation.closed", { name: clientName }), edit: true }];
  }
  return null;
}

const fileKeys: Record<ConversationFileKind, string> = {
  photo: "manager.conversation.file.photo",
  voice: "manager.conversation.file.voice",
  audio: "manager.conversation.file.audio",
  document: "manager.conversation.file.document",
};
const fileLabel = (kind: ConversationFileKind | null): MessageParam => (kind ? { t: "key", key: fileKeys[kind] } : "");

/** /messages: what clients wrote that is still open, each with its answer and done buttons. */
export async function openMessagesReply(context: ChatContext): Promise<Outbound[]> {
  const open = await listOpenMessages(context.deps, context.actor);
  if (open.length === 0) return [say("manager.conversation.none")];
  return [
    say("manager.conversation.open", { count: open.length }),
    ...open.map((message): Outbound => ({
      parts: [
        {
          key: "manager.conversation.open_item",
          params: { client: message.clientName, writtenAt: at(message.writtenAt, context.zone), text: message.text ?? fileLabel(message.fileKind) },
        },
      ],
      buttons: [
        [
          { labelKey: "manager.conversation.reply", data: replyToMessageAction.encode(message.messageId) },
          { labelKey: "manager.conversation.done", data: closeMessageAction.encode(message.messageId) },
        ],
      ],
    })),
  ];
}
