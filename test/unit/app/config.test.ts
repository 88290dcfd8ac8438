import { describe, expect, it } from "vitest";
import { readConfig, type Config } from "../../../src/app/config.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
const TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnn";
const SECRET = "webhook-secret-0123456789";

function ok(env: Record<string, string | undefined>): Config {
  const result = readConfig(env);
  if (!result.ok) throw new Error(`expected a valid configuration, got: ${result.problems.join(" | ")}`);
  return result.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const result = readConfig(env);
  if (result.ok) throw new Error("expected configuration problems, got a valid configuration");
  return result.problems;
}

describe("readConfig", () => {
  it("starts with sensible defaults from an empty environment", () => {
    const config = ok({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe("file:./data/lotse.db");
    expect(config.LOTSE_TIMEZONE).toBe("Europe/Berlin");
    expect(config.NODE_ENV).toBe("development");
    expect(config.LOTSE_DATA_KEY).toBeUndefined();
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
  });

  it("reads given values", () => {
    const config = ok({
      PORT: "8080",
      DATABASE_URL: "postgresql://lotse@db:5432/lotse",
      LOTSE_TIMEZONE: "Asia/Damascus",
      LOTSE_DATA_KEY: KEY,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe("postgresql://lotse@db:5432/lotse");
    expect(config.LOTSE_TIMEZONE).toBe("Asia/Damascus");
    expect(config.LOTSE_DATA_KEY).toBe(KEY);
    expect(config.TELEGRAM_WEBHOOK_URL).toBe("https://lotse.example.org/telegram");
  });

  it("accepts PORT=0 (any free port)", () => {
    expect(ok({ PORT: "0" }).PORT).toBe(0);
  });

  it("treats a blank PORT or LOTSE_RETENTION_DAYS (e.g. `PORT=` in a .env file) as unset, not 0", () => {
    const config = ok({ PORT: "", LOTSE_RETENTION_DAYS: " " });
    expect(config.PORT).toBe(3000);
    expect(config.LOTSE_RETENTION_DAYS).toBe(1095);
  });

  it("names PORT when it is not a number", () => {
    const lines = problems({ PORT: "abc" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PORT: /);
  });

  it("rejects a port out of range", () => {
    expect(problems({ PORT: "70000" })).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  it("reports several problems at once, one line per variable", () => {
    const lines = problems({
      PORT: "abc",
      DATABASE_URL: "mysql://localhost/lotse",
      LOTSE_TIMEZONE: "Mars/Olympus",
      LOG_LEVEL: "loud",
    });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain("\n");
    const variables = lines.map((line) => line.split(":")[0]).sort();
    expect(variables).toEqual(["DATABASE_URL", "LOG_LEVEL", "LOTSE_TIMEZONE", "PORT"]);
    expect(lines.find((l) => l.startsWith("DATABASE_URL"))).toContain("postgresql://");
  });

  it("requires a secret (and a token) when a webhook URL is set", () => {
    const lines = problems({ TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram", TELEGRAM_BOT_TOKEN: TOKEN });
    expect(lines).toEqual(["TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set"]);
    const both = problems({ TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram" });
    expect(both.map((l) => l.split(":")[0]).sort()).toEqual(["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"]);
  });

  it.each([
    ["http://lotse.example.org/telegram", "must be an https:// address"],
    ["https://lotse.example.org:3000/telegram", "must use port 443, 80, 88 or 8443"],
  ])("rejects a webhook URL Telegram would never post to: %s", (url, message) => {
    const lines = problems({ TELEGRAM_WEBHOOK_URL: url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: "lotse-webhook-secret-0123456789" });
    expect(lines).toEqual([expect.stringContaining(`TELEGRAM_WEBHOOK_URL: ${message}`)]);
    const on8443 = readConfig({
      TELEGRAM_WEBHOOK_URL: "https://lotse.example.org:8443/telegram",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: "lotse-webhook-secret-0123456789",
    });
    expect(on8443.ok).toBe(true);
  });

  it("rejects a webhook secret Telegram would refuse", () => {
    const lines = problems({
      TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: "short!",
    });
    expect(lines).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: must be 16-256 characters/)]);
  });

  it("rejects a data key that is not 32 bytes", () => {
    const short = Buffer.alloc(16, 1).toString("base64");
    const lines = problems({ LOTSE_DATA_KEY: short });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^LOTSE_DATA_KEY: must be 32 bytes/);
  });

  it("requires LOTSE_DATA_KEY in production, but not in development", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([expect.stringMatching(/^LOTSE_DATA_KEY: is required in production/)]);
    expect(ok({ NODE_ENV: "production", LOTSE_DATA_KEY: KEY }).NODE_ENV).toBe("production");
    expect(ok({ NODE_ENV: "development" }).LOTSE_DATA_KEY).toBeUndefined();
  });

  it("rejects an unknown time zone", () => {
    expect(problems({ LOTSE_TIMEZONE: "Europe/Nowhere" })).toEqual(["LOTSE_TIMEZONE: unknown IANA time zone"]);
  });

  it("treats blank optional values as unset", () => {
    const config = ok({ TELEGRAM_WEBHOOK_URL: "  ", TELEGRAM_BOT_TOKEN: "", LOTSE_DATA_KEY: " " });
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.LOTSE_DATA_KEY).toBeUndefined();
  });
});
