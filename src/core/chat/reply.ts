import type { Outbound } from "../dialog/messages.ts";

/** What the chat answers, and in which language the adapter renders it. */
export interface ChatReply {
  language: string;
  outbound: Outbound[];
}
