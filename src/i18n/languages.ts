import { clientLanguages, languageOwnNames, type ClientLanguage } from "../core/shared/languages.ts";

/** Languages written right to left among the client languages. */
export const rtlLanguages = ["ar", "fa", "ps", "ckb"] as const;

const rtl = new Set<string>(rtlLanguages);

/** Whether a language is written right to left ("ar", "fa-AF" and "ckb" are; "de" is not). */
export function isRtl(language: string): boolean {
  return rtl.has(baseLanguage(language));
}

/** "ar-SY" → "ar", "fa_AF" → "fa". */
export function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? language;
}

/** Each client language's own name in its own script, for the language picker (kept in the core). */
export const languageNames = languageOwnNames;

/** The order in which texts are looked up: the recipient's language, then English, then German. */
export function fallbackChain(language: string): string[] {
  return [...new Set([language, "en", "de"])];
}

export { clientLanguages, type ClientLanguage };

/** The script a client language is written in; the i18n check verifies texts against it. */
export type Script = "Latin" | "Arabic" | "Cyrillic" | "Ethiopic";

export const languageScripts: Readonly<Record<ClientLanguage, Script>> = {
  de: "Latin",
  en: "Latin",
  ar: "Arabic",
  fa: "Arabic",
  ps: "Arabic",
  ku: "Latin",
  ckb: "Arabic",
  ti: "Ethiopic",
  so: "Latin",
  tr: "Latin",
  uk: "Cyrillic",
  ru: "Cyrillic",
  fr: "Latin",
};
