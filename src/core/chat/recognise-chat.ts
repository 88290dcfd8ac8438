import { z } from "zod";
import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "../dialog/inbound.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { identify, type Identified } from "../identities/identify.ts";
import { linkByAadObjectId } from "../identities/link-by-aad.ts";

export interface RecognisedChat {
  identified: Identified;
  /** Set when this update linked the chat (a manager registered with an Entra object id wrote for the first time). */
  welcome: Outbound | null;
}

/**
 * Who wrote, with their chat account kept current, in one read of the account: a Teams account of a manager
 * registered with `--aad` is linked on its first message, without a code; a linked account whose conversation moved
 * (Teams may give a person a new conversation or service URL) gets the new reference, so later proactive messages
 * reach it; a chat app switched to another language (Teams' locale, Telegram's language_code) is followed.
 */
export async function recogniseChat(deps: CoreDeps, session: ChatSession): Promise<RecognisedChat> {
  const identified = await identify(deps, session.channel, session.externalId);
  if (identified.actor.kind === "stranger") {
    const welcome = await linkByEntraId(deps, session);
    return { identified: welcome ? await identify(deps, session.channel, session.externalId) : identified, welcome };
  }
  return { identified: await keptCurrent(deps, identified, session), welcome: null };
}

/**
 * An activity with nothing to answer (Teams: the app updated, members changed, a reaction) still carries the chat's
 * current conversation and language: a linked account takes them; nobody is linked or greeted.
 */
export async function keepChatCurrent(deps: CoreDeps, session: ChatSession): Promise<void> {
  await keptCurrent(deps, await identify(deps, session.channel, session.externalId), session);
}

async function keptCurrent(deps: CoreDeps, identified: Identified, session: ChatSession): Promise<Identified> {
  const identity = identified.identity;
  if (!identity?.active || identified.actor.kind === "stranger") return identified;
  const conversationRef = session.conversationRef ?? identity.conversationRef;
  // Staff and volunteers read the language of their chat app as it is now (a client's language is their own choice).
  const locale = session.locale ?? identity.locale;
  if (conversationRef === identity.conversationRef && locale === identity.locale) return identified;
  const updated = { ...identity, conversationRef, locale };
  await deps.store.identities.update(updated);
  return { ...identified, identity: updated } as Identified;
}

async function linkByEntraId(deps: CoreDeps, session: ChatSession): Promise<Outbound | null> {
  if (session.channel !== "teams" || !z.uuid().safeParse(session.aadObjectId).success) return null;
  const linked = await linkByAadObjectId(deps, {
    externalId: session.externalId,
    aadObjectId: session.aadObjectId,
    conversationRef: session.conversationRef,
    locale: session.locale,
  });
  return linked ? say("manager.welcome", { name: linked.manager.name }) : null;
}
