// Compiles src/ to dist/ (tsc, incremental) and copies the files tsc does not emit (the playground's page, styles and
// icon) beside the code. `npm run build` always builds; `npm start`'s prestart step runs it with --if-stale: then it
// compiles only when dist/ is missing or older than a file or folder under src/ (or the tsconfig files), so a
// restart without changes costs a few milliseconds. Plain JavaScript, so a production install without dev
// dependencies runs it too (there dist/ comes built and up to date; a stale one without tsc stops with a message).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const builtMain = join(root, "dist", "app", "main.js");
const buildInfo = join(root, "dist", ".tsbuildinfo");

/** The newest modification time under `path` (folders count too: a deleted or renamed file changes its folder). */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

const ifStale = process.argv.includes("--if-stale");
const built = existsSync(builtMain) ? statSync(builtMain).mtimeMs : 0;
if (ifStale && built >= Math.max(...["src", "tsconfig.json", "tsconfig.build.json"].map((name) => newestChange(join(root, name))))) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  process.stderr.write(
    "lotse: dist/ is missing or older than src/, and TypeScript is not installed (a production install?): run `npm run build` where dev dependencies are installed\n",
  );
  process.exit(1);
}
if (ifStale) process.stderr.write(`lotse: ${built === 0 ? "no build yet" : "src/ changed since the last build"}: compiling to dist/\n`);
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  // tsc emits even with type errors: remove the entry point (and what tsc remembers) so the next start compiles again.
  rmSync(builtMain, { force: true });
  rmSync(buildInfo, { force: true });
  process.stderr.write("lotse: the build failed (above)\n");
  process.exit(1);
}
cpSync(join(root, "src"), join(root, "dist"), {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || !source.endsWith(".ts"),
});
// tsc rewrites only what changed (incremental): mark the build as done on its entry point.
const now = new Date();
utimesSync(builtMain, now, now);
process.stderr.write(`lotse: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
