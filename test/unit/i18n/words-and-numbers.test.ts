import { describe, expect, it } from "vitest";
import type { MessageParam, MessageParams } from "../../../src/core/dialog/messages.ts";
import { listedOutboxMessageKeys, outboxParamKindsOf, type OutboxParamKind, type OutboxParamValue } from "../../../src/core/outbox/message-kinds.ts";
import { placeholdersOf, pluralParts } from "../../../src/i18n/keys.ts";
import { localesDir } from "../../../src/i18n/locales-dir.ts";
import { messageParamsFromOutbox } from "../../../src/i18n/outbox-params.ts";
import { loadLocales, translatorFromResources, type MissingKeyEvent } from "../../../src/i18n/translator.ts";

/**
 * Every text in every language, rendered through the real translator with counts 0, 1, 2, 5 and 11 and with dates in
 * this year and the next (so that the year is shown): no "1 clients", no "Termin(e)", no "2027 р..", no "2.027", no
 * "{{" and no missing value. The params each text gets are what the code gives it: the declared kinds of outbox
 * messages (src/core/outbox/message-kinds.ts), and for the others the kinds below, by placeholder name.
 */

const locales = loadLocales(localesDir);
const missing: MissingKeyEvent[] = [];
const translator = translatorFromResources(locales, (event) => missing.push(event));
const zone = "Europe/Berlin";
const now = new Date("2027-03-01T08:00:00Z");
const counts = [0, 1, 2, 5, 11];

/** `ordinal`: a number that names something ("Schritt 3", "Seite 2 von 5"), not how many. */
type Kind = "number" | "ordinal" | "date" | "instant" | "time" | "text" | "lines" | "list" | "key";

/** What a placeholder holds, by its name, where the message is not an outbox kind (those declare theirs). */
const kinds: Record<string, Kind> = {};
const assign = (kind: Kind, names: string) => names.split(/\s+/).forEach((name) => (kinds[name] = kind));
assign(
  "number",
  "count days appointments goals steps checkIns matches contacts minutes overdue openCases running extended ending_soon closed active " +
    "helped no_contact ended_early other escalations others left number stepsOpen stepsDone goalsOpen goalsDone skipped shared unshared " +
    "handedOver primary none a b c",
);
assign("ordinal", "n index page pages quarter version");
assign("date", "date since lastDay lastDate endDate eraseDate dayDate oldestDate reviewDate started followUp nextReviewAt expiresAt dueAt day askedAt");
assign("instant", "startsAt previousStartsAt at writtenAt");
assign("lines", "commands consents versions list sections lines");
assign("list", "areas names");
assign("key", "purpose area kind status role language phrase recognition stepKey");

/** Sample values: names as people have them, dates and numbers as the code passes them. */
function sample(kind: Kind, name: string, count: number, date: string): MessageParam {
  switch (kind) {
    case "number":
    case "ordinal":
      return count;
    case "date":
      return { t: "date", iso: date, zone };
    case "instant":
      return { t: "datetime", iso: `${date.slice(0, 10)}T09:30:00Z`, zone };
    case "time":
      return { t: "time", iso: `${date.slice(0, 10)}T09:30:00Z`, zone };
    case "lines":
      return { t: "lines", items: ["Amina Haddad", "Omar Said"] };
    case "list":
      return {
        t: "list",
        items: [
          { t: "key", key: "areas.housing" },
          { t: "key", key: "areas.work" },
        ],
      };
    case "key":
      return { t: "key", key: "areas.language" };
    default:
      return name === "year" ? "2027" : "Amina Haddad";
  }
}

/** An outbox row's params as stored, for each declared kind. */
function outboxValue(kind: OutboxParamKind, key: string, count: number, date: string): OutboxParamValue {
  switch (kind) {
    case "number":
    case "minutes":
      return count;
    case "instant":
      return `${date.slice(0, 10)}T09:30:00.000Z`;
    case "date":
    case "until":
      return date.slice(0, 10);
    case "step":
      return { key: "open_bank_account", params: {} };
    case "reason": {
      const reasons = (locales.en?.[key.split(".")[0]!] as { reason?: object } | undefined)?.reason;
      return Object.keys(reasons ?? { other: "" })[0]!;
    }
    case "phrase":
      return "thanks";
    case "language":
      return "ar";
    default:
      return "Amina Haddad";
  }
}

function paramsFor(key: string, names: string[], count: number, date: string): MessageParams {
  const declared = listedOutboxMessageKeys.includes(key as never) ? outboxParamKindsOf(key) : undefined;
  if (declared) {
    const stored = Object.fromEntries(Object.entries(declared).map(([name, kind]) => [name, outboxValue(kind, key, count, date)]));
    return { ...messageParamsFromOutbox(stored, zone, key), ...(names.includes("count") ? { count } : {}) };
  }
  return Object.fromEntries(names.map((name) => [name, sample(kinds[name] ?? "text", name, count, date)]));
}

/** Every text key (plural forms as one) of a language, with its texts and whether it has plural forms. */
function textsByKey(language: string): Map<string, { texts: string[]; plural: boolean }> {
  const byKey = new Map<string, { texts: string[]; plural: boolean }>();
  const walk = (node: unknown, path: string) => {
    if (typeof node === "string") {
      const { base, category } = pluralParts(path);
      const entry = byKey.get(base) ?? { texts: [], plural: false };
      byKey.set(base, { texts: [...entry.texts, node], plural: entry.plural || category !== null });
      return;
    }
    for (const [name, child] of Object.entries((node ?? {}) as Record<string, unknown>)) walk(child, path ? `${path}.${name}` : name);
  };
  for (const [namespace, content] of Object.entries(locales[language] ?? {})) walk(content, namespace);
  return byKey;
}

/** Words after a number that do not change with it ("Und 3 weitere.", "45 Min."). */
const invariantAfterNumber = new Set(["min", "Min", "weitere", "more", "mit", "with", "ohne", "without", "aus", "for", "of", "von", "vom", "h"]);

const languages = Object.keys(locales);
const rendered: { language: string; key: string; text: string; count: number }[] = [];
const templates: { language: string; key: string; texts: string[]; plural: boolean }[] = [];
for (const language of languages) {
  for (const [key, { texts, plural }] of textsByKey(language)) {
    templates.push({ language, key, texts, plural });
    const names = [...new Set(texts.flatMap(placeholdersOf))];
    for (const count of counts) {
      for (const date of ["2027-06-14", "2028-01-09"]) {
        const text = translator.renderText(key, paramsFor(key, names, count, date), language, { timeZone: zone, now });
        rendered.push({ language, key, text, count });
      }
    }
  }
}

const defects = (check: (entry: (typeof rendered)[number]) => boolean) => [
  ...new Set(rendered.filter(check).map(({ language, key, text }) => `${language} ${key}: ${text.replace(/\s+/g, " ").slice(0, 160)}`)),
];

describe("words and numbers, in every text of every language", () => {
  it("renders every text of every language with counts and dates (a sanity check of the walk)", () => {
    expect(rendered.length).toBeGreaterThan(13 * 300 * counts.length);
  });

  it("every value is filled: no '{{' left, no '…' for a missing value, no missing text", () => {
    expect(defects(({ text }) => text.includes("{{") || text.includes("}}"))).toEqual([]);
    expect([
      ...new Set(missing.filter((event) => event.param !== undefined || event.usedLanguage === null).map((e) => `${e.language} ${e.key} ${e.param ?? ""}`)),
    ]).toEqual([]);
  });

  it("a count is said with i18next plural forms: every text with {{count}} is a plural key", () => {
    const singular = templates.filter(({ texts, plural }) => !plural && texts.some((text) => placeholdersOf(text).includes("count")));
    expect(singular.map(({ language, key }) => `${language} ${key}`)).toEqual([]);
  });

  it("no other number stands before a word that changes with it (German and English: '1 Kontakte', '1 clients', '1 laufen')", () => {
    const numeric = (key: string, name: string) => {
      const declared = listedOutboxMessageKeys.includes(key as never) ? outboxParamKindsOf(key) : undefined;
      return declared ? declared[name] === "number" : kinds[name] === "number" && name !== "count";
    };
    const found = templates
      .filter(({ language }) => language === "de" || language === "en")
      .flatMap(({ language, key, texts }) =>
        texts.flatMap((text) =>
          [...text.matchAll(/\{\{(\w+)\}\}[ \u00a0]+(\p{L}+)/gu)]
            .filter(([, name, word]) => numeric(key, name!) && !invariantAfterNumber.has(word!))
            .map(([match]) => `${language} ${key}: ${match}`),
        ),
      );
    expect(found).toEqual([]);
  });

  it("no '(e)', '(s)', '(en)' in place of a plural", () => {
    expect(defects(({ text }) => /\p{L}\((e|s|n|en|er|r|in|innen)\)/u.test(text))).toEqual([]);
  });

  it("no doubled punctuation (a date that ends with its own dot before the sentence's: '2028 р..')", () => {
    expect(defects(({ text }) => /(?<!\.)\.\.(?!\.)|,,|،،|,\.|\.\s+\./.test(text))).toEqual([]);
  });

  it("a year never has a thousands separator ('2.027', '2,027', '2 027')", () => {
    // The grouped years of each language, formatted once per language (not once per text: thousands of texts).
    const groupedByLanguage = new Map<string, string[]>();
    const grouped = (language: string): string[] => {
      const known = groupedByLanguage.get(language);
      if (known) return known;
      const years = [2027, 2028].map((year) => new Intl.NumberFormat(language).format(year)).filter((text) => /\D/.test(text));
      groupedByLanguage.set(language, years);
      return years;
    };
    expect(defects(({ language, text }) => grouped(language).some((year) => text.includes(year)))).toEqual([]);
  });
});
