import { readDuration } from "../dialog/field-values.ts";
import type { DatePhraseReading } from "../ports/date-phrases.ts";
import { maxAppointmentMinutes, type AppointmentKind } from "./model.ts";

/**
 * Reads a manager's one-line appointment, German or English, in the order people say it: whom, when, where, and
 * optionally how long and what kind:
 *   "Fatemeh morgen 10 Rathaus 45min"
 *   "Amina Haddad nächsten Dienstag um 9 Jobcenter Begleitung"
 *   "Yusuf 24.12. 14:30 Büro 1,5 Std"
 * The day and time are the longest run of words after the name that the date phrases read as a whole; the name is
 * what comes before it, the place what comes after. A duration needs its unit ("45min", "45 min", "1h"), so that the
 * hour "10" is never read as ten minutes. A kind word ("Hausbesuch", "Begleitung") counts as the kind only while a
 * place is left besides it: "Büro" alone is the place, "Telefonat" alone the kind (a call has no place to name). Nothing is decided here: the form asks what is missing and
 * reads the whole back before anything is created.
 */
export interface AppointmentLine {
  clientQuery: string;
  /** The words naming day and time as typed, and how they were read; null when no words after the name name a day. */
  when: { text: string; reading: DatePhraseReading } | null;
  place: string | null;
  durationMin: number | null;
  kind: AppointmentKind | null;
}

/** Reads a day-and-time phrase ("morgen 10") at the moment and in the zone of the person typing. */
export type ReadPhrase = (phrase: string) => DatePhraseReading;

const kindWords: Record<string, AppointmentKind> = {
  beratung: "counselling",
  beratungsgespräch: "counselling",
  counselling: "counselling",
  counseling: "counselling",
  hausbesuch: "home_visit",
  homevisit: "home_visit",
  büro: "office",
  bürotermin: "office",
  sprechstunde: "office",
  office: "office",
  begleitung: "authority_accompaniment",
  behördenbegleitung: "authority_accompaniment",
  behördengang: "authority_accompaniment",
  accompaniment: "authority_accompaniment",
  fortschreibung: "plan_review",
  planbesprechung: "plan_review",
  review: "plan_review",
  telefon: "phone",
  telefonat: "phone",
  anruf: "phone",
  phone: "phone",
  call: "phone",
  video: "video",
  videocall: "video",
  videotelefonat: "video",
};

const unitWord = /^(min\.?|minuten?|minutes?|mins?|h|std\.?|stunden?|hours?|hrs?)$/i;
const amount = /^\d{1,3}([.,]\d{1,2})?$/;

/** Takes the one duration with a unit out of the words ("45min", "45 min", "1,5 Std"), unless it counts from now ("in 2 Stunden"). */
function takeDuration(words: string[]): { words: string[]; durationMin: number | null } {
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    const next = words[index + 1] ?? "";
    if (words[index - 1]?.toLowerCase() === "in") continue;
    const joined = amount.test(word) && unitWord.test(next) ? `${word} ${next}` : /^\d/.test(word) && !amount.test(word) ? word : null;
    const minutes = joined === null ? null : readDuration(joined);
    if (minutes !== null && minutes <= maxAppointmentMinutes)
      return { words: [...words.slice(0, index), ...words.slice(index + (joined === word ? 1 : 2))], durationMin: minutes };
  }
  return { words, durationMin: null };
}

/** The first run of words after the name that reads as a day (and time), the longest at that start. */
function findWhen(words: string[], read: ReadPhrase): { start: number; end: number; reading: DatePhraseReading } | null {
  for (let start = 1; start < words.length; start++) {
    for (let end = words.length; end > start; end--) {
      const reading = read(words.slice(start, end).join(" "));
      if (reading.ok || reading.reason !== "not_understood") return { start, end, reading };
    }
  }
  return null;
}

/** Kinds that take place nowhere: "Telefonat" alone after the time is the kind, never the place. */
const placelessKinds: ReadonlySet<AppointmentKind> = new Set(["phone", "video"]);

/** A kind word at either end of the place, taken when a place is left besides it (a call's kind word also alone). */
function takeKind(words: string[]): { words: string[]; kind: AppointmentKind | null } {
  const alone = words.length === 1 ? kindWords[(words[0] ?? "").toLocaleLowerCase()] : undefined;
  if (alone && placelessKinds.has(alone)) return { words: [], kind: alone };
  if (words.length < 2) return { words, kind: null };
  const last = kindWords[(words.at(-1) ?? "").toLocaleLowerCase()];
  if (last) return { words: words.slice(0, -1), kind: last };
  const first = kindWords[(words[0] ?? "").toLocaleLowerCase()];
  return first ? { words: words.slice(1), kind: first } : { words, kind: null };
}

export function readAppointmentLine(text: string, read: ReadPhrase): AppointmentLine {
  const { words, durationMin } = takeDuration(text.trim().split(/\s+/).filter(Boolean));
  const found = findWhen(words, read);
  if (!found) return { clientQuery: words.join(" "), when: null, place: null, durationMin, kind: null };
  const { words: placeWords, kind } = takeKind(words.slice(found.end));
  return {
    clientQuery: words.slice(0, found.start).join(" "),
    when: { text: words.slice(found.start, found.end).join(" "), reading: found.reading },
    place: placeWords.length > 0 ? placeWords.join(" ") : null,
    durationMin,
    kind,
  };
}
