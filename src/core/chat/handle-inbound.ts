import type { CoreDeps } from "../deps.ts";
import type { ChatSession, Inbound } from "../dialog/inbound.ts";
import { identify } from "../identities/identify.ts";
import { chatContext, type ChatContext } from "./chat-context.ts";
import { chatRoleOf, type ChatRole } from "./chat-role.ts";
import type { ChatReply, Routed } from "./reply.ts";
import { routeInbound } from "./route-inbound.ts";

/** Who wrote, after the update: only a stranger's reply in a language of its own (a link) can change it. */
async function roleAfter(deps: CoreDeps, session: ChatSession, context: ChatContext, routed: Routed): Promise<ChatRole> {
  const before = chatRoleOf(context);
  if (before !== "stranger" || routed.language === undefined) return before;
  return chatRoleOf(await identify(deps, session.channel, session.externalId));
}

/**
 * The one entry point of every chat channel: who wrote, what they did → what to answer, in which language.
 * Adapters translate their updates into (session, inbound) and render the reply; no flow logic lives in them.
 */
export async function handleInbound(deps: CoreDeps, session: ChatSession, inbound: Inbound): Promise<ChatReply> {
  const identified = await identify(deps, session.channel, session.externalId);
  const context = await chatContext(deps, session, identified);
  const routed = await routeInbound(context, inbound);
  return { language: routed.language ?? context.language, outbound: routed.outbound, role: await roleAfter(deps, session, context, routed) };
}
