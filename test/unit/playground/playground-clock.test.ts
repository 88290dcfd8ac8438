import { describe, expect, it } from "vitest";
import { PlaygroundClock } from "../../../src/playground/playground-clock.ts";

describe("the playground clock", () => {
  let real = Date.parse("2026-11-23T14:00:00Z");
  const realNow = () => real;
  const start = new Date("2027-03-01T08:00:00Z");

  it("starts where it is told and runs on with real time", () => {
    real = Date.parse("2026-11-23T14:00:00Z");
    const clock = new PlaygroundClock(start, realNow);
    expect(clock.now()).toEqual(start);
    real += 90_000;
    expect(clock.now()).toEqual(new Date("2027-03-01T08:01:30Z"));
  });

  it("moves forward by a step or to a later instant, never back", () => {
    real = Date.parse("2026-11-23T14:00:00Z");
    const clock = new PlaygroundClock(start, realNow);
    expect(clock.advance(60 * 60 * 1000)).toEqual(new Date("2027-03-01T09:00:00Z"));
    expect(clock.advanceTo(new Date("2027-03-02T13:00:00Z"))).toEqual(new Date("2027-03-02T13:00:00Z"));
    expect(clock.advanceTo(new Date("2027-03-01T00:00:00Z"))).toEqual(new Date("2027-03-02T13:00:00Z"));
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.now()).toEqual(new Date("2027-03-02T13:00:00Z"));
  });
});
