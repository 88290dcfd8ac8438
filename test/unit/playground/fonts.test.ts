import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { languageScripts } from "../../../src/i18n/languages.ts";
import { playgroundFonts } from "../../../src/playground/fonts.ts";

/** A letter of each client script (ş, ґ, ڕ, ት). */
const sampleOf = { Latin: 0x015f, Cyrillic: 0x0491, Arabic: 0x0695, Ethiopic: 0x1275 } as const;

function covers(css: string, codePoint: number): boolean {
  return [...css.matchAll(/unicode-range: ([^;]+);/g)].some((match) =>
    (match[1] ?? "").split(",").some((range) => {
      const [from, to] = range.trim().replace("U+", "").split("-");
      return codePoint >= Number.parseInt(from ?? "", 16) && codePoint <= Number.parseInt(to ?? from ?? "", 16);
    }),
  );
}

describe("the playground's web font", () => {
  const fonts = playgroundFonts("/playground/fonts/");

  it("is one family with a woff2 file per script, from node_modules", () => {
    expect([...fonts.files.keys()]).toEqual([
      "noto-sans-latin-wght-normal.woff2",
      "noto-sans-latin-ext-wght-normal.woff2",
      "noto-sans-cyrillic-wght-normal.woff2",
      "noto-sans-arabic-arabic-wght-normal.woff2",
      "noto-sans-ethiopic-ethiopic-wght-normal.woff2",
    ]);
    for (const path of fonts.files.values()) expect(readFileSync(path).subarray(0, 4).toString("latin1")).toBe("wOF2");
    expect(fonts.css.match(/font-family: "Lotse Sans";/g)).toHaveLength(5);
    for (const file of fonts.files.keys()) expect(fonts.css).toContain(`url("/playground/fonts/${file}")`);
  });

  it("covers the script of every client language (Ethiopic and the Arabic of Sorani and Pashto included)", () => {
    for (const script of new Set(Object.values(languageScripts))) expect(covers(fonts.css, sampleOf[script])).toBe(true);
    // ڕ (Sorani), ټ (Pashto), Ukrainian ї, Turkish ğ
    for (const codePoint of [0x0695, 0x067c, 0x0457, 0x011f]) expect(covers(fonts.css, codePoint)).toBe(true);
  });
});
