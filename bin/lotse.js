#!/usr/bin/env node
// The admin command line. With the dev dependencies installed it runs the TypeScript sources through tsx (no build
// step needed); in a production install (no tsx, e.g. the container image) it runs the compiled dist/cli/main.js.
let runCli;
try {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runCli } = await import("../src/cli/main.ts"));
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("tsx")) throw error;
  ({ runCli } = await import("../dist/cli/main.js"));
}
process.exitCode = await runCli(process.argv.slice(2), process.env);
