import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { consentPurposes, currentConsentVersions } from "../core/consent/model.ts";
import { errorCodes } from "../core/errors.ts";
import { planAreas } from "../core/plans/areas.ts";
import { checkInAnswers } from "../core/plans/model.ts";
import { goalCatalogue, goalTitleKey } from "../core/plans/goal-catalogue.ts";
import { stepCatalogue } from "../core/plans/step-catalogue.ts";
import { isStaffNamespace, placeholdersOf, pluralParts, splitKey } from "./keys.ts";
import { clientLanguages, languageScripts, type ClientLanguage, type Script } from "./languages.ts";
import { genericErrorKey, loadLocales, type LoadedLocales } from "./translator.ts";
import { morningWorkNames, morningWorkTallyKey } from "../core/reminders/plan-morning-agendas.ts";

/**
 * The rules behind `npm run i18n:check` (scripts/i18n-check.ts):
 * - English is the source. Every key of a client-facing namespace exists, as a non-empty text, in all 13 client
 *   languages, with every plural form the language needs (`Intl.PluralRules`); no language has keys English lacks.
 * - Staff namespaces (`manager*`, `admin*`) exist in German and English with the same keys.
 * - Placeholders match the English source (a plural form may leave out `{{count}}`, e.g. Arabic "one minute").
 * - Texts are in the language's script (Arabic for ar/fa/ps/ckb, Cyrillic for uk/ru, Ge'ez for ti, Latin else):
 *   at least half of the letters, placeholders and a few names (BAMF, Jobcenter, …) left aside.
 * - No text of another language is a copy of the English (or German) one, short tokens and names excepted.
 * - Every key the code uses exists: keys derived from core constants (error codes, consent versions, catalogue
 *   steps and goals, plan areas, check-in answers, appointment notices) and key-shaped string literals in `src/`.
 */

export interface CheckResult {
  problems: string[];
  /** Per language: how many texts (leaf strings) it has in client-facing and staff namespaces. */
  counts: Record<string, { client: number; staff: number }>;
  /** Keys the code uses (derived and found in src/). */
  usedKeys: string[];
}

type Flat = Map<string, string>;

/**
 * Texts (lower case, placeholders removed) that may be the same as the English or German one: names, and words that
 * happen to be spelt alike (French "minute(s)").
 */
export const untranslatedAllowList = new Set([
  "ok",
  "lotse",
  "bamf",
  "jobcenter",
  "dtz",
  "kita",
  "iq netzwerk",
  "bürgergeld",
  "minute",
  "minutes",
  "tigrinya",
  "somali",
]);

/** Words in Latin letters that may appear inside texts of other scripts (names of offices, tests, brands). */
const foreignTokens =
  /(?<!\p{Script=Latin})(?:Lotse|BAMF|Jobcenter|DTZ|IQ|Netzwerk|Bürgergeld|Kita|VKL|IHK|WBS|Deutschlandticket|Telegram|Wohnberechtigungsschein|Kindergeld|Kinderzuschlag|Wohngeld|Ausbildung|Regierungspräsidium|Stuttgart|Bildung und Teilhabe|U-Untersuchung|min|h)(?!\p{Script=Latin})/gu;

const scriptPatterns: Record<Script, RegExp> = {
  Latin: /\p{Script=Latin}/u,
  Arabic: /\p{Script=Arabic}/u,
  Cyrillic: /\p{Script=Cyrillic}/u,
  Ethiopic: /\p{Script=Ethiopic}/u,
};

function flatten(value: unknown, prefix: string, into: Flat, problems: string[], where: string): void {
  if (typeof value === "string") {
    into.set(prefix, value);
    return;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into, problems, where);
    return;
  }
  problems.push(`${where}: ${prefix} is not a text`);
}

function withoutPlaceholders(text: string): string {
  return text.replace(/\{\{[^}]*\}\}/g, " ");
}

/** Placeholders and spacing aside; case counts ("Minute" in German is no copy of "minute"). */
function normalized(text: string): string {
  return withoutPlaceholders(text).replace(/\s+/g, " ").trim();
}

function scriptShare(text: string, script: Script): { letters: number; share: number } {
  const letters = [...withoutPlaceholders(text).replace(foreignTokens, " ")].filter((ch) => /\p{L}/u.test(ch));
  if (letters.length === 0) return { letters: 0, share: 1 };
  const matching = letters.filter((ch) => scriptPatterns[script].test(ch)).length;
  return { letters: letters.length, share: matching / letters.length };
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function describe(names: string[]): string {
  return names.length === 0
    ? "none"
    : [...new Set(names)]
        .sort()
        .map((n) => `{{${n}}}`)
        .join(", ");
}

function pluralCategories(language: string): string[] {
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories;
}

/** The English source grouped into texts: plain keys, and plural bases with their English forms. */
interface SourceEntry {
  path: string;
  plural: boolean;
  /** Placeholders every form must have (`count` aside for plural forms). */
  placeholders: string[];
  /** Whether the `_other` form of the source uses `{{count}}`. */
  countInOther: boolean;
  english: string;
}

function sourceEntries(flat: Flat): SourceEntry[] {
  const entries = new Map<string, SourceEntry>();
  for (const [path, text] of flat) {
    const { base, category } = pluralParts(path);
    if (category === null) {
      entries.set(path, { path, plural: false, placeholders: placeholdersOf(text), countInOther: false, english: text });
      continue;
    }
    const existing = entries.get(base);
    const names = placeholdersOf(text).filter((name) => name !== "count");
    const entry: SourceEntry = existing ?? { path: base, plural: true, placeholders: names, countInOther: false, english: text };
    if (category === "other") {
      entry.countInOther = placeholdersOf(text).includes("count");
      entry.english = text;
    }
    entries.set(base, entry);
  }
  return [...entries.values()];
}

function checkText(
  problems: string[],
  where: string,
  language: string,
  text: string | undefined,
  expected: string[],
  countRule: "none" | "optional" | "required",
  references: { english: string; german: string | undefined },
): void {
  if (text === undefined) {
    problems.push(`${where}: missing`);
    return;
  }
  if (text.trim() === "") {
    problems.push(`${where}: empty`);
    return;
  }
  const found = placeholdersOf(text);
  const comparable = countRule === "none" ? found : found.filter((name) => name !== "count");
  if (!sameSet(comparable, expected)) problems.push(`${where}: placeholders ${describe(found)}, English has ${describe(expected)}`);
  if (countRule === "required" && !found.includes("count")) problems.push(`${where}: {{count}} missing`);
  if (text.includes("$t(")) problems.push(`${where}: nesting with $t( is not supported; use a {t:"key"} param`);
  const script = languageScripts[language as ClientLanguage];
  if (script) {
    const { letters, share } = scriptShare(text, script);
    if (letters > 0 && share < 0.5) problems.push(`${where}: expected ${script} script, only ${Math.round(share * 100)}% of its letters are`);
  }
  if (language !== "en") {
    const own = normalized(text);
    const copies = [references.english, ...(language !== "de" && references.german !== undefined ? [references.german] : [])];
    const isCopy = copies.some((reference) => normalized(reference) === own);
    const letters = [...own].filter((ch) => /\p{L}/u.test(ch)).length;
    if (isCopy && letters > 2 && !untranslatedAllowList.has(own.toLocaleLowerCase()))
      problems.push(`${where}: untranslated copy of the ${normalized(references.english) === own ? "English" : "German"} text`);
  }
}

function checkNamespace(problems: string[], namespace: string, languages: readonly string[], flats: Map<string, Flat | undefined>): void {
  const english = flats.get("en");
  if (!english) return;
  const german = flats.get("de");
  const entries = sourceEntries(english);
  for (const language of languages) {
    const flat = flats.get(language);
    const file = `locales/${language}/${namespace}.json`;
    if (!flat) {
      problems.push(`${file}: missing file`);
      continue;
    }
    const categories = pluralCategories(language);
    const expectedPaths = new Set<string>();
    for (const entry of entries) {
      if (!entry.plural) {
        expectedPaths.add(entry.path);
        checkText(problems, `${file} ${entry.path}`, language, flat.get(entry.path), entry.placeholders, "none", {
          english: entry.english,
          german: german?.get(entry.path),
        });
        continue;
      }
      for (const category of categories) {
        const path = `${entry.path}_${category}`;
        expectedPaths.add(path);
        checkText(
          problems,
          `${file} ${path}`,
          language,
          flat.get(path),
          entry.placeholders,
          category === "other" && entry.countInOther ? "required" : "optional",
          {
            english: english.get(path) ?? entry.english,
            german: german?.get(path),
          },
        );
      }
    }
    for (const path of flat.keys()) {
      if (expectedPaths.has(path)) continue;
      const { base, category } = pluralParts(path);
      const pluralSource = entries.some((entry) => entry.plural && entry.path === base);
      problems.push(
        pluralSource && category
          ? `${file} ${path}: "${category}" is no plural form of ${language} (it has ${categories.join(", ")})`
          : `${file} ${path}: not in the English source`,
      );
    }
  }
}

const defaultScannedNamespaces = ["client", "manager", "admin", "actions", "consent", "errors", "dialog"];

/** Keys the code uses: derived from core constants plus key-shaped string literals in the source files. */
export function usedKeys(srcDir?: string, namespaces: readonly string[] = defaultScannedNamespaces): string[] {
  const keys = new Set<string>([
    genericErrorKey,
    ...errorCodes.map((code) => `errors.${code}`),
    ...consentPurposes.map((purpose) => `consent.${purpose}.v${currentConsentVersions[purpose]}`),
    ...stepCatalogue.flatMap((step) => [`catalogue.${step.key}.title`, `catalogue.${step.key}.hint`]),
    ...goalCatalogue.map((goal) => goalTitleKey(goal.key)),
    ...planAreas.map((area) => `areas.${area}`),
    ...checkInAnswers.map((answer) => `actions.checkin.${answer}`),
    // src/core/appointments/appointment-notices.ts: `client.appointment.${notice}` for AppointmentNotice.
    ...["created", "moved", "cancelled"].map((notice) => `client.appointment.${notice}`),
    // src/core/reminders/plan-morning-agendas.ts: the morning brief's tally, a text per count and "none".
    ...[...morningWorkNames, "none"].map((name) => `${morningWorkTallyKey}.${name}`),
  ]);
  // errors.x and dialog.x are keys with one segment; elsewhere two segments are required so that file names such as
  // "client.ts" are not taken for keys.
  const literal = /["'`]([a-z][a-z0-9_]*)\.([a-z0-9_]+(?:\.[a-z0-9_]+)*)["'`]/g;
  const oneSegment = new Set(["errors", "dialog"]);
  const scanned = new Set(namespaces);
  for (const file of srcDir ? sourceFiles(srcDir) : []) {
    const code = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    for (const match of code.matchAll(literal)) {
      const [, namespace, path] = match;
      if (!namespace || !path || !scanned.has(namespace)) continue;
      if (!oneSegment.has(namespace) && !path.includes(".")) continue;
      keys.add(`${namespace}.${path}`);
    }
  }
  return [...keys].sort();
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === "generated" || name === "node_modules") continue;
      files.push(...sourceFiles(path));
    } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) {
      files.push(path);
    }
  }
  return files;
}

function hasText(flat: Flat | undefined, path: string): boolean {
  if (!flat) return false;
  if (flat.get(path)?.trim()) return true;
  // A key naming a group of texts (a tally's, whose texts are required one by one above).
  if ([...flat.keys()].some((key) => key.startsWith(`${path}.`))) return true;
  return [...flat.keys()].some((key) => pluralParts(key).base === path && pluralParts(key).category !== null);
}

export interface CheckOptions {
  localesDir: string;
  /** Source folder scanned for keys the code uses; omitted: no scan (derived keys are still required). */
  srcDir?: string;
  /** The client languages to require (default: all 13). */
  languages?: readonly string[];
}

export function checkLocales(options: CheckOptions): CheckResult {
  const problems: string[] = [];
  let resources: LoadedLocales;
  try {
    resources = loadLocales(options.localesDir);
  } catch (error) {
    return { problems: [(error as Error).message], counts: {}, usedKeys: [] };
  }
  const languages = options.languages ?? clientLanguages;
  const flats = new Map<string, Map<string, Flat>>();
  for (const [language, namespaces] of Object.entries(resources)) {
    const byNamespace = new Map<string, Flat>();
    for (const [namespace, content] of Object.entries(namespaces)) {
      const flat: Flat = new Map();
      flatten(content, "", flat, problems, `locales/${language}/${namespace}.json`);
      byNamespace.set(namespace, flat);
    }
    flats.set(language, byNamespace);
  }
  const english = flats.get("en");
  if (!english)
    return {
      problems: [...problems, `${relative(process.cwd(), options.localesDir) || options.localesDir}/en: the English source is missing`],
      counts: {},
      usedKeys: [],
    };

  for (const language of languages) if (!flats.has(language)) problems.push(`locales/${language}: missing language`);
  for (const [language, byNamespace] of flats) {
    for (const namespace of byNamespace.keys()) {
      if (!english.has(namespace)) problems.push(`locales/${language}/${namespace}.json: no such namespace in English`);
      else if (isStaffNamespace(namespace) && language !== "de" && language !== "en")
        problems.push(`locales/${language}/${namespace}.json: staff texts exist in de and en only`);
    }
  }

  for (const namespace of english.keys()) {
    const audience = isStaffNamespace(namespace) ? ["de", "en"] : languages.filter((language) => flats.has(language));
    const perLanguage = new Map<string, Flat | undefined>(audience.map((language) => [language, flats.get(language)?.get(namespace)]));
    perLanguage.set("en", english.get(namespace));
    if (!perLanguage.has("de")) perLanguage.set("de", flats.get("de")?.get(namespace));
    checkNamespace(problems, namespace, audience, perLanguage);
  }

  const used = usedKeys(options.srcDir, [...english.keys()]);
  for (const key of used) {
    const { namespace, path } = splitKey(key);
    for (const language of ["en", "de"]) {
      if (!hasText(flats.get(language)?.get(namespace), path)) problems.push(`${key}: used in the code, missing in locales/${language}/${namespace}.json`);
    }
  }

  const counts: CheckResult["counts"] = {};
  for (const [language, byNamespace] of flats) {
    let client = 0;
    let staff = 0;
    for (const [namespace, flat] of byNamespace) {
      if (isStaffNamespace(namespace)) staff += flat.size;
      else client += flat.size;
    }
    counts[language] = { client, staff };
  }
  return { problems, counts, usedKeys: used };
}
