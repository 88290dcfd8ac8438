import { describe, expect, it } from "vitest";
import { readConfig, type Config } from "../../../src/app/config.ts";
import { dispatchExpressionFromConfig, rateLimitsFromConfig } from "../../../src/app/delivery-config.ts";
import { defaultRateLimits } from "../../../src/delivery/rate-limiter.ts";

function config(env: Record<string, string>): Config {
  const result = readConfig(env);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

function problems(env: Record<string, string>): string[] {
  const result = readConfig(env);
  return result.ok ? [] : result.problems;
}

describe("dispatcher rates and interval from the environment", () => {
  it("defaults to Telegram's and Teams' documented limits and a tick every second", () => {
    const defaults = config({});
    expect(rateLimitsFromConfig(defaults)).toEqual(defaultRateLimits);
    expect(dispatchExpressionFromConfig(defaults)).toBe("* * * * * *");
  });

  it("takes configured rates (fractions too) and interval; blank means default", () => {
    const configured = config({
      TELEGRAM_RATE_PER_SECOND: "300",
      TELEGRAM_RATE_PER_CHAT_PER_SECOND: "0.5",
      TEAMS_RATE_PER_CONVERSATION_PER_SECOND: "",
      DISPATCH_INTERVAL_SECONDS: "5",
    });
    expect(rateLimitsFromConfig(configured)).toEqual({
      telegram: { global: { perSecond: 300 }, perChat: { perSecond: 0.5 } },
      teams: { perChat: { perSecond: 7 } },
    });
    expect(dispatchExpressionFromConfig(configured)).toBe("*/5 * * * * *");
  });

  it.each([
    ["TELEGRAM_RATE_PER_SECOND", "0"],
    ["TELEGRAM_RATE_PER_CHAT_PER_SECOND", "-1"],
    ["TEAMS_RATE_PER_CONVERSATION_PER_SECOND", "fast"],
    ["DISPATCH_INTERVAL_SECONDS", "0"],
    ["DISPATCH_INTERVAL_SECONDS", "1.5"],
    ["DISPATCH_INTERVAL_SECONDS", "60"],
  ])("refuses %s=%s with one line naming the variable", (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
  });
});
