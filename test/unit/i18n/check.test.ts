import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkLocales, usedKeys } from "../../../src/i18n/check.ts";

const dirs: string[] = [];

function locales(files: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), "lotse-i18n-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const [language, namespace] = path.split("/");
    mkdirSync(join(dir, language ?? ""), { recursive: true });
    writeFileSync(join(dir, language ?? "", `${namespace}.json`), JSON.stringify(content));
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const languages = ["de", "en", "ar", "uk", "ti"];

/** Problems other than the keys every deployment needs (errors.*, catalogue.*, …), which these fixtures leave out. */
function problems(files: Record<string, Record<string, unknown>>): string[] {
  return checkLocales({ localesDir: locales(files), languages }).problems.filter((problem) => !problem.includes("used in the code"));
}

const good = {
  "en/client": { hi: "Hello {{name}}", minutes_one: "{{count}} minute", minutes_other: "{{count}} minutes" },
  "de/client": { hi: "Hallo {{name}}", minutes_one: "{{count}} Minute", minutes_other: "{{count}} Minuten" },
  "ar/client": {
    hi: "مرحبا {{name}}",
    minutes_zero: "{{count}} دقيقة",
    minutes_one: "دقيقة واحدة",
    minutes_two: "دقيقتان",
    minutes_few: "{{count}} دقائق",
    minutes_many: "{{count}} دقيقة",
    minutes_other: "{{count}} دقيقة",
  },
  "uk/client": {
    hi: "Привіт {{name}}",
    minutes_one: "{{count}} хвилина",
    minutes_few: "{{count}} хвилини",
    minutes_many: "{{count}} хвилин",
    minutes_other: "{{count}} хвилини",
  },
  "ti/client": { hi: "ሰላም {{name}}", minutes_one: "{{count}} ደቒቕ", minutes_other: "{{count}} ደቓይቕ" },
  "en/manager": { note: "{{clientName}} wrote" },
  "de/manager": { note: "{{clientName}} hat geschrieben" },
};

describe("i18n check", () => {
  it("accepts complete texts with every plural form each language needs", () => {
    expect(problems(good)).toEqual([]);
  });

  it("finds a missing key, an empty text and a missing plural form", () => {
    const { hi: _hi, ...withoutHello } = good["uk/client"];
    const { minutes_two: _two, ...withoutTwo } = good["ar/client"];
    expect(problems({ ...good, "uk/client": withoutHello, "ar/client": withoutTwo, "ti/client": { ...good["ti/client"], hi: " " } })).toEqual([
      "locales/ar/client.json minutes_two: missing",
      "locales/uk/client.json hi: missing",
      "locales/ti/client.json hi: empty",
    ]);
  });

  it("finds placeholders that differ from the English source", () => {
    expect(problems({ ...good, "de/client": { ...good["de/client"], hi: "Hallo {{nom}}" } })).toEqual([
      "locales/de/client.json hi: placeholders {{nom}}, English has {{name}}",
    ]);
  });

  it("finds texts in the wrong script", () => {
    expect(
      problems({ ...good, "ar/client": { ...good["ar/client"], hi: "Marhaba {{name}}" }, "uk/client": { ...good["uk/client"], hi: "Pryvit {{name}}" } }),
    ).toEqual([
      "locales/ar/client.json hi: expected Arabic script, only 0% of its letters are",
      "locales/uk/client.json hi: expected Cyrillic script, only 0% of its letters are",
    ]);
  });

  it("finds untranslated copies of the English text but allows names", () => {
    const copied = problems({ ...good, "de/client": { ...good["de/client"], hi: "Hello {{name}}" } });
    expect(copied).toEqual(["locales/de/client.json hi: untranslated copy of the English text"]);
    const names = { ...good, "en/client": { ...good["en/client"], brand: "Lotse" }, "de/client": { ...good["de/client"], brand: "Lotse" } };
    for (const language of ["ar", "uk", "ti"] as const) Object.assign(names, { [`${language}/client`]: { ...good[`${language}/client`], brand: "Lotse" } });
    expect(problems(names)).toEqual([]);
  });

  it("finds keys English does not have and plural forms a language does not use", () => {
    expect(problems({ ...good, "de/client": { ...good["de/client"], extra: "Mehr", minutes_few: "{{count}} Minuten" } })).toEqual([
      "locales/de/client.json extra: not in the English source",
      'locales/de/client.json minutes_few: "few" is no plural form of de (it has one, other)',
    ]);
  });

  it("wants staff texts in German and English only", () => {
    const { note: _note, ...withoutNote } = good["de/manager"];
    expect(problems({ ...good, "de/manager": withoutNote, "ar/manager": { note: "كتب {{clientName}}" } })).toEqual([
      "locales/ar/manager.json: staff texts exist in de and en only",
      "locales/de/manager.json note: missing",
    ]);
  });

  it("finds a missing language and a broken file", () => {
    const { "ti/client": _ti, ...withoutTigrinya } = good;
    expect(problems(withoutTigrinya)).toContain("locales/ti: missing language");
    const dir = locales(good);
    writeFileSync(join(dir, "de", "client.json"), "{ not json");
    expect(checkLocales({ localesDir: dir, languages }).problems[0]).toMatch(/cannot read locale file .*client\.json/);
  });

  it("requires the keys the code uses, in English and German", () => {
    const result = checkLocales({ localesDir: locales(good), languages });
    expect(result.problems).toContain("errors.forbidden: used in the code, missing in locales/en/errors.json");
    expect(result.problems).toContain("catalogue.write_cv.title: used in the code, missing in locales/de/catalogue.json");
  });

  it("finds message keys in the source but not audit actions", () => {
    const keys = usedKeys(fileURLToPath(new URL("../../../src", import.meta.url)));
    expect(keys).toEqual(
      expect.arrayContaining(["dialog.stale", "errors.forbidden", "manager.escalation.need_help", "actions.escalation.open", "client.step.checkin"]),
    );
    expect(keys).not.toContain("client.create");
    expect(keys).not.toContain("consent.decline");
  });

  it("passes on the real locales", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const result = checkLocales({ localesDir: join(root, "locales"), srcDir: join(root, "src") });
    expect(result.problems).toEqual([]);
    for (const language of ["de", "en", "ar", "fa", "ps", "ku", "ckb", "ti", "so", "tr", "uk", "ru", "fr"]) {
      expect(result.counts[language]?.client, language).toBeGreaterThan(170);
    }
  });
});
