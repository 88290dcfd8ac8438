import type { ConversationMessage } from "../../../src/core/conversations/model.ts";
import type { ConversationRepositories } from "../../../src/core/conversations/repositories.ts";
import { byTimeThenId, copy, deleteWhere, uniqueViolation } from "./shared.ts";

export interface ConversationState {
  conversations: Map<string, ConversationMessage>;
}

export const emptyConversationState = (): ConversationState => ({ conversations: new Map() });

/** Messages between clients and their managers, in memory (kept open: the real store seals texts and files itself). */
export function memoryConversationRepositories(state: () => ConversationState): ConversationRepositories {
  const oldestFirst = (match: (m: ConversationMessage) => boolean) =>
    [...state().conversations.values()]
      .filter(match)
      .sort(byTimeThenId((m) => m.createdAt))
      .map(copy);
  return {
    conversations: {
      create: async (message) => {
        if (state().conversations.has(message.id)) throw uniqueViolation("conversationMessage.id");
        state().conversations.set(message.id, copy(message));
      },
      get: async (id) => copy(state().conversations.get(id) ?? null),
      update: async (message) => {
        if (!state().conversations.has(message.id)) throw new Error("record to update not found: conversationMessage");
        state().conversations.set(message.id, copy(message));
      },
      findDraft: async (clientId) => oldestFirst((m) => m.clientId === clientId && m.status === "draft").at(-1) ?? null,
      listOpenForManager: async (managerId) => oldestFirst((m) => m.managerId === managerId && m.status === "open"),
      listForClient: async (clientId) => oldestFirst((m) => m.clientId === clientId),
      deleteForClient: async (clientId) => deleteWhere(state().conversations, (m) => m.clientId === clientId),
      deleteExpired: async (before, draftsBefore) => deleteWhere(state().conversations, (m) => m.createdAt < (m.status === "draft" ? draftsBefore : before)),
    },
  };
}
