import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { clientZone } from "../reminders/recipient-zone.ts";
import { followUpOn } from "./follow-up.ts";
import type { Referral, ReferralTargetKind } from "./model.ts";

/** A client's one-tap answer to "did you go?", about a service (Jobcenter) or a local offer. */
export type ClientReferralAnswer = "yes" | "not_yet" | "need_help";

/**
 * The open referral a client answers about: theirs, of the kind the question was about, not settled yet (a second tap
 * is a conflict); with the client and the zone their answer is read in.
 */
export async function openReferralOfClient(
  repositories: Repositories,
  actor: Actor,
  referralId: string,
  targetKind: ReferralTargetKind,
  defaultZone: string,
): Promise<{ referral: Referral; client: Client; zone: string }> {
  if (actor.kind !== "client") throw forbidden(`${actor.kind} does not answer referral questions`);
  const referral = await repositories.referrals.get(referralId);
  if (!referral || referral.targetKind !== targetKind) throw notFound("referral", referralId);
  if (referral.clientId !== actor.clientId) throw forbidden("not the client's referral");
  if (referral.status !== "open") throw new DomainError("conflict", "already settled");
  const client = await repositories.clients.get(referral.clientId);
  if (!client) throw notFound("client", referral.clientId);
  return { referral, client, zone: await clientZone(repositories, client, defaultZone) };
}

/**
 * The referral after the answer: yes is attended (nothing more to ask); not yet is asked again in a week; need help
 * leaves it as it is, or without its question where the manager takes over (`needHelp: "stop asking"`).
 */
export function referralAfterAnswer(
  referral: Referral,
  answer: ClientReferralAnswer,
  now: Date,
  zone: string,
  needHelp: "keep asking" | "stop asking",
): Referral {
  if (answer === "yes") return { ...referral, status: "attended", followUpAt: null };
  if (answer === "not_yet") return { ...referral, followUpAt: followUpOn(now, zone) };
  return needHelp === "keep asking" ? referral : { ...referral, followUpAt: null };
}
