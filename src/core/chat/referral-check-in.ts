import type { Action } from "../dialog/action-codec.ts";
import type { Outbound } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import { referralCheckInAction } from "../referrals/actions.ts";
import { answerReferralCheckIn, type ReferralCheckInAnswer } from "../referrals/answer-referral-check-in.ts";
import type { ChatContext } from "./chat-context.ts";

const answerByCode = { y: "yes", n: "not_yet", h: "need_help" } as const satisfies Record<string, ReferralCheckInAnswer>;
const thanksKeys: Record<ReferralCheckInAnswer, string> = {
  yes: "referrals.check_in.thanks_yes",
  not_yet: "referrals.check_in.thanks_not_yet",
  need_help: "referrals.check_in.thanks_need_help",
};

/**
 * The client's tap under "Were you at the Jobcenter?": the question becomes the thanks for the answer. A referral
 * settled meanwhile (the manager recorded it, or an earlier tap) is said to be settled; nothing changes.
 */
export async function routeReferralCheckIn(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const tapped = referralCheckInAction.match(action);
  if (!tapped) return null;
  const answer = answerByCode[tapped[1]];
  try {
    await answerReferralCheckIn(context.deps, context.actor, { referralId: tapped[0], answer });
  } catch (error) {
    if (isDomainError(error) && error.code === "conflict") return [{ ...say("referrals.check_in.settled"), edit: true }];
    throw error;
  }
  return [{ ...say(thanksKeys[answer]), edit: true }];
}
