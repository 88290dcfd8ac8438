import type { AssessmentData } from "../assessment/model.ts";
import { languageLevels } from "../assessment/model.ts";
import type { TextReading } from "../dialog/form.ts";

/**
 * How the assessment form reads the compact lists a manager types in one line ("ar Muttersprache, en B1",
 * "Schneiderei 5, Verkauf 2", "3, 7, 12") and a country ("SY" or "Syrien"). Each reader refuses with a text that
 * names the part it could not read, so the chat asks again and a card names it under its input. "-" alone removes
 * what was recorded.
 */

type Language = NonNullable<AssessmentData["languages"]>[number];
type Level = Language["level"];
type Work = NonNullable<AssessmentData["workExperience"]>[number];

/** Typed alone: remove what is recorded. */
export const removeMark = "-";

/** Language names a manager may type instead of the code (German and English, lower case). */
const languageNames: Record<string, string> = {
  arabisch: "ar",
  arabic: "ar",
  deutsch: "de",
  german: "de",
  englisch: "en",
  english: "en",
  persisch: "fa",
  farsi: "fa",
  persian: "fa",
  dari: "prs",
  paschtu: "ps",
  paschto: "ps",
  pashto: "ps",
  kurdisch: "ku",
  kurdish: "ku",
  kurmandschi: "ku",
  kurmanji: "ku",
  sorani: "ckb",
  tigrinya: "ti",
  tigrinisch: "ti",
  somali: "so",
  somalisch: "so",
  türkisch: "tr",
  turkish: "tr",
  ukrainisch: "uk",
  ukrainian: "uk",
  russisch: "ru",
  russian: "ru",
  französisch: "fr",
  french: "fr",
  spanisch: "es",
  spanish: "es",
  italienisch: "it",
  italian: "it",
  urdu: "ur",
  amharisch: "am",
  amharic: "am",
  albanisch: "sq",
  albanian: "sq",
  serbisch: "sr",
  serbian: "sr",
  polnisch: "pl",
  polish: "pl",
  rumänisch: "ro",
  romanian: "ro",
  georgisch: "ka",
  georgian: "ka",
  hindi: "hi",
  bengalisch: "bn",
  bengali: "bn",
};

const nativeWords = new Set(["muttersprache", "muttersprachlich", "erstsprache", "ms", "native", "mother", "mutter"]);

/** Country names a manager may type instead of the code (German, lower case): the countries most clients come from. */
const countryNames: Record<string, string> = {
  syrien: "SY",
  afghanistan: "AF",
  irak: "IQ",
  iran: "IR",
  eritrea: "ER",
  somalia: "SO",
  türkei: "TR",
  ukraine: "UA",
  russland: "RU",
  nigeria: "NG",
  georgien: "GE",
  gambia: "GM",
  guinea: "GN",
  pakistan: "PK",
  äthiopien: "ET",
  jemen: "YE",
  libanon: "LB",
  sudan: "SD",
  somaliland: "SO",
  marokko: "MA",
  algerien: "DZ",
  tunesien: "TN",
  ägypten: "EG",
  albanien: "AL",
  serbien: "RS",
  kamerun: "CM",
  venezuela: "VE",
  kolumbien: "CO",
  palästina: "PS",
  deutschland: "DE",
};

const items = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

const refuse = (errorKey: string, part: string): TextReading => ({ ok: false, errorKey, errorParams: { part } });

function languageCode(word: string): string | null {
  const lower = word.toLocaleLowerCase("de");
  return languageNames[lower] ?? (/^[a-z]{2,3}$/.test(lower) ? lower : null);
}

function level(word: string): Level | null {
  const lower = word.toLocaleLowerCase("de");
  if (nativeWords.has(lower)) return "native";
  const upper = lower.toUpperCase();
  return (languageLevels as readonly string[]).includes(upper) && upper !== "NATIVE" ? (upper as Level) : null;
}

/** One language with its level: "ar Muttersprache", "en:B1", "Tigrinya C1"; null when it is not one. */
function languageOf(part: string): Language | null {
  const words = part.split(/[\s:=]+/).filter((word) => word.length > 0 && word !== "-");
  const last = words.at(-1);
  if (words.length < 2 || !last) return null;
  const code = languageCode(words.slice(0, -1).join(" "));
  const known = level(last);
  return code && known ? { code, level: known } : null;
}

/** "ar Muttersprache, en B1": each language once (the last one typed counts). */
export function parseLanguages(text: string): Language[] | null {
  const parsed = items(text).map(languageOf);
  if (parsed.length === 0 || parsed.some((language) => language === null)) return null;
  const byCode = new Map<string, Language>();
  for (const language of parsed as Language[]) byCode.set(language.code, language);
  return [...byCode.values()].slice(0, 20);
}

export function readLanguages(text: string): TextReading {
  if (text === removeMark) return { ok: true, value: text };
  const wrong = items(text).find((part) => languageOf(part) === null);
  if (wrong !== undefined || items(text).length === 0) return refuse("manager_card.assessment.error.languages", wrong ?? text);
  return { ok: true, value: text };
}

const workPattern = /^(.+?)[\s:(]+(\d{1,2})\s*(?:jahre?|j\.?|years?|yrs?)?\)?$/i;

function workOf(part: string): Work | null {
  const match = workPattern.exec(part);
  const field = match?.[1]?.trim();
  const years = Number(match?.[2]);
  return field && field.length <= 200 && Number.isInteger(years) && years <= 60 ? { field, years } : null;
}

/** "Schneiderei 5, Verkauf 2 Jahre": each field with its years. */
export function parseWork(text: string): Work[] | null {
  const parsed = items(text).map(workOf);
  return parsed.length === 0 || parsed.some((work) => work === null) ? null : (parsed as Work[]).slice(0, 30);
}

export function readWork(text: string): TextReading {
  if (text === removeMark) return { ok: true, value: text };
  const wrong = items(text).find((part) => workOf(part) === null);
  if (wrong !== undefined || items(text).length === 0) return refuse("manager_card.assessment.error.work", wrong ?? text);
  return { ok: true, value: text };
}

/** "3, 7, 12" or "3 7 12": the children's ages in years. */
export function parseAges(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter((part) => part.length > 0);
  if (parts.length === 0 || parts.length > 20 || parts.some((part) => !/^\d{1,2}$/.test(part) || Number(part) > 30)) return null;
  return parts.map(Number);
}

export function readAges(text: string): TextReading {
  if (text === removeMark) return { ok: true, value: text };
  if (parseAges(text)) return { ok: true, value: text };
  const wrong = text.split(/[,;\s]+/).find((part) => part.length > 0 && (!/^\d{1,2}$/.test(part) || Number(part) > 30));
  return refuse("manager_card.assessment.error.ages", wrong ?? text);
}

/** "SY", "sy" or "Syrien": the country's two-letter code. */
export function parseCountry(text: string): string | null {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  return countryNames[trimmed.toLocaleLowerCase("de")] ?? null;
}

export function readCountry(text: string): TextReading {
  return parseCountry(text) ? { ok: true, value: text } : refuse("manager_card.assessment.error.country", text);
}

/** A list typed with commas ("Fußball, Kochen"): at most 30 items of at most 200 characters. */
export const listItems = (text: string): string[] =>
  items(text)
    .slice(0, 30)
    .map((part) => part.slice(0, 200));
