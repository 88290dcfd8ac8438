import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { ReferralStatus } from "./model.ts";

/**
 * Staff: how an open referral went (attended, not attended, closed: settled without attending), or ask again in a week
 * (sn). Under the referral in "Vermittlungen" and under the follow-up question on its day.
 */
export const referralOutcomeCodes = ["at", "na", "cl", "sn"] as const;
export type ReferralOutcomeCode = (typeof referralOutcomeCodes)[number];
export const referralOutcomeAction = defineAction("rfo", [actionIdArg, actionOptionArg(referralOutcomeCodes)]);
export const outcomeByCode = { at: "attended", na: "not_attended", cl: "closed" } as const satisfies Record<Exclude<ReferralOutcomeCode, "sn">, ReferralStatus>;

/** The client's answer to "Were you at the Jobcenter?": yes (y), not yet (n), I need help (h). */
export const referralCheckInCodes = ["y", "n", "h"] as const;
export const referralCheckInAction = defineAction("rfc", [actionIdArg, actionOptionArg(referralCheckInCodes)]);
