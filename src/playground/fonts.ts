import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * The page's web font, served by Lotse itself (never a CDN): Noto Sans for every script of the client languages, so
 * no language shows as boxes on a computer without the right system font. One variable-weight woff2 per script
 * (Fontsource's subsets in node_modules); one family, "Lotse Sans", whose unicode ranges (from the packages' CSS)
 * let the browser load only the scripts a page shows.
 */

const FONT_FAMILY = "Lotse Sans";

const faces = [
  { packageName: "@fontsource-variable/noto-sans", face: "noto-sans-latin-wght-normal" },
  { packageName: "@fontsource-variable/noto-sans", face: "noto-sans-latin-ext-wght-normal" },
  { packageName: "@fontsource-variable/noto-sans", face: "noto-sans-cyrillic-wght-normal" },
  // After Latin: a character in both ranges (e.g. U+200C in Persian) is drawn by the face declared last.
  { packageName: "@fontsource-variable/noto-sans-arabic", face: "noto-sans-arabic-arabic-wght-normal" },
  { packageName: "@fontsource-variable/noto-sans-ethiopic", face: "noto-sans-ethiopic-ethiopic-wght-normal" },
] as const;

export interface PlaygroundFonts {
  /** `@font-face` rules pointing at `<urlBase><face>.woff2`. */
  css: string;
  /** File name (`<face>.woff2`) → its path in node_modules. */
  files: ReadonlyMap<string, string>;
}

/** A face's unicode-range as its package's CSS declares it. */
function unicodeRange(css: string, face: string): string {
  const block = new RegExp(`/\\* ${face} \\*/\\s*@font-face\\s*\\{([^}]*)\\}`).exec(css)?.[1];
  const range = block && /unicode-range:\s*([^;]+);/.exec(block)?.[1];
  if (!range) throw new Error(`font face ${face}: no unicode-range in its package's CSS`);
  return range.trim();
}

export function playgroundFonts(urlBase: string): PlaygroundFonts {
  const require = createRequire(import.meta.url);
  const files = new Map<string, string>();
  const rules: string[] = [];
  for (const { packageName, face } of faces) {
    const css = readFileSync(require.resolve(`${packageName}/wght.css`), "utf8");
    const file = `${face}.woff2`;
    files.set(file, require.resolve(`${packageName}/files/${file}`));
    rules.push(
      [
        "@font-face {",
        `  font-family: "${FONT_FAMILY}";`,
        "  font-style: normal;",
        "  font-display: swap;",
        "  font-weight: 100 900;",
        `  src: url("${urlBase}${file}") format("woff2");`,
        `  unicode-range: ${unicodeRange(css, face)};`,
        "}",
      ].join("\n"),
    );
  }
  return { css: `/* Noto Sans (SIL Open Font License 1.1), from Fontsource's packages. */\n${rules.join("\n")}\n`, files };
}
