import { describe, expect, it } from "vitest";
import {
  parseAges,
  parseCountry,
  parseLanguages,
  parseWork,
  readAges,
  readCountry,
  readLanguages,
  readWork,
} from "../../../../src/core/chat/assessment-typed.ts";

describe("what a manager types into the assessment form", () => {
  it("reads languages with their level by code or name, the level as CEFR or native, each language once", () => {
    expect(parseLanguages("ar Muttersprache, en B1; Tigrinya:c1\nDari = MS, en b2")).toEqual([
      { code: "ar", level: "native" },
      { code: "en", level: "B2" },
      { code: "ti", level: "C1" },
      { code: "prs", level: "native" },
    ]);
    expect(readLanguages("ar native")).toEqual({ ok: true, value: "ar native" });
    expect(readLanguages("-")).toEqual({ ok: true, value: "-" });
    expect(readLanguages("ar Muttersprache, Klingonisch B1")).toEqual({
      ok: false,
      errorKey: "manager_card.assessment.error.languages",
      errorParams: { part: "Klingonisch B1" },
    });
    expect(readLanguages("en")).toMatchObject({ ok: false, errorParams: { part: "en" } });
    expect(readLanguages("en B7")).toMatchObject({ ok: false, errorParams: { part: "en B7" } });
    expect(parseLanguages("ar")).toBeNull();
  });

  it("reads work experience as field and years", () => {
    expect(parseWork("Schneiderei 5, Verkauf 2 Jahre; Bau:10, IT-Support (3 J.)")).toEqual([
      { field: "Schneiderei", years: 5 },
      { field: "Verkauf", years: 2 },
      { field: "Bau", years: 10 },
      { field: "IT-Support", years: 3 },
    ]);
    expect(readWork("Schneiderei 5, Verkauf")).toMatchObject({ ok: false, errorKey: "manager_card.assessment.error.work", errorParams: { part: "Verkauf" } });
    expect(readWork("Bau 99")).toMatchObject({ ok: false, errorParams: { part: "Bau 99" } });
  });

  it("reads children's ages and countries", () => {
    expect(parseAges("3, 7 12")).toEqual([3, 7, 12]);
    expect(readAges("3, 31")).toMatchObject({ ok: false, errorKey: "manager_card.assessment.error.ages", errorParams: { part: "31" } });
    expect(readAges("drei")).toMatchObject({ ok: false, errorParams: { part: "drei" } });
    expect(parseCountry("sy")).toBe("SY");
    expect(parseCountry("Syrien")).toBe("SY");
    expect(parseCountry("Äthiopien")).toBe("ET");
    expect(readCountry("Atlantis")).toMatchObject({ ok: false, errorKey: "manager_card.assessment.error.country", errorParams: { part: "Atlantis" } });
  });
});
