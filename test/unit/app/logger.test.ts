import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/app/logger.ts";

function memoryStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    raw: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRET_VALUES = {
  token: "123456789:AAbbCCddEEffGGhhIIjjKKllMMnn",
  secret: "webhook-secret-0123456789",
  password: "hunter2-Passwort",
  name: "Amina Haddad",
  text: "Ich brauche Hilfe beim Antrag",
  note: "Kind hat Asthma",
};

describe("createLogger", () => {
  it("writes JSON lines with level, service and message", () => {
    const out = memoryStream();
    createLogger("info", out.stream).info({ managerId: "m-1", count: 3 }, "invite issued");
    const [line] = out.lines();
    expect(line).toMatchObject({ service: "lotse", msg: "invite issued", managerId: "m-1", count: 3, level: 30 });
    expect(typeof line?.time).toBe("string");
  });

  it("redacts secrets and personal data at the top level", () => {
    const out = memoryStream();
    createLogger("info", out.stream).info({ ...SECRET_VALUES, clientId: "c-42" }, "something happened");
    const [line] = out.lines();
    for (const field of Object.keys(SECRET_VALUES)) expect(line?.[field]).toBe("[redacted]");
    expect(line?.clientId).toBe("c-42");
    for (const value of Object.values(SECRET_VALUES)) expect(out.raw()).not.toContain(value);
  });

  it("redacts the same fields one level down", () => {
    const out = memoryStream();
    createLogger("info", out.stream).info(
      { client: { id: "c-1", ...SECRET_VALUES }, bot: { token: SECRET_VALUES.token }, config: { db: { password: "pw-nested-3" } } },
      "nested",
    );
    const raw = out.raw();
    for (const value of [...Object.values(SECRET_VALUES), "pw-nested-3"]) expect(raw).not.toContain(value);
    const [line] = out.lines();
    expect(line?.client).toMatchObject({ id: "c-1", name: "[redacted]", text: "[redacted]", note: "[redacted]" });
  });

  it("redacts the Telegram webhook secret header and authorization headers of a logged request", () => {
    const out = memoryStream();
    createLogger("info", out.stream).info(
      {
        req: {
          method: "POST",
          url: "/telegram",
          headers: {
            "x-telegram-bot-api-secret-token": "telegram-header-secret-123456",
            authorization: "Bearer eyJhbGciOi.secret",
            cookie: "session=abc-cookie",
            "content-type": "application/json",
          },
        },
      },
      "request",
    );
    const raw = out.raw();
    expect(raw).not.toContain("telegram-header-secret-123456");
    expect(raw).not.toContain("eyJhbGciOi.secret");
    expect(raw).not.toContain("abc-cookie");
    const [line] = out.lines();
    const req = line?.req as { url: string; headers: Record<string, string> };
    expect(req.url).toBe("/telegram");
    expect(req.headers["x-telegram-bot-api-secret-token"]).toBe("[redacted]");
    expect(req.headers["content-type"]).toBe("application/json");
  });

  it("redacts invite codes and database URLs", () => {
    const out = memoryStream();
    createLogger("info", out.stream).info({ code: "ABCDEFGH23", invite: { inviteCode: "ZXCVBNMQ45" }, databaseUrl: "postgresql://lotse:pw@db/lotse" }, "x");
    const raw = out.raw();
    expect(raw).not.toContain("ABCDEFGH23");
    expect(raw).not.toContain("ZXCVBNMQ45");
    expect(raw).not.toContain("postgresql://lotse:pw@db/lotse");
  });

  it("redacts in child loggers' bindings too", () => {
    const out = memoryStream();
    createLogger("info", out.stream).child({ component: "telegram" }).warn({ text: SECRET_VALUES.text }, "message received");
    const [line] = out.lines();
    expect(line).toMatchObject({ component: "telegram", text: "[redacted]", level: 40 });
  });

  it("honours the level", () => {
    const out = memoryStream();
    const logger = createLogger("warn", out.stream);
    logger.info("hidden");
    logger.warn("shown");
    expect(out.lines().map((l) => l.msg)).toEqual(["shown"]);
  });
});
