import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planAreas } from "../../../../src/core/plans/areas.ts";
import { catalogueStepParamsSchema, catalogueStepsByArea, findCatalogueStep, stepCatalogue } from "../../../../src/core/plans/step-catalogue.ts";
import { DomainError } from "../../../../src/core/errors.ts";

type CatalogueTexts = Record<string, { title?: unknown; hint?: unknown }>;

function readLocale<T>(language: string, file: string): T {
  const url = new URL(`../../../../locales/${language}/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

const languages = ["de", "en"] as const;
const texts = Object.fromEntries(languages.map((lang) => [lang, readLocale<CatalogueTexts>(lang, "catalogue.json")]));

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((match) => match[1] ?? "");
}

describe("step catalogue", () => {
  it("offers at least 45 steps, at least 3 in every area", () => {
    expect(stepCatalogue.length).toBeGreaterThanOrEqual(45);
    for (const area of planAreas) expect(catalogueStepsByArea(area).length, area).toBeGreaterThanOrEqual(3);
  });

  it("has unique snake_case keys", () => {
    const keys = stepCatalogue.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it("has unique parameter names per step and sensible cadences", () => {
    for (const entry of stepCatalogue) {
      const names = entry.params.map((param) => param.name);
      expect(new Set(names).size, entry.key).toBe(names.length);
      if (entry.defaultCadenceDays !== null) {
        expect(Number.isInteger(entry.defaultCadenceDays), entry.key).toBe(true);
        expect(entry.defaultCadenceDays, entry.key).toBeGreaterThan(0);
      }
    }
  });

  it.each(languages)("has a title and a hint for every step in %s, and no texts for unknown steps", (lang) => {
    const localeTexts = texts[lang] ?? {};
    for (const entry of stepCatalogue) {
      const text = localeTexts[entry.key];
      expect(typeof text?.title, `${lang} ${entry.key} title`).toBe("string");
      expect(typeof text?.hint, `${lang} ${entry.key} hint`).toBe("string");
      expect(String(text?.title).trim().length, `${lang} ${entry.key}`).toBeGreaterThan(0);
      expect(String(text?.hint).trim().length, `${lang} ${entry.key}`).toBeGreaterThan(0);
    }
    expect(Object.keys(localeTexts).sort()).toEqual(stepCatalogue.map((entry) => entry.key).sort());
  });

  it.each(languages)("uses only declared parameters and names every parameter in the title in %s", (lang) => {
    const localeTexts = texts[lang] ?? {};
    for (const entry of stepCatalogue) {
      const declared = entry.params.map((param) => param.name);
      const title = String(localeTexts[entry.key]?.title);
      const hint = String(localeTexts[entry.key]?.hint);
      for (const name of [...placeholders(title), ...placeholders(hint)]) {
        expect(declared, `${lang} ${entry.key} uses {{${name}}}`).toContain(name);
      }
      for (const name of declared) expect(placeholders(title), `${lang} ${entry.key} title`).toContain(name);
    }
  });

  it.each(languages)("names every area in %s", (lang) => {
    const areaNames = readLocale<Record<string, unknown>>(lang, "areas.json");
    expect(Object.keys(areaNames).sort()).toEqual([...planAreas].sort());
    for (const area of planAreas) expect(typeof areaNames[area]).toBe("string");
  });

  it("finds a step by key and lists steps by area", () => {
    expect(findCatalogueStep("apply_recognition")).toMatchObject({
      area: "recognition",
      params: [{ name: "profession", kind: "text" }],
    });
    expect(findCatalogueStep("no_such_step")).toBeUndefined();
    expect(catalogueStepsByArea("housing").every((entry) => entry.area === "housing")).toBe(true);
  });
});

describe("catalogue step parameters", () => {
  it("accepts and trims a text parameter", () => {
    expect(catalogueStepParamsSchema("enrol_child_school").parse({ childName: "  Samir " })).toEqual({
      childName: "Samir",
    });
  });

  it("rejects an empty, missing or too long text parameter", () => {
    const schema = catalogueStepParamsSchema("apply_recognition");
    expect(schema.safeParse({ profession: "   " }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ profession: "x".repeat(121) }).success).toBe(false);
    expect(schema.safeParse({ profession: "x".repeat(120) }).success).toBe(true);
  });

  it("accepts an ISO date and rejects other date forms and impossible dates", () => {
    const schema = catalogueStepParamsSchema("take_dtz_exam");
    expect(schema.safeParse({ examDate: "2027-06-14" }).success).toBe(true);
    expect(schema.safeParse({ examDate: "14.06.2027" }).success).toBe(false);
    expect(schema.safeParse({ examDate: "2027-02-30" }).success).toBe(false);
  });

  it("allows places up to 200 characters", () => {
    const schema = catalogueStepParamsSchema("search_flats");
    expect(schema.safeParse({ place: "Tübingen" }).success).toBe(true);
    expect(schema.safeParse({ place: "x".repeat(200) }).success).toBe(true);
    expect(schema.safeParse({ place: "x".repeat(201) }).success).toBe(false);
  });

  it("rejects parameters the step does not declare", () => {
    expect(catalogueStepParamsSchema("open_bank_account").safeParse({}).success).toBe(true);
    expect(catalogueStepParamsSchema("open_bank_account").safeParse({ bank: "Sparkasse" }).success).toBe(false);
  });

  it("refuses an unknown step with a coded error", () => {
    expect(() => catalogueStepParamsSchema("no_such_step")).toThrow(DomainError);
    try {
      catalogueStepParamsSchema("no_such_step");
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_input", issues: [{ path: "stepKey" }] });
    }
  });
});
