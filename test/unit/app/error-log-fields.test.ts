import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/app/logger.ts";
import { teamsErrorFields } from "../../../src/bots/teams/teams-bot.ts";
import { errorFields } from "../../../src/bots/telegram/errors.ts";

/** An operator reading the log sees which error it was; a person's name in a field called "name" stays hidden. */

function logged(fields: object): Record<string, unknown> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  createLogger("info", sink).error({ ...fields, name: "Amina Haddad" }, "failed");
  return JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
}

describe("error fields in the log", () => {
  it.each([
    ["Telegram", errorFields],
    ["Teams", teamsErrorFields],
  ])("%s: the error's name and system code are readable, a person's name is not", (_channel, fields) => {
    const error = Object.assign(new TypeError("secret text"), { code: "ECONNRESET" });
    const line = logged(fields(error));
    expect(line).toMatchObject({ errorName: "TypeError", systemCode: "ECONNRESET", name: "[redacted]" });
    expect(JSON.stringify(line)).not.toContain("secret text");
  });
});
