import { isDomainError } from "../errors.ts";
import { linkWithInvite } from "../identities/link-with-invite.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import type { Inbound } from "../dialog/inbound.ts";
import type { ChatContext } from "./chat-context.ts";
import { staffLanguage } from "./chat-context.ts";
import { languagePicker } from "./client-onboarding.ts";
import type { Routed } from "./route-inbound.ts";

const intro = (): Outbound => say("client.stranger.intro");

/**
 * An unlinked chat: `/start <code>` links it; anything else gets what Lotse is and that the integration manager
 * gives an invite. Nothing about a stranger is stored.
 */
export async function handleStranger(context: ChatContext, inbound: Inbound): Promise<Routed> {
  const code = inbound.kind === "command" && inbound.command === "start" ? inbound.args.trim() : "";
  if (!code) return { outbound: [intro()] };
  try {
    const linked = await linkWithInvite(context.deps, {
      channel: context.session.channel,
      externalId: context.session.externalId,
      conversationRef: context.session.conversationRef,
      locale: context.session.locale,
      code,
    });
    if (linked.kind === "manager") {
      return { language: staffLanguage(context.session.locale), outbound: [say("manager.welcome", { name: linked.manager.name })] };
    }
    return { language: linked.client.language, outbound: [languagePicker(linked.client.language, "client.onboarding.language")] };
  } catch (error) {
    if (isDomainError(error)) return { outbound: [say(`errors.${error.code}`), intro()] };
    throw error;
  }
}
