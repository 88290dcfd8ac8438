import type { Outbound } from "../dialog/messages.ts";

/** What a chat handler answers: the messages, and the reply language when it differs from the context's. */
export interface Routed {
  /** Set when the reply's language differs from the context's (e.g. right after linking or a language change). */
  language?: string;
  outbound: Outbound[];
}

/** What the chat answers, and in which language the adapter renders it. */
export interface ChatReply {
  language: string;
  outbound: Outbound[];
}
