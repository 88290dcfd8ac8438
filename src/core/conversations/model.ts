/**
 * Messages between a client and their manager, passed on by Lotse (docs/architecture.md, "Client and manager
 * write to each other"). A client's text, photo, voice message or document is first a draft (Lotse asks whether to
 * pass it on); on "yes" it is open for the manager until answered or marked done. A manager's answer is a message
 * to the client: their own words as written, or a standard phrase translated into the client's language.
 *
 * Texts, file references and file names are sealed at rest (src/store/text-sealer.ts); rows are kept only for
 * `conversationRetentionDays` (drafts a day), and go with the client's erasure.
 */
export const conversationDirections = ["from_client", "to_client"] as const;
export type ConversationDirection = (typeof conversationDirections)[number];

/** draft: the client was asked whether to pass it on; open: the manager has it; answered / done: settled; sent: to the client. */
export const conversationStatuses = ["draft", "open", "answered", "done", "sent"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** What a client may send besides text. */
export const conversationFileKinds = ["photo", "voice", "audio", "document"] as const;
export type ConversationFileKind = (typeof conversationFileKinds)[number];

/** A file sent by the client: the chat service's own reference (Telegram's file_id), never the bytes. */
export interface ConversationFile {
  kind: ConversationFileKind;
  /** The channel it came from; only that channel's reference can be fetched again. */
  channel: "telegram";
  /** The channel's file reference. Kept only until the file is passed on (then null). */
  ref: string | null;
  name: string | null;
  mimeType: string | null;
}

export interface ConversationMessage {
  id: string;
  tenantId: string;
  clientId: string;
  /** The manager who receives it (from_client) or wrote it (to_client). */
  managerId: string;
  direction: ConversationDirection;
  status: ConversationStatus;
  /** Free text as written (the client's words, or the manager's own answer); null for a file alone or a phrase. */
  text: string | null;
  /** A standard answer (to_client): its code in the phrase catalogue (conversation-phrases.ts). */
  phraseCode: string | null;
  file: ConversationFile | null;
  /** The client's message a manager's answer replies to. */
  replyToId: string | null;
  createdAt: Date;
  /** When the client said "yes, pass it on" (from_client) or the manager sent it (to_client). */
  passedAt: Date | null;
  /** When the manager answered or marked it done. */
  closedAt: Date | null;
}

/** Passed messages and answers are kept this long, then deleted by the retention job. */
export const conversationRetentionDays = 30;
/** A draft the client never confirmed is deleted after this long. */
export const conversationDraftHours = 24;

/** Outbox rows of this area start with this (consent withdrawal cancels them; src/core/reminders/send-checks.ts). */
export const conversationDedupePrefix = "conv:";
