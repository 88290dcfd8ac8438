import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Outbound } from "../../../src/core/dialog/messages.ts";
import { clientLanguages } from "../../../src/core/shared/languages.ts";
import { outboxParamKindsOf, type OutboxParamKind } from "../../../src/core/outbox/message-kinds.ts";
import {
  createTranslator,
  escapeHtml,
  isRtl,
  languageNames,
  loadLocales,
  messageParamsFromOutbox,
  renderOutboxMessage,
  translatorFromResources,
  type MissingKeyEvent,
} from "../../../src/i18n/index.ts";
import { isStaffNamespace, placeholdersOf, pluralParts, rawKeyPattern } from "../../../src/i18n/keys.ts";

const localesDir = fileURLToPath(new URL("../../../locales", import.meta.url));
const FSI = "\u2068";
const PDI = "\u2069";
const berlin = "Europe/Berlin";

function recordingTranslator() {
  const missing: MissingKeyEvent[] = [];
  const translator = createTranslator({ localesDir, onMissingKey: (event) => missing.push(event) });
  return { translator, missing };
}

const small = {
  en: {
    client: { hello: "Hello {{name}}!", only_en: "Only in English", apples_one: "{{count}} apple", apples_other: "{{count}} apples" },
    errors: { generic: "Something went wrong." },
    dialog: { button: { yes: "Yes" } },
  },
  de: {
    client: { hello: "Hallo {{name}}!", only_en: "", only_de: "Nur auf Deutsch" },
    errors: { generic: "Etwas ist schiefgelaufen." },
  },
  ar: {
    client: { hello: "مرحبًا {{name}}!" },
    errors: { generic: "حدث خطأ." },
  },
};

describe("fallback", () => {
  it("joins a list as the language writes one: 'Wohnen und Arbeit', 'housing, work, and language'", () => {
    const translator = createTranslator({ localesDir });
    const areas = (...keys: string[]) => ({ t: "list" as const, items: keys.map((key) => ({ t: "key" as const, key: `areas.${key}` })) });
    expect(translator.renderText("manager.contact.logged_areas", { areas: areas("housing", "work") }, "de")).toBe("Handlungsfelder: Wohnen und Arbeit.");
    expect(translator.renderText("manager.contact.logged_areas", { areas: areas("housing", "work", "language") }, "en")).toMatch(/^Areas: .+, .+, and .+\.$/);
  });

  it("uses English when the client's language lacks a key, and reports it", () => {
    const missing: MissingKeyEvent[] = [];
    const translator = translatorFromResources(small, (event) => missing.push(event));
    expect(translator.renderText("client.only_en", undefined, "ar")).toBe("Only in English");
    expect(missing).toEqual([{ key: "client.only_en", language: "ar", usedLanguage: "en" }]);
  });

  it("falls back from English to German, and treats an empty text as missing", () => {
    const translator = translatorFromResources(small);
    expect(translator.renderText("client.only_de", undefined, "ar")).toBe("Nur auf Deutsch");
    expect(translator.renderText("client.only_en", undefined, "de")).toBe("Only in English");
  });

  it("falls back from a regional tag to the language", () => {
    const translator = translatorFromResources(small);
    expect(translator.renderText("client.hello", { name: "Samir" }, "ar-SY")).toBe(`مرحبًا ${FSI}Samir${PDI}!`);
  });

  it("says 'something went wrong' in the recipient's language instead of a key missing everywhere", () => {
    const missing: MissingKeyEvent[] = [];
    const translator = translatorFromResources(small, (event) => missing.push(event));
    expect(translator.renderText("client.no_such_text", undefined, "ar")).toBe("حدث خطأ.");
    expect(translator.renderText("client.no_such_text", undefined, "fr")).toBe("Something went wrong.");
    expect(translator.renderText("nonsense", undefined, "de")).toBe("Etwas ist schiefgelaufen.");
    expect(missing.filter((event) => event.usedLanguage === null).map((event) => event.key)).toEqual([
      "client.no_such_text",
      "client.no_such_text",
      "nonsense",
    ]);
  });

  it("never shows a key even without any translations at all", () => {
    const translator = translatorFromResources({});
    expect(translator.renderText("client.appointment.created", {}, "de")).toBe("Something went wrong. Please try again later.");
  });

  it("shows … for a missing placeholder value and a missing nested key", () => {
    const missing: MissingKeyEvent[] = [];
    const translator = translatorFromResources(small, (event) => missing.push(event));
    expect(translator.renderText("client.hello", {}, "en")).toBe("Hello …!");
    expect(translator.renderText("client.hello", { name: { t: "key", key: "areas.nowhere" } }, "en")).toBe("Hello …!");
    expect(missing[0]).toEqual({ key: "client.hello", language: "en", usedLanguage: "en", param: "name" });
  });

  it("treats an object of texts as no text", () => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("catalogue.write_cv", undefined, "en")).toBe("Sorry, something went wrong. Please try again later.");
    expect(translator.hasKey("catalogue.write_cv.title", "ti")).toBe(true);
    expect(translator.hasKey("catalogue.write_cv", "en")).toBe(false);
  });
});

interface SampleKey {
  key: string;
  namespace: string;
  placeholders: string[];
  plural: boolean;
}

/** Every text key of the English source (plural forms collapsed to their base), with its placeholders. */
function englishKeys(): SampleKey[] {
  const english = loadLocales(localesDir).en ?? {};
  const keys = new Map<string, SampleKey>();
  const walk = (namespace: string, value: unknown, path: string[]) => {
    if (typeof value === "string") {
      const { base, category } = pluralParts(path.join("."));
      const key = `${namespace}.${base}`;
      const known = keys.get(key);
      keys.set(key, {
        key,
        namespace,
        placeholders: [...new Set([...(known?.placeholders ?? []), ...placeholdersOf(value)])],
        plural: category !== null,
      });
      return;
    }
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) walk(namespace, child, [...path, name]);
  };
  for (const [namespace, content] of Object.entries(english)) walk(namespace, content, []);
  return [...keys.values()];
}

/** A value for each placeholder: of its declared kind for an outbox message, a name or a count for any other text. */
function sampleParams(placeholders: string[], messageKey: string): Record<string, string | number> {
  const kinds = outboxParamKindsOf(messageKey) ?? {};
  const samples: Record<OutboxParamKind, string | number> = {
    text: "Samir Haddad",
    number: 45,
    instant: "2027-03-30T08:00:00.000Z",
    date: "2027-06-14",
    until: "2027-06-14",
    minutes: 45,
    step: "write_cv",
    reason: "blocked",
    service: "jobcenter",
    phrase: "received",
    marked: "Migrationsberatung der Caritas",
    tally: "2 Anliegen",
    language: "ti",
    file: "",
    appointment: "",
    plan: "",
  };
  const raw: Record<string, string | number> = {};
  for (const name of placeholders) raw[name] = samples[kinds[name] ?? (name === "count" ? "number" : "text")];
  return raw;
}

describe("a raw key never reaches a person", () => {
  const keys = englishKeys();

  it("covers the whole English source", () => {
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.some((entry) => entry.plural)).toBe(true);
  });

  it.each([...clientLanguages])("renders every client text in %s without a key, placeholder or fallback", (language) => {
    const { translator, missing } = recordingTranslator();
    for (const entry of keys.filter((candidate) => !isStaffNamespace(candidate.namespace))) {
      const text = translator.renderText(entry.key, messageParamsFromOutbox(sampleParams(entry.placeholders, entry.key), berlin, entry.key), language);
      expect(text.trim(), entry.key).not.toBe("");
      expect(text, entry.key).not.toMatch(rawKeyPattern);
      expect(text, entry.key).not.toContain("{{");
      expect(text, entry.key).not.toContain("…");
    }
    expect(missing).toEqual([]);
  });

  it.each(["de", "en"])("renders every staff text in %s without a key or fallback", (language) => {
    const { translator, missing } = recordingTranslator();
    for (const entry of keys.filter((candidate) => isStaffNamespace(candidate.namespace))) {
      const text = translator.renderText(entry.key, messageParamsFromOutbox(sampleParams(entry.placeholders, entry.key), berlin, entry.key), language);
      expect(text, entry.key).not.toMatch(rawKeyPattern);
      expect(text, entry.key).not.toContain("{{");
      expect(text, entry.key).not.toContain("…");
    }
    expect(missing).toEqual([]);
  });

  it("renders every button of an outbound in every language", () => {
    const { translator } = recordingTranslator();
    const outbound: Outbound = {
      parts: [{ key: "dialog.stale" }],
      buttons: [
        [{ labelKey: "actions.appointment.confirm" }, { labelKey: "actions.appointment.cannot_come" }],
        [{ labelKey: "actions.checkin.need_help" }, { labelKey: "dialog.button.cancel" }],
      ],
    };
    for (const language of clientLanguages) {
      const rendered = translator.renderOutbound(outbound, { language });
      for (const label of rendered.buttons.flat().map((button) => button.label)) expect(label, language).not.toMatch(rawKeyPattern);
    }
  });
});

describe("plurals", () => {
  it("uses the six Arabic plural forms", () => {
    const { translator } = recordingTranslator();
    const minutes = (count: number) => translator.renderText("client.duration.minutes", { count }, "ar").replace(/[\u2068\u2069]/g, "");
    expect(minutes(0)).toBe("0 دقيقة");
    expect(minutes(1)).toBe("دقيقة واحدة");
    expect(minutes(2)).toBe("دقيقتان");
    expect(minutes(3)).toBe("3 دقائق");
    expect(minutes(11)).toBe("11 دقيقة");
    expect(minutes(100)).toBe("100 دقيقة");
  });

  it("uses the Russian and Ukrainian forms and the German two", () => {
    const { translator } = recordingTranslator();
    expect([1, 3, 5, 21].map((count) => translator.renderText("client.duration.minutes", { count }, "ru"))).toEqual([
      "1 минута",
      "3 минуты",
      "5 минут",
      "21 минута",
    ]);
    expect(translator.renderText("client.duration.minutes", { count: 22 }, "uk")).toBe("22 хвилини");
    expect([1, 30].map((count) => translator.renderText("client.duration.minutes", { count }, "de"))).toEqual(["1 Minute", "30 Minuten"]);
  });

  it("gives each count its own form when the same text is asked for again and again (texts are remembered)", () => {
    const translator = translatorFromResources(small);
    const apples = (count: number) => translator.renderText("client.apples", { count }, "en");
    expect([1, 2, 1, 2, 1].map(apples)).toEqual(["1 apple", "2 apples", "1 apple", "2 apples", "1 apple"]);
    expect([translator.renderText("client.hello", { name: "Samir" }, "de"), translator.renderText("client.hello", { name: "Samir" }, "en")]).toEqual([
      "Hallo Samir!",
      "Hello Samir!",
    ]);
    expect(translator.renderText("client.hello", { name: "Samir" }, "de")).toBe("Hallo Samir!");
  });

  it("counts through a nested key param, as appointment durations do", () => {
    const { translator } = recordingTranslator();
    const text = translator.renderText(
      "client.appointment.reminder",
      messageParamsFromOutbox(
        {
          startsAt: "2027-03-30T08:00:00.000Z",
          durationMin: 1,
          place: "Rathaus",
          managerName: "Anna Weber",
        },
        berlin,
        "client.appointment.reminder",
      ),
      "en",
    );
    expect(text).toBe("Reminder: appointment with Anna Weber.\nWhen: Tue, March 30, 10:00 (1 minute)\nWhere: Rathaus");
  });
});

describe("dates and times", () => {
  // Daylight saving time starts in Germany on Sunday 28 March 2027: 10:00 is 09:00 UTC before and 08:00 UTC after.
  const beforeDst = "2027-03-27T09:00:00.000Z";
  const afterDst = "2027-03-29T08:00:00.000Z";

  it("formats German dates in Europe/Berlin across the change to summer time", () => {
    const { translator } = recordingTranslator();
    const at = (iso: string, t: "datetime" | "date" | "time") => translator.renderText("client.step.checkin", { stepKey: { t, iso, zone: berlin } }, "de");
    expect(at(beforeDst, "datetime")).toContain("Sa., 27. März, 10:00");
    expect(at(afterDst, "datetime")).toContain("Mo., 29. März, 10:00");
    expect(at(afterDst, "date")).toContain("Mo., 29. März\n");
    expect(at(afterDst, "time")).toContain("\n10:00\n");
  });

  it("formats the same instants in Arabic, Gregorian calendar and 24-hour clock", () => {
    const { translator } = recordingTranslator();
    const at = (iso: string) => translator.renderText("client.step.checkin", { stepKey: { t: "datetime", iso, zone: berlin } }, "ar");
    expect(at(beforeDst)).toContain(`${FSI}السبت، 27 مارس، 10:00${PDI}`);
    expect(at(afterDst)).toContain(`${FSI}الاثنين، 29 مارس، 10:00${PDI}`);
  });

  it("uses the Gregorian calendar in Persian too", () => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("client.step.checkin", { stepKey: { t: "date", iso: afterDst, zone: berlin } }, "fa")).toContain("مارس");
  });

  it("shows a plain calendar date as that day in any zone, and the year only when it differs", () => {
    const { translator } = recordingTranslator();
    const render = (zone: string, now?: Date) =>
      translator.renderText("catalogue.take_dtz_exam.title", { examDate: { t: "date", iso: "2027-06-14", zone } }, "de", now ? { now } : {});
    expect(render("America/Los_Angeles")).toBe("Deutsch-Test für Zuwanderer (DTZ) am Mo., 14. Juni machen");
    expect(render(berlin, new Date("2026-12-01T00:00:00Z"))).toBe("Deutsch-Test für Zuwanderer (DTZ) am Mo., 14. Juni 2027 machen");
  });

  it("formats an instant asked for again (remembered) in each zone, language and year of its own", () => {
    const { translator } = recordingTranslator();
    const at = (zone: string, language: string, now?: Date) =>
      translator.renderText("client.step.checkin", { stepKey: { t: "datetime", iso: "2027-03-27T23:30:00.000Z", zone } }, language, now ? { now } : {});
    for (let round = 0; round < 2; round += 1) {
      expect(at(berlin, "de")).toContain("So., 28. März, 00:30");
      expect(at("Europe/London", "de")).toContain("Sa., 27. März, 23:30");
      expect(at(berlin, "en")).toContain("Sun, March 28, 00:30");
      expect(at(berlin, "de", new Date("2027-01-01T12:00:00Z"))).toContain("So., 28. März, 00:30");
      expect(at(berlin, "de", new Date("2026-12-01T12:00:00Z"))).toContain("So., 28. März 2027, 00:30");
    }
  });

  it("shows the year of a date by the zone's own new year", () => {
    const { translator } = recordingTranslator();
    const at = (zone: string) =>
      translator.renderText("client.step.checkin", { stepKey: { t: "date", iso: "2026-12-31T23:30:00.000Z", zone } }, "de", {
        now: new Date("2027-01-01T12:00:00Z"),
      });
    for (let round = 0; round < 2; round += 1) {
      expect(at(berlin)).toContain("Fr., 1. Januar\n");
      expect(at("Europe/London")).toContain("Do., 31. Dezember 2026\n");
      expect(at("America/New_York")).toContain("Do., 31. Dezember 2026\n");
    }
  });

  it("shows … rather than Invalid Date", () => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("client.step.checkin", { stepKey: { t: "datetime", iso: "soon", zone: berlin } }, "en")).toContain("\n…\n");
  });
});

describe("right-to-left", () => {
  const params = messageParamsFromOutbox(
    { startsAt: "2027-03-30T08:00:00.000Z", durationMin: 30, place: "Marktplatz 1, Tübingen", managerName: "Anna Weber" },
    berlin,
    "client.appointment.created",
  );

  it.each(["ar", "fa"])("isolates times, names and places in %s", (language) => {
    const { translator } = recordingTranslator();
    const text = translator.renderText("client.appointment.created", params, language);
    expect(text).toContain(`${FSI}Anna Weber${PDI}`);
    expect(text).toContain(`${FSI}Marktplatz 1, Tübingen${PDI}`);
    expect(text).toMatch(new RegExp(`${FSI}[^${PDI}]*[1١۱][0٠۰]:[0٠۰][0٠۰]${PDI}`));
    const isolates = [...text].filter((ch) => ch === FSI).length;
    expect(isolates).toBe([...text].filter((ch) => ch === PDI).length);
  });

  it.each(["ar", "fa", "ps", "ckb"])("keeps the slash in front of a command in %s (a left-to-right mark before it), not in German", (language) => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("client.stop.nothing", undefined, language)).toContain("\u200E/start");
    expect(translator.renderText("client.stop.nothing", undefined, "de")).not.toContain("\u200E");
  });

  it("a date that ends with its own dot (Ukrainian, Russian: '2028 р.') before the sentence's full stop gets one dot", () => {
    const { translator } = recordingTranslator();
    const date = { t: "date" as const, iso: "2028-04-09T09:00:00Z", zone: berlin };
    for (const language of ["uk", "ru"]) {
      const text = translator.renderText("client.delete.requested", { date }, language, { now: new Date("2027-03-01T00:00:00Z") });
      expect(text).toMatch(/2028 [рг]\. /);
      expect(text).not.toContain("..");
    }
  });

  it("isolates a name in an Arabic-script name too (it takes its own direction)", () => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("manager.escalation.consent_declined", { clientName: "سمير" }, "de")).not.toContain(FSI);
    expect(translator.renderText("client.handover.introduction", { managerName: "سمير" }, "ps")).toContain(`${FSI}سمير${PDI}`);
  });

  it("adds no isolates in German or other left-to-right languages", () => {
    const { translator } = recordingTranslator();
    for (const language of ["de", "en", "uk", "ti", "tr"]) {
      const text = translator.renderText("client.appointment.created", params, language);
      expect(text, language).not.toContain(FSI);
      expect(text, language).not.toContain(PDI);
    }
    expect(translator.renderText("client.appointment.created", params, "de")).toBe(
      "Neuer Termin mit Anna Weber.\nWann: Di., 30. März, 10:00 (30 Minuten)\nWo: Marktplatz 1, Tübingen\nKönnen Sie kommen?",
    );
  });

  it("knows which languages are right to left", () => {
    expect(["ar", "fa", "ps", "ckb", "ar-SY", "fa_AF"].map(isRtl)).toEqual([true, true, true, true, true, true]);
    expect(["de", "en", "ku", "ti", "so", "tr", "uk", "ru", "fr"].some(isRtl)).toBe(false);
  });
});

describe("outbound", () => {
  it("joins parts with a blank line and renders buttons: a literal label wins, a chosen option is ticked", () => {
    const { translator } = recordingTranslator();
    const outbound: Outbound = {
      parts: [{ key: "dialog.cancelled" }, { key: "errors.forbidden" }],
      buttons: [
        [
          { labelKey: "dialog.button.yes", data: "v1|y" },
          { labelKey: "dialog.button.no", label: "Samir <Haddad>", selected: true, data: "v1|n" },
        ],
        [{ labelKey: "areas.housing", url: "https://example.org/wohnen" }],
      ],
    };
    expect(translator.renderOutbound(outbound, { language: "de" })).toEqual({
      text: "Abgebrochen. Es wurde nichts gespeichert.\n\nDas dürfen Sie leider nicht.",
      buttons: [
        [
          { label: "Ja", data: "v1|y" },
          { label: "✓ Samir <Haddad>", data: "v1|n" },
        ],
        [{ label: "Wohnen", url: "https://example.org/wohnen" }],
      ],
    });
  });

  it("renders an area and a catalogue title as key params", () => {
    const { translator } = recordingTranslator();
    const text = translator.renderText(
      "manager.escalation.need_help",
      {
        clientName: "Samir",
        stepKey: { t: "key", key: "catalogue.apply_recognition.title", params: { profession: "Pflegefachkraft" } },
        askedAt: { t: "datetime", iso: "2027-03-01T22:10:00.000Z", zone: berlin },
      },
      "de",
      { now: new Date("2027-03-02T07:00:00Z") },
    );
    // When the client asked: the message may have waited out the manager's quiet hours.
    expect(text).toMatch(
      /^Samir braucht Unterstützung bei einem Schritt im Integrationsplan: Anerkennung als Pflegefachkraft beantragen\. Gemeldet: .*23:10\.$/,
    );
    expect(translator.renderText("client.step.checkin", messageParamsFromOutbox({ stepKey: "custom" }, berlin, "client.step.checkin"), "en")).toContain(
      "A step you agreed on with your integration manager",
    );
  });

  it("renders an outbox row for its recipient with the row's buttons", () => {
    const { translator } = recordingTranslator();
    const rendered = renderOutboxMessage(
      translator,
      {
        messageKey: "client.step.checkin",
        params: { stepKey: "open_bank_account" },
        actions: [
          { labelKey: "actions.checkin.done", data: "v1|pci|a|d" },
          { labelKey: "actions.checkin.need_help", data: "v1|pci|a|h" },
        ],
      },
      { language: "uk", timezone: berlin },
    );
    // "Мені потрібна допомога" is too long to share a row on a phone: the row is split.
    expect(rendered).toEqual({
      text: "Питання про Ваш план:\nВідкрийте банківський рахунок\nЯк справи?",
      buttons: [[{ label: "Виконано", data: "v1|pci|a|d" }], [{ label: "Мені потрібна допомога", data: "v1|pci|a|h" }]],
    });
  });

  it("translates a reason code in a staff message", () => {
    const { translator } = recordingTranslator();
    const rendered = renderOutboxMessage(
      translator,
      { messageKey: "manager.escalation.unreachable", params: { clientName: "Samir", reason: "no_account" }, actions: [] },
      { language: "en", timezone: berlin },
    );
    expect(rendered.text).toBe("Messages from Lotse do not reach Samir: no chat account is connected. Please contact them another way.");
  });

  it("escapes nothing itself, and offers escapeHtml for adapters", () => {
    const { translator } = recordingTranslator();
    expect(translator.renderText("client.handover.introduction", { managerName: "<b>&" }, "en")).toContain("<b>&");
    expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
  });
});

describe("language names", () => {
  it("names each client language in its own script", () => {
    expect(Object.keys(languageNames).sort()).toEqual([...clientLanguages].sort());
    expect(languageNames).toMatchObject({
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
    });
  });
});
