import type { Outbound } from "../dialog/messages.ts";
import type { ChatRole } from "./chat-role.ts";

/** What a chat handler answers: the messages, and the reply language when it differs from the context's. */
export interface Routed {
  /** Set when the reply's language differs from the context's (e.g. right after linking or a language change). */
  language?: string;
  outbound: Outbound[];
  /** The update linked or unlinked this chat: whose it is must be read again for the reply. */
  relinked?: boolean;
}

/** What the chat answers, in which language the adapter renders it, and who the person is after this update. */
export interface ChatReply {
  language: string;
  outbound: Outbound[];
  /** The person's role once this update is handled (a stranger who just linked is a manager or client now). */
  role: ChatRole;
}
