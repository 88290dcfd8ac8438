import type { CoreDeps } from "../deps.ts";
import type { ChatSession, Inbound } from "../dialog/inbound.ts";
import { identify } from "../identities/identify.ts";
import type { Outbound } from "../dialog/messages.ts";
import { commandFromWords } from "./commands.ts";
import { recogniseChat } from "./recognise-chat.ts";
import { chatContext, type ChatContext } from "./chat-context.ts";
import { chatRoleOf, type ChatRole } from "./chat-role.ts";
import type { ChatReply, Routed } from "./reply.ts";
import { routeInbound } from "./route-inbound.ts";

/** Who wrote, after the update: read again only when the update linked or unlinked the chat (`relinked`). */
async function roleAfter(deps: CoreDeps, session: ChatSession, context: ChatContext, routed: Routed): Promise<ChatRole> {
  if (!routed.relinked) return chatRoleOf(context);
  return chatRoleOf(await identify(deps, session.channel, session.externalId));
}

/** A chat linked by this update: "start" or "link" only asked for that; anything else is answered after the welcome. */
async function afterLinking(context: ChatContext, inbound: Inbound, welcome: Outbound): Promise<Routed> {
  const askedToLink =
    inbound.kind === "command" ? inbound.command === "start" : inbound.kind === "text" && commandFromWords("stranger", inbound.text)?.command.name === "start";
  if (askedToLink) return { outbound: [welcome] };
  const routed = await routeInbound(context, inbound);
  return { ...routed, outbound: [welcome, ...routed.outbound] };
}

/**
 * The one entry point of every chat channel: who wrote, what they did → what to answer, in which language.
 * Adapters translate their updates into (session, inbound) and render the reply; no flow logic lives in them.
 */
export async function handleInbound(deps: CoreDeps, session: ChatSession, inbound: Inbound): Promise<ChatReply> {
  const { identified, welcome } = await recogniseChat(deps, session);
  const context = await chatContext(deps, session, identified);
  const routed = welcome ? await afterLinking(context, inbound, welcome) : await routeInbound(context, inbound);
  return { language: routed.language ?? context.language, outbound: routed.outbound, role: await roleAfter(deps, session, context, routed) };
}
