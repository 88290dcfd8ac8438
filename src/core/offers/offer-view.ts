import type { MessageParam } from "../dialog/messages.ts";
import type { OutboxStep } from "../outbox/message-kinds.ts";
import type { LocalOffer } from "./model.ts";

/** An offer as one reader sees it: in their language when the source has it, else German (and said so). */
export interface OfferView {
  id: string;
  title: string;
  summary: string;
  /** True when the reader's language is missing and the German text is shown. */
  inGerman: boolean;
  /**
   * The reader's language has its text, but its title is the German one: Integreat sends a place's title in German in
   * every language (only its excerpt and page are translated). Such a title is marked, so it is not taken for a mistake.
   */
  titleInGerman: boolean;
  /** When, where and the link, joined for one line (" · "); the link goes to the page in the reader's language if known. */
  details: string;
  /** The reader's language has its text, but the link goes to the German page (no page in their language is known). */
  linkInGerman: boolean;
}

function when(offer: LocalOffer, language: string, zone: string): string | null {
  if (offer.timeText) return offer.timeText;
  if (!offer.startsAt) return null;
  try {
    const format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
    return format.format(offer.startsAt);
  } catch {
    return offer.startsAt.toISOString().slice(0, 16).replace("T", " ");
  }
}

/**
 * The link a reader gets: a German reader the offer's own (a place's website, else its German page); a reader of
 * another language the page in their language, when the source has one. Why not the website for them: it is nearly
 * always German, while Integreat's page in their language describes the place and links the website too.
 */
function linkFor(offer: LocalOffer, language: string): { url: string | null; inGerman: boolean } {
  const own = language === "de" ? undefined : offer.texts[language];
  if (own?.url) return { url: own.url, inGerman: false };
  return { url: offer.url, inGerman: own !== undefined && offer.url !== null && offer.source === "integreat" };
}

export function viewOffer(offer: LocalOffer, language: string, zone: string): OfferView {
  const own = offer.texts[language];
  const text = own ?? offer.texts.de ?? { title: "", summary: "" };
  const link = linkFor(offer, language);
  const details = [when(offer, language, zone), offer.address, link.url].filter((part): part is string => Boolean(part)).join(" · ");
  const titleInGerman = own !== undefined && language !== "de" && own.title === offer.texts.de?.title;
  return { id: offer.id, title: text.title, summary: text.summary, inGerman: !own && language !== "de", titleInGerman, details, linkInGerman: link.inGerman };
}

/** A German title or link in a text of another language, marked as such in the reader's language ("(auf Deutsch)"). */
const titleMark = (title: string): OutboxStep => ({ key: "offers.in_german", params: { text: title } });
const linkMark = (details: string): OutboxStep => ({ key: "offers.link_in_german", params: { details } });

/** The params of a planned offer message (offers.shared …, offers.followup.question): kept as plain values in the row. */
export function offerOutboxParams(view: OfferView): { title: string | OutboxStep; summary: string; details: string | OutboxStep } {
  return {
    title: view.titleInGerman ? titleMark(view.title) : view.title,
    summary: view.summary,
    details: view.linkInGerman ? linkMark(view.details) : view.details,
  };
}

/** The same params for a reply in the chat (the client's /offers). */
export function offerChatParams(view: OfferView): { title: MessageParam; summary: string; details: MessageParam } {
  const asParam = (value: string | OutboxStep): MessageParam => (typeof value === "string" ? value : { t: "key", key: value.key, params: value.params });
  const { title, summary, details } = offerOutboxParams(view);
  return { title: asParam(title), summary, details: asParam(details) };
}
