import { DomainError, type ErrorIssue } from "../errors.ts";
import type { PlanArea } from "../plans/areas.ts";
import type { PhraseDay } from "../ports/date-phrases.ts";
import type { ContactDayReading } from "./contact-day.ts";

/**
 * Reads a manager's one-line contact log, German or English:
 *   "Amina 30 Hausbesuch Wohnen: Vermieter angerufen"
 *   "Amina Haddad 45 home visit housing, work: called landlord"
 *   "Yusuf tel 1h Arbeit"
 *   "Omar gestern 30 Hausbesuch Wohnen", "Omar 3.12. 30 Hausbesuch"
 * The client is named by the words before the first duration, day or keyword, the kind, areas and the day are read
 * anywhere before the first colon (the day as "heute", "gestern", "vorgestern", "today", "yesterday" or a date like
 * 3.12. or 03.12.2026; today when left out), and the note is everything after it. A word before the colon that is not
 * a keyword is refused rather than dropped, so nothing the manager typed gets lost.
 */

export const contactKinds = ["home_visit", "office", "phone", "video", "messenger", "accompaniment"] as const;
export type ContactKind = (typeof contactKinds)[number];

export interface QuickLog {
  clientQuery: string;
  durationMin: number;
  kind: ContactKind;
  areas: PlanArea[];
  /** The day of the contact, when named; null: today. */
  day: PhraseDay | null;
  note: string | null;
}

/** Reads a word that names a day (the caller knows the zone and the date phrases). */
export type ReadDay = (word: string) => ContactDayReading;

const dayWords = /^(heute|gestern|vorgestern|morgen|übermorgen|today|yesterday|tomorrow)$/i;
const numericDate = /^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})?$/;
/** Only these words are tried as a day, so that no client name is ever read as a date. */
const namesADay = (token: Token): boolean => token.type === "word" && (dayWords.test(token.raw) || numericDate.test(token.raw));

export const minDurationMin = 1;
export const maxDurationMin = 600;
const maxTextLength = 2000;
const maxClientQueryLength = 120;

type Keyword = { kind: ContactKind } | { area: PlanArea };

const kindWords: Record<ContactKind, string[]> = {
  home_visit: ["hausbesuch", "hausbesuche", "aufsuchend", "besuch", "home visit", "home-visit", "homevisit", "visit"],
  office: ["büro", "buero", "sprechstunde", "bürotermin", "office"],
  phone: ["telefon", "tel", "telefonat", "telefonisch", "anruf", "phone", "phone call", "call"],
  video: ["video", "videocall", "video call", "videoanruf", "videotelefonat"],
  messenger: ["messenger", "chat", "whatsapp", "telegram", "signal", "sms"],
  accompaniment: ["begleitung", "begleitet", "accompaniment", "accompanied", "accompany"],
};

const areaWords: Record<PlanArea, string[]> = {
  language: ["sprache", "deutsch", "sprachkurs", "language", "german"],
  work: ["arbeit", "job", "beruf", "arbeitsmarkt", "work", "employment"],
  recognition: ["anerkennung", "recognition"],
  housing: ["wohnen", "wohnung", "wohnungssuche", "housing", "flat", "apartment"],
  education: ["schule", "bildung", "kita", "ausbildung", "school", "education", "kindergarten"],
  benefits: ["leistungen", "sozialleistungen", "bürgergeld", "benefits"],
  participation: ["teilhabe", "verein", "ehrenamt", "participation", "club", "volunteer", "volunteering"],
  everyday: ["alltag", "behörde", "behörden", "ämter", "amt", "everyday", "authorities", "authority"],
  health: ["gesundheit", "arzt", "ärztin", "health", "doctor"],
};

const keywords = new Map<string, Keyword>([
  ...Object.entries(kindWords).flatMap(([kind, words]) => words.map((word): [string, Keyword] => [normalizeWord(word), { kind: kind as ContactKind }])),
  ...Object.entries(areaWords).flatMap(([area, words]) => words.map((word): [string, Keyword] => [normalizeWord(word), { area: area as PlanArea }])),
]);

const joinWords = new Set(["und", "and", "&", "+"]);

const hourUnits = new Set(["h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden"]);

interface DurationToken {
  type: "duration";
  amount: number;
  unit: "hours" | "minutes" | null;
}

interface WordToken {
  type: "word";
  /** As typed. */
  raw: string;
  /** Normalised for matching keywords. */
  text: string;
}

type Token = DurationToken | WordToken;

export function parseQuickLog(text: string, readDay: ReadDay = () => ({ ok: false, reason: "not_understood" })): QuickLog {
  if (text.length > maxTextLength) {
    throw invalid([{ path: "text", message: `must be at most ${maxTextLength} characters` }]);
  }
  const colon = text.indexOf(":");
  const head = colon === -1 ? text : text.slice(0, colon);
  const note = colon === -1 ? null : text.slice(colon + 1).trim() || null;

  const tokens = tokenize(head);
  const firstKnown = tokens.findIndex((token, index) => token.type === "duration" || namesADay(token) || matchPhrase(token, tokens[index + 1]) !== null);
  const clientTokens = firstKnown === -1 ? tokens : tokens.slice(0, firstKnown);
  const clientQuery = clientTokens
    .map((token) => (token.type === "word" ? token.raw : ""))
    .join(" ")
    .trim();
  const rest = firstKnown === -1 ? [] : tokens.slice(firstKnown);

  const issues: ErrorIssue[] = [];
  if (clientQuery === "") issues.push({ path: "client", message: "name the client first" });
  if (clientQuery.length > maxClientQueryLength) {
    issues.push({ path: "client", message: `must be at most ${maxClientQueryLength} characters` });
  }

  const read = readDetails(rest, readDay);
  issues.push(...read.issues);
  if (read.durationMin === null && !read.issues.some((issue) => issue.path === "duration")) {
    issues.push({ path: "duration", message: "add the duration, e.g. 30 or 1,5h" });
  }
  if (read.kinds.length === 0) {
    issues.push({ path: "kind", message: "add the kind of contact, e.g. Hausbesuch, Büro, Telefon" });
  }
  if (read.kinds.length > 1) {
    issues.push({ path: "kind", message: `name one kind of contact, not ${read.kinds.join(" and ")}` });
  }

  const [kind] = read.kinds;
  if (issues.length > 0 || read.durationMin === null || kind === undefined) throw invalid(issues);
  return { clientQuery, durationMin: read.durationMin, kind, areas: read.areas, day: read.day, note };
}

function invalid(issues: ErrorIssue[]): DomainError {
  return new DomainError("invalid_input", issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "), issues);
}

interface Details {
  durationMin: number | null;
  day: PhraseDay | null;
  kinds: ContactKind[];
  areas: PlanArea[];
  issues: ErrorIssue[];
}

const dayRefusals: Record<Exclude<ContactDayReading, { ok: true }>["reason"], string> = {
  no_such_date: "no such date; check day and month",
  future: "lies ahead; a contact is logged on the day it took place (today or earlier)",
  not_understood: "is not a date; write it like 3.12. or gestern",
};

function readDay(details: Details, token: WordToken, readDay: ReadDay): void {
  const reading = readDay(token.raw);
  if (!reading.ok) details.issues.push({ path: "date", message: `"${token.raw}" ${dayRefusals[reading.reason]}` });
  else if (details.day) details.issues.push({ path: "date", message: `"${token.raw}": give one day only` });
  else details.day = reading.day;
}

function readDetails(tokens: Token[], dayReader: ReadDay): Details {
  const details: Details = { durationMin: null, day: null, kinds: [], areas: [], issues: [] };
  let durations = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === undefined) continue;
    if (token.type === "duration") {
      const following = tokens[index + 1];
      const minutesToAdd = token.unit === "hours" && following?.type === "duration" && following.unit !== "hours";
      const extra = minutesToAdd ? following : null;
      if (extra) index += 1;
      durations += 1;
      const minutes = durationInMinutes(token, extra, details.issues);
      if (minutes !== null) details.durationMin = minutes;
      continue;
    }
    if (token.type === "word" && namesADay(token)) {
      readDay(details, token, dayReader);
      continue;
    }
    const phrase = matchPhrase(token, tokens[index + 1]);
    if (phrase) {
      if (phrase.length === 2) index += 1;
      addKeyword(details, phrase.keyword);
      continue;
    }
    if (joinWords.has(token.text)) continue;
    details.issues.push({ path: "words", message: `unknown word "${token.raw}" (write notes after a colon)` });
  }
  if (durations > 1) {
    details.durationMin = null;
    details.issues.push({ path: "duration", message: "give one duration only" });
  }
  return details;
}

function addKeyword(details: Details, keyword: Keyword): void {
  if ("kind" in keyword) {
    if (!details.kinds.includes(keyword.kind)) details.kinds.push(keyword.kind);
  } else if (!details.areas.includes(keyword.area)) {
    details.areas.push(keyword.area);
  }
}

function durationInMinutes(token: DurationToken, extra: DurationToken | null, issues: ErrorIssue[]): number | null {
  if (token.unit === null && !Number.isInteger(token.amount)) {
    issues.push({ path: "duration", message: "add a unit to a decimal duration, e.g. 1,5h" });
    return null;
  }
  const minutes = Math.round(token.amount * (token.unit === "hours" ? 60 : 1) + (extra ? extra.amount : 0));
  if (minutes < minDurationMin || minutes > maxDurationMin) {
    issues.push({ path: "duration", message: `must be between ${minDurationMin} and ${maxDurationMin} minutes` });
    return null;
  }
  return minutes;
}

function matchPhrase(token: Token, next: Token | undefined): { keyword: Keyword; length: 1 | 2 } | null {
  if (token.type !== "word") return null;
  if (next?.type === "word") {
    const pair = keywords.get(`${token.text} ${next.text}`);
    if (pair) return { keyword: pair, length: 2 };
  }
  const single = keywords.get(token.text);
  return single ? { keyword: single, length: 1 } : null;
}

const tokenPattern =
  /(?<amount>\d+(?:[.,]\d+)?)\s*(?<unit>stunden|stunde|std\.?|hours|hour|hrs|hr|h|minuten|minutes|minute|mins|min\.?|m)?(?=$|[\s,;/+&])|[^\s,;/]+/giu;

function tokenize(head: string): Token[] {
  const tokens: Token[] = [];
  for (const match of head.matchAll(tokenPattern)) {
    const amount = match.groups?.amount;
    if (amount !== undefined) {
      tokens.push({ type: "duration", amount: Number(amount.replace(",", ".")), unit: unitOf(match.groups?.unit) });
    } else {
      tokens.push({ type: "word", raw: match[0], text: normalizeWord(match[0]) });
    }
  }
  return tokens;
}

function unitOf(unit: string | undefined): DurationToken["unit"] {
  if (unit === undefined) return null;
  return hourUnits.has(unit.toLowerCase().replace(/\.$/, "")) ? "hours" : "minutes";
}

/** Lower case, umlauts folded (Büro = Buero), trailing dots dropped (Tel. = Tel). */
function normalizeWord(word: string): string {
  return word.normalize("NFC").toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss").replace(/\.+$/, "");
}
