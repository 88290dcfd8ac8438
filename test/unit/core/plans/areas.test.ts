import { describe, expect, it } from "vitest";
import { isPlanArea, planAreas, planAreaSchema } from "../../../../src/core/plans/areas.ts";

describe("plan areas", () => {
  it("covers the areas of the Pakt für Integration plus health", () => {
    expect(planAreas).toEqual(["language", "work", "recognition", "housing", "education", "benefits", "participation", "everyday", "health"]);
  });

  it("accepts a known area and rejects anything else", () => {
    expect(planAreaSchema.parse("housing")).toBe("housing");
    expect(planAreaSchema.safeParse("Housing").success).toBe(false);
    expect(isPlanArea("health")).toBe(true);
    expect(isPlanArea("sports")).toBe(false);
  });
});
