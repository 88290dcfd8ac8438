/**
 * Standard answers a manager can send instead of their own words: each is translated into all client languages
 * (locales: client.conversation.phrase.<code>), so a client who reads no German understands it. Lotse does not
 * translate free text: a manager's own words reach the client as written.
 */
export const conversationPhrases = [
  "received",
  "call_you",
  "come_to_office",
  "bring_letter",
  "send_photo",
  "appointment_follows",
  "nothing_to_do",
  "thanks",
] as const;
export type ConversationPhrase = (typeof conversationPhrases)[number];

/** The message key of a phrase (literal keys, so the i18n check finds each). */
export const phraseKeys: Record<ConversationPhrase, string> = {
  received: "client.conversation.phrase.received",
  call_you: "client.conversation.phrase.call_you",
  come_to_office: "client.conversation.phrase.come_to_office",
  bring_letter: "client.conversation.phrase.bring_letter",
  send_photo: "client.conversation.phrase.send_photo",
  appointment_follows: "client.conversation.phrase.appointment_follows",
  nothing_to_do: "client.conversation.phrase.nothing_to_do",
  thanks: "client.conversation.phrase.thanks",
};

export const isConversationPhrase = (code: string): code is ConversationPhrase => (conversationPhrases as readonly string[]).includes(code);
