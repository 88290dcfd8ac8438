import type { LocalOffer } from "./model.ts";

/** An offer as one reader sees it: in their language when the source has it, else German (and said so). */
export interface OfferView {
  id: string;
  title: string;
  summary: string;
  /** True when the reader's language is missing and the German text is shown. */
  inGerman: boolean;
  /** When, where and the link, joined for one line (" · "). */
  details: string;
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

export function viewOffer(offer: LocalOffer, language: string, zone: string): OfferView {
  const own = offer.texts[language];
  const text = own ?? offer.texts.de ?? { title: "", summary: "" };
  const details = [when(offer, language, zone), offer.address, offer.url].filter((part): part is string => Boolean(part)).join(" · ");
  return { id: offer.id, title: text.title, summary: text.summary, inGerman: !own && language !== "de", details };
}
