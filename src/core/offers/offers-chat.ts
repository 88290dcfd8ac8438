import { z } from "zod";
import type { Action } from "../dialog/action-codec.ts";
import { defineForm, type FieldOption, type FormContext } from "../dialog/form.ts";
import { startForm, type DialogContext } from "../dialog/form-runner.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { areaOptions, caseloadOptions, isStaffManager } from "../chat/staff-options.ts";
import { planAreas, type PlanArea } from "../plans/areas.ts";
import { addLocalOffer } from "./add-offer.ts";
import { answerOfferFollowUp, type FollowUpAnswer } from "./answer-follow-up.ts";
import { listLocalOffers } from "./list-offers.ts";
import { offerAreaAction, offerFollowUpAction, offerPickAction, offerToClientAction } from "./offer-actions.ts";
import { offerChatParams, viewOffer } from "./offer-view.ts";
import { shareOffer } from "./share-offer.ts";

const maxShown = 10;

/**
 * The municipalities an offer can be added for: every one of the tenant (an offer of the neighbouring town is added
 * by whoever knows it), the manager's own first.
 */
async function municipalityOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const [manager, municipalities] = await Promise.all([deps.store.managers.get(actor.managerId), deps.store.municipalities.listByTenant(actor.tenantId)]);
  const own = new Set(manager?.municipalityIds ?? []);
  const ordered = [...municipalities.filter((m) => own.has(m.id)), ...municipalities.filter((m) => !own.has(m.id))];
  return ordered.map((m) => ({ value: m.id, labelKey: "", label: m.name }));
}

/** /offeradd: a local offer typed in by staff, in German. */
export const addOfferForm = defineForm({
  id: "offeradd",
  titleKey: "manager_offers.add.title",
  schema: z.object({
    municipalityId: z.string().min(1),
    area: z.enum(planAreas),
    title: z.string().trim().min(1).max(200),
    address: z.string().optional(),
    timeText: z.string().optional(),
    url: z.string().optional(),
  }),
  allowed: isStaffManager,
  fields: [
    {
      name: "municipalityId",
      type: "choice",
      promptKey: "manager_offers.add.municipality",
      labelKey: "manager_offers.labels.municipality",
      options: municipalityOptions,
      unknownChoiceKey: "manager_offers.add.unknown_municipality",
    },
    { name: "area", type: "choice", promptKey: "manager_offers.add.area", labelKey: "manager_offers.labels.area", options: async () => areaOptions() },
    { name: "title", type: "text", promptKey: "manager_offers.add.name", labelKey: "manager_offers.labels.name", maxLength: 200 },
    { name: "timeText", type: "text", promptKey: "manager_offers.add.time", labelKey: "manager_offers.labels.time", maxLength: 200, optional: true },
    { name: "address", type: "text", promptKey: "manager_offers.add.address", labelKey: "manager_offers.labels.address", maxLength: 300, optional: true },
    { name: "url", type: "text", promptKey: "manager_offers.add.link", labelKey: "manager_offers.labels.link", maxLength: 500, optional: true },
  ],
  submit: async ({ deps, actor }, values): Promise<Outbound[]> => {
    const offer = await addLocalOffer(deps, actor, values);
    return [say("manager_offers.add.done", { title: offer.texts.de?.title ?? "" })];
  },
});

/** /offeradd: the form, or, while the tenant has no municipality yet, who sets one up (nothing to choose from). */
export async function startAddOffer(context: DialogContext): Promise<Outbound[]> {
  if (isStaffManager(context.actor) && (await municipalityOptions({ ...context, values: {} })).length === 0) return [say("manager_offers.add.no_municipality")];
  return startForm(context, addOfferForm);
}

/** /offers for staff: first the area. */
function areaPicker(): Outbound {
  const rows: Button[][] = [];
  const areas: (PlanArea | "all")[] = [...planAreas, "all"];
  for (let i = 0; i < areas.length; i += 2) {
    rows.push(
      areas.slice(i, i + 2).map((area) => ({ labelKey: area === "all" ? "manager_offers.all_areas" : `areas.${area}`, data: offerAreaAction.encode(area) })),
    );
  }
  return { parts: [{ key: "manager_offers.pick_area" }], buttons: rows };
}

async function staffOfferList(context: DialogContext, area: PlanArea | "all"): Promise<Outbound[]> {
  const offers = await listLocalOffers(context.deps, context.actor, area === "all" ? {} : { area });
  if (offers.length === 0) return [say("manager_offers.none")];
  const shown = offers.slice(0, maxShown).map((offer): Outbound => {
    const view = viewOffer(offer, "de", context.zone);
    return {
      parts: [
        {
          key: offer.source === "integreat" ? "manager_offers.item_integreat" : "manager_offers.item",
          params: { title: view.title, details: view.details, area: { t: "key", key: `areas.${offer.area}` } },
        },
      ],
      buttons: [
        [
          { labelKey: "manager_offers.share_button", data: offerPickAction.encode(offer.id, "s") },
          { labelKey: "manager_offers.refer_button", data: offerPickAction.encode(offer.id, "r") },
        ],
      ],
    };
  });
  return offers.length > maxShown ? [...shown, say("manager_offers.more", { count: offers.length - maxShown })] : shown;
}

async function pickClient(context: DialogContext, offerId: string, mode: "s" | "r"): Promise<Outbound[]> {
  const options = await caseloadOptions({ deps: context.deps, actor: context.actor, values: {}, zone: context.zone });
  if (options.length === 0) return [say("manager.clients.empty")];
  return [
    {
      parts: [{ key: mode === "s" ? "manager_offers.share_to" : "manager_offers.refer_to" }],
      buttons: options.map((option) => [{ labelKey: "", label: option.label ?? option.value, data: offerToClientAction.encode(offerId, option.value, mode) }]),
    },
  ];
}

async function sendToClient(context: DialogContext, offerId: string, clientId: string, mode: "s" | "r"): Promise<Outbound[]> {
  const shared = await shareOffer(context.deps, context.actor, { offerId, clientId, refer: mode === "r" });
  const params = { client: shared.client.name, title: shared.offer.texts.de?.title ?? "" };
  if (!shared.sent) return [{ ...say(mode === "r" ? "manager_offers.referred_not_sent" : "manager_offers.not_sent", params), edit: true }];
  return [{ ...say(mode === "r" ? "manager_offers.referred" : "manager_offers.shared", params), edit: true }];
}

/** /offers of staff: pick a topic area, then an offer to share with or refer a client to. */
export const offerAreasReply = (): Outbound[] => [areaPicker()];

export async function routeOfferStaffAction(context: DialogContext, action: Action | null): Promise<Outbound[] | null> {
  const area = offerAreaAction.match(action);
  if (area) return staffOfferList(context, area[0]);
  const pick = offerPickAction.match(action);
  if (pick) return pickClient(context, pick[0], pick[1]);
  const send = offerToClientAction.match(action);
  if (send) return sendToClient(context, send[0], send[1], send[2]);
  return null;
}

/**
 * /offers for a client: their municipality's offers in their language, else German with a note (a German title or
 * link within their language marked too).
 */
export async function clientOffers(context: DialogContext, language: string): Promise<Outbound[]> {
  const offers = await listLocalOffers(context.deps, context.actor, {});
  if (offers.length === 0) return [say("offers.none")];
  const parts: Outbound["parts"] = [{ key: "offers.title" }];
  for (const offer of offers.slice(0, maxShown)) {
    const view = viewOffer(offer, language, context.zone);
    const { title, details } = offerChatParams(view);
    parts.push({ key: view.inGerman ? "offers.item_in_german" : "offers.item", params: { title, details } });
  }
  if (offers.length > maxShown) parts.push({ key: "offers.more", params: { number: offers.length - maxShown } });
  return [{ parts }];
}

const answerByCode: Record<"y" | "n" | "h", FollowUpAnswer> = { y: "yes", n: "not_yet", h: "need_help" };
const thanksKeys: Record<FollowUpAnswer, string> = {
  yes: "offers.followup.thanks_yes",
  not_yet: "offers.followup.thanks_not_yet",
  need_help: "offers.followup.thanks_need_help",
};

export async function routeOfferClientAction(context: DialogContext, action: Action | null): Promise<Outbound[] | null> {
  const followUp = offerFollowUpAction.match(action);
  if (!followUp) return null;
  const answer = answerByCode[followUp[1]];
  await answerOfferFollowUp(context.deps, context.actor, { referralId: followUp[0], answer });
  return [{ ...say(thanksKeys[answer]), edit: true }];
}
