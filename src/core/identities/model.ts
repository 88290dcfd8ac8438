export const channels = ["telegram", "teams"] as const;
export type Channel = (typeof channels)[number];

/** A chat account (Telegram user, Teams user) linked to a manager or a client. */
export interface ChannelIdentity {
  id: string;
  channel: Channel;
  /** Telegram user id or Teams user id, as text (Telegram ids exceed 2^53). */
  externalId: string;
  /** Channel-specific data needed to message this identity later (chat id, Teams conversation reference). */
  conversationRef: string | null;
  managerId: string | null;
  clientId: string | null;
  /** The language the chat app reports, e.g. Telegram's language_code. */
  locale: string | null;
  active: boolean;
  linkedAt: Date;
  deactivatedAt: Date | null;
}
