import { z } from "zod";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { channels } from "./model.ts";

export const refreshConversationRefInput = z.object({
  channel: z.enum(channels),
  externalId: z.string().min(1).max(128),
  conversationRef: z.string().min(1).max(4000),
});

/**
 * Keeps a linked chat account's conversation reference current (Teams may move a conversation to another service
 * URL; later proactive messages must use the newest). Changes nothing for unknown or inactive accounts; returns
 * whether it changed.
 */
export async function refreshConversationRef(deps: Pick<CoreDeps, "store">, input: unknown): Promise<boolean> {
  const parsed = parseInput(refreshConversationRefInput, input);
  const identity = await deps.store.identities.findByExternal(parsed.channel, parsed.externalId);
  if (!identity?.active || identity.conversationRef === parsed.conversationRef) return false;
  await deps.store.identities.update({ ...identity, conversationRef: parsed.conversationRef });
  return true;
}
