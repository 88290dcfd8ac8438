import { isDomainError } from "../errors.ts";
import { linkWithInvite } from "../identities/link-with-invite.ts";
import { whomToAskForInvite } from "../invites/whom-to-ask.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { linkVolunteer } from "../volunteers/link-volunteer.ts";
import type { ChatContext } from "./chat-context.ts";
import { staffLanguage } from "./chat-context.ts";
import { languagePicker } from "./client-onboarding.ts";
import type { Routed } from "./reply.ts";

/**
 * What Lotse is, and that the integration manager gives an invite; to a staff member whose access was switched off
 * (they left, `lotse manager deactivate`), that their access has ended and whom to turn to; to a staff member writing
 * from a chat switched off (another phone linked since, or unlinked), that this chat gets nothing and how to link it.
 */
export function strangerIntro(context: Pick<ChatContext, "identified">): Outbound {
  const { identified } = context;
  if ("staffLeft" in identified && identified.staffLeft) return say("manager.access_ended");
  if ("staffChatOff" in identified && identified.staffChatOff) return say("manager.chat_off");
  return say("client.stranger.intro");
}

/**
 * `/start <code>` of an unlinked chat: a volunteer's, manager's or client's invite links it; without a code, or with
 * a code that does not fit, the chat learns what Lotse is. Nothing about a stranger is stored.
 */
export async function strangerStart(context: ChatContext, code: string): Promise<Routed> {
  if (!code) return { outbound: [strangerIntro(context)] };
  try {
    const volunteer = await linkVolunteer(context.deps, context.session, code);
    if (volunteer)
      return {
        language: staffLanguage(context.session.locale),
        outbound: [say("volunteers.volunteer.welcome", { name: volunteer.name })],
        relinked: true,
      };
    const linked = await linkWithInvite(context.deps, {
      channel: context.session.channel,
      externalId: context.session.externalId,
      conversationRef: context.session.conversationRef,
      locale: context.session.locale,
      code,
    });
    if (linked.kind === "manager") {
      const welcome = say("manager.welcome", { name: linked.manager.name });
      // The chat on the same channel linked before (an earlier phone) gets nothing from now on: said, not done silently.
      return {
        language: staffLanguage(context.session.locale),
        outbound: linked.replacedChats > 0 ? [welcome, say("manager.earlier_chat_off")] : [welcome],
        relinked: true,
      };
    }
    return { language: linked.client.language, outbound: [languagePicker(linked.client.language, "client.onboarding.language")], relinked: true };
  } catch (error) {
    if (isDomainError(error)) return { outbound: [await inviteRefusal(context, code, error.code), strangerIntro(context)] };
    throw error;
  }
}

/** An expired or used client invite names the manager to ask for a new one; anything else says what went wrong. */
async function inviteRefusal(context: ChatContext, code: string, errorCode: string): Promise<Outbound> {
  if (errorCode !== "invite_expired" && errorCode !== "invite_used") return say(`errors.${errorCode}`);
  const whom = await whomToAskForInvite(context.deps, code);
  if (!whom) return say(`errors.${errorCode}`);
  if (whom.kind === "staff_office") return say(errorCode === "invite_expired" ? "manager.invite_expired_ask" : "manager.invite_used_ask");
  return say(errorCode === "invite_expired" ? "client.invite.expired_ask" : "client.invite.used_ask", { name: whom.name });
}
