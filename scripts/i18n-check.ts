/**
 * `npm run i18n:check` (part of `npm test`): are all texts there, in every language, in the right script and with
 * the right placeholders? The rules are in src/i18n/check.ts. Exits 1 and lists the problems when there are any.
 */
import { fileURLToPath } from "node:url";
import { checkLocales } from "../src/i18n/check.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = checkLocales({ localesDir: `${root}locales`, srcDir: `${root}src` });

const summary = Object.entries(result.counts)
  .map(([language, count]) => `${language} ${count.client}${count.staff ? `+${count.staff}` : ""}`)
  .join(", ");

if (result.problems.length > 0) {
  console.error(`i18n check: ${result.problems.length} problem(s)`);
  for (const problem of result.problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`i18n check: ok; ${result.usedKeys.length} keys used in the code; texts per language (client+staff): ${summary}`);
