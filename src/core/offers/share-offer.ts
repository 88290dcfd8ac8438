import { outboxContent, type OutboxStep } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { followUpOn, planReferralFollowUp } from "../referrals/follow-up.ts";
import type { Referral } from "../referrals/model.ts";
import { clientZone } from "../reminders/recipient-zone.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { offerFollowUpAction } from "./offer-actions.ts";
import type { LocalOffer } from "./model.ts";
import { offerOutboxParams, viewOffer } from "./offer-view.ts";

export const shareOfferInput = z.object({ offerId: idSchema, clientId: idSchema, refer: z.boolean().default(false) });

export const followUpKey = "offers.followup.question";

export interface SharedOffer {
  offer: LocalOffer;
  client: Client;
  /** False when the client has not agreed to messages: nothing was sent. */
  sent: boolean;
  referral: Referral | null;
}

async function offerFor(repositories: Repositories, offerId: string, client: Client): Promise<LocalOffer> {
  const offer = await repositories.localOffers.get(offerId);
  if (!offer || offer.tenantId !== client.tenantId) throw notFound("offer", offerId);
  return offer;
}

/**
 * The follow-up "Did you go?" at 10:00 local: a week from now, and for an event or course with a date not before the
 * day after it starts — an event in five weeks is asked about after it, not before (a course is asked about once it
 * began, not at its end).
 */
export function offerFollowUpAt(now: Date, zone: string, offer: Pick<LocalOffer, "startsAt" | "endsAt">): Date {
  const inAWeek = followUpOn(now, zone);
  const held = offer.startsAt ?? offer.endsAt;
  if (!held) return inAWeek;
  const dayAfter = followUpOn(held, zone, 1);
  return dayAfter.getTime() > inAWeek.getTime() ? dayAfter : inAWeek;
}

/** `title`: the offer's title in the client's language, marked when it is the German one (offerOutboxParams). */
export async function planFollowUp(deps: CoreDeps, repositories: Repositories, referral: Referral, title: string | OutboxStep, dueAt: Date): Promise<void> {
  await planClientMessage(deps, repositories, {
    dedupeKey: `referral:${referral.id}:followup:${dueAt.toISOString()}`,
    tenantId: referral.tenantId,
    recipientId: referral.clientId,
    ...outboxContent(followUpKey, { title }),
    actions: [
      { labelKey: "offers.followup.yes", data: offerFollowUpAction.encode(referral.id, "y") },
      { labelKey: "offers.followup.not_yet", data: offerFollowUpAction.encode(referral.id, "n") },
      { labelKey: "offers.followup.need_help", data: offerFollowUpAction.encode(referral.id, "h") },
    ],
    dueAt,
  });
}

/**
 * A manager shares a local offer with a client (a message in the client's language when the source has it, with the
 * link to its page in that language; else German with a note) or refers the client to it: then a referral is
 * recorded, and after a week (or after the offer's date) the client is asked whether they went, and the manager how
 * it went.
 */
export async function shareOffer(deps: CoreDeps, actor: Actor, input: unknown): Promise<SharedOffer> {
  assertStaff(actor);
  if (actor.role === "supervisor") throw forbidden("supervisors do not share offers");
  const parsed = parseInput(shareOfferInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    if (client.status === "closed") throw new DomainError("case_closed", "case is closed");
    const offer = await offerFor(repositories, parsed.offerId, client);
    const zone = await clientZone(repositories, client, deps.defaultZone);
    const now = deps.clock.now();
    const view = viewOffer(offer, client.language, zone);
    const germanTitle = (offer.texts.de?.title ?? view.title).slice(0, 200);
    let referral: Referral | null = null;
    if (parsed.refer) {
      referral = {
        id: deps.ids.newId(),
        tenantId: client.tenantId,
        clientId: client.id,
        managerId: actor.managerId,
        targetKind: "offer",
        target: germanTitle,
        status: "open",
        followUpAt: offerFollowUpAt(now, zone, offer),
        createdAt: now,
      };
      await repositories.referrals.create(referral);
    }
    const messageKey = parsed.refer
      ? view.inGerman
        ? "offers.referred_in_german"
        : "offers.referred"
      : view.inGerman
        ? "offers.shared_in_german"
        : "offers.shared";
    const params = offerOutboxParams(view);
    const sent = await planClientMessage(deps, repositories, {
      dedupeKey: `offer:${offer.id}:${parsed.refer ? "refer" : "share"}:${client.id}:${now.getTime()}`,
      tenantId: client.tenantId,
      recipientId: client.id,
      ...outboxContent(messageKey, params),
      actions: [],
      dueAt: now,
    });
    if (referral?.followUpAt) {
      await planFollowUp(deps, repositories, referral, params.title, referral.followUpAt);
      await planReferralFollowUp(deps, repositories, referral, client);
    }
    await recordAudit(deps, repositories, actor, {
      action: parsed.refer ? "offer.refer" : "offer.share",
      subjectKind: parsed.refer ? "referral" : "offer",
      subjectId: referral?.id ?? offer.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { offer, client, sent, referral };
  });
}
