import { z } from "zod";

/** Languages a client can choose. */
export const clientLanguages = ["de", "en", "ar", "fa", "ps", "ku", "ckb", "ti", "so", "tr", "uk", "ru", "fr"] as const;
export type ClientLanguage = (typeof clientLanguages)[number];
export const clientLanguageSchema = z.enum(clientLanguages);

/** Each client language's own name in its own script: the same for every reader, so not a translation. */
export const languageOwnNames: Readonly<Record<ClientLanguage, string>> = {
  de: "Deutsch",
  en: "English",
  ar: "العربية",
  fa: "فارسی",
  ps: "پښتو",
  ku: "Kurmancî",
  ckb: "کوردی",
  ti: "ትግርኛ",
  so: "Soomaali",
  tr: "Türkçe",
  uk: "Українська",
  ru: "Русский",
  fr: "Français",
};

/** Maps a chat app's locale ("ar-SY", "uk", "pt-BR") to a client language Lotse ships, if any. */
export function clientLanguageFromLocale(locale: string | null | undefined): ClientLanguage | null {
  if (!locale) return null;
  const lower = locale.toLowerCase();
  const exact = clientLanguages.find((l) => l === lower);
  if (exact) return exact;
  const base = lower.split(/[-_]/)[0];
  if (base === "kmr") return "ku";
  return clientLanguages.find((l) => l === base) ?? null;
}
