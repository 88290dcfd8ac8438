/**
 * How a message key maps to a locale file.
 *
 * The core writes keys like `client.appointment.created`, `manager.escalation.need_help`, `errors.forbidden`,
 * `dialog.stale`, `catalogue.<stepKey>.title` or `areas.<area>`. The rule is:
 *
 *   the first segment is the namespace = the file name `locales/<language>/<namespace>.json`;
 *   the rest is the path inside that file, one JSON object level per segment.
 *
 * So `client.appointment.created` is `{"appointment": {"created": "…"}}` in `locales/en/client.json`, and
 * `catalogue.write_cv.title` is `{"write_cv": {"title": "…"}}` in `locales/en/catalogue.json`.
 *
 * Plurals: a key read with a numeric `count` param resolves to `<path>_<category>` with the category of
 * `Intl.PluralRules` for the language (`_zero`, `_one`, `_two`, `_few`, `_many`, `_other`), i18next's suffixes.
 *
 * Audience: namespaces whose name starts with `manager` or `admin` are staff-facing and exist in German and
 * English only; every other namespace is client-facing and must exist in all 13 client languages.
 */

export interface SplitKey {
  namespace: string;
  /** The path inside the namespace file; empty when the key has no dot. */
  path: string;
}

export function splitKey(key: string): SplitKey {
  const dot = key.indexOf(".");
  if (dot < 0) return { namespace: key, path: "" };
  return { namespace: key.slice(0, dot), path: key.slice(dot + 1) };
}

/** Staff-facing namespaces (German and English only). */
export function isStaffNamespace(namespace: string): boolean {
  return namespace.startsWith("manager") || namespace.startsWith("admin");
}

export const pluralSuffixes = ["zero", "one", "two", "few", "many", "other"] as const;
export type PluralCategory = (typeof pluralSuffixes)[number];

const pluralSuffixPattern = new RegExp(`_(${pluralSuffixes.join("|")})$`);

/** "minutes_one" → { base: "minutes", category: "one" }; "title" → { base: "title", category: null }. */
export function pluralParts(path: string): { base: string; category: PluralCategory | null } {
  const match = pluralSuffixPattern.exec(path);
  if (!match?.[1]) return { base: path, category: null };
  return { base: path.slice(0, match.index), category: match[1] as PluralCategory };
}

/** The `{{name}}` placeholders of a text (i18next's interpolation syntax; a format after a comma is ignored). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((match) => match[1] ?? "");
}

/** A text that contains a message key shape: what must never reach a person. */
export const rawKeyPattern = /\b(?:client|manager|admin|errors|dialog|consent|actions|catalogue|areas)\.[a-z_]/;
