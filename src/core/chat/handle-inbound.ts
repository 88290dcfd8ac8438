import type { CoreDeps } from "../deps.ts";
import type { ChatSession, Inbound } from "../dialog/inbound.ts";
import { identify } from "../identities/identify.ts";
import { chatContext } from "./chat-context.ts";
import type { ChatReply } from "./reply.ts";
import { routeInbound } from "./route-inbound.ts";

/**
 * The one entry point of every chat channel: who wrote, what they did → what to answer, in which language.
 * Adapters translate their updates into (session, inbound) and render the reply; no flow logic lives in them.
 */
export async function handleInbound(deps: CoreDeps, session: ChatSession, inbound: Inbound): Promise<ChatReply> {
  const identified = await identify(deps, session.channel, session.externalId);
  const context = await chatContext(deps, session, identified);
  const routed = await routeInbound(context, inbound);
  return { language: routed.language ?? context.language, outbound: routed.outbound };
}
