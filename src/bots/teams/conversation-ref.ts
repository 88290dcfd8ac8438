import type { ConversationReference } from "botbuilder";
import { z } from "zod";

/**
 * What Lotse keeps of a Teams conversation to write into it later (identity.conversationRef): ids and the service
 * URL only, no names. Stored JSON is a boundary: it is read back through the schema.
 */
const storedRefSchema = z.object({
  v: z.literal(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1).max(64),
  conversationId: z.string().min(1).max(512),
  tenantId: z.string().max(64).optional(),
  userId: z.string().min(1).max(256),
  botId: z.string().min(1).max(256),
});
export type StoredConversationRef = z.output<typeof storedRefSchema>;

interface ActivityIds {
  serviceUrl: string;
  channelId?: string | undefined;
  conversation: { id: string; tenantId?: string | undefined };
  from: { id: string };
  recipient: { id: string };
}

export function conversationRefOf(activity: ActivityIds): string {
  const ref: StoredConversationRef = {
    v: 1,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? "msteams",
    conversationId: activity.conversation.id,
    ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    userId: activity.from.id,
    botId: activity.recipient.id,
  };
  return JSON.stringify(ref);
}

export function readConversationRef(stored: string | null): StoredConversationRef | null {
  if (!stored) return null;
  try {
    const parsed = storedRefSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The botbuilder shape `continueConversationAsync` takes. */
export function toConversationReference(ref: StoredConversationRef): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: { id: ref.conversationId, isGroup: false, conversationType: "personal", name: "", ...(ref.tenantId ? { tenantId: ref.tenantId } : {}) },
    user: { id: ref.userId, name: "" },
    bot: { id: ref.botId, name: "" },
  };
}
