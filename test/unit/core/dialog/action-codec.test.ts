import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionIdArg, actionOptionArg, decodeAction, defineAction, encodeAction, maxActionBytes } from "../../../../src/core/dialog/action-codec.ts";
import { DomainError } from "../../../../src/core/errors.ts";

const appointmentId = "01J8Z3K6W4QK2V7XKQH4D5M9TB";
const clientId = "01J8Z3M2QX9C4R1N7D0VJ6E8PA";

const answerAppointment = defineAction("apc", [actionIdArg, actionOptionArg(["c", "x", "r"])]);
const linkCase = defineAction("lnk", [actionIdArg, actionIdArg, actionOptionArg(["ok", "no", "yes"])]);
const longestVerb = defineAction("shr2", [actionIdArg, actionIdArg, actionOptionArg(["rw", "ro"])]);
const showAgenda = defineAction("ag", []);
const pickPage = defineAction("pg", [z.string().regex(/^\d{1,3}$/)]);

function bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

describe("encodeAction and decodeAction", () => {
  it("encodes a button as a short versioned string", () => {
    expect(answerAppointment.encode(appointmentId, "c")).toBe(`v1|apc|${appointmentId}|c`);
    expect(encodeAction({ verb: "apc", args: [appointmentId, "x"] })).toBe(`v1|apc|${appointmentId}|x`);
    expect(showAgenda.encode()).toBe("v1|ag");
  });

  it.each([
    ["one id and an option", { verb: "apc", args: [appointmentId, "r"] }],
    ["two ids and an option", { verb: "lnk", args: [appointmentId, clientId, "yes"] }],
    ["a 4-letter verb with two ids", { verb: "shr2", args: [appointmentId, clientId, "ro"] }],
    ["no arguments", { verb: "ag", args: [] }],
    ["a short id", { verb: "apc", args: ["a1", "c"] }],
    ["a page number", { verb: "pg", args: ["12"] }],
  ])("round-trips %s", (_label, action) => {
    expect(decodeAction(encodeAction(action))).toEqual(action);
  });

  it("fits two maximum-length ids, a verb and an option into 64 bytes", () => {
    const data = linkCase.encode("Z".repeat(26), "Y".repeat(26), "yes");
    expect(bytes(data)).toBe(maxActionBytes);
    expect(bytes(longestVerb.encode("Z".repeat(26), "Y".repeat(26), "rw"))).toBe(maxActionBytes);
  });

  it("checks argument types at compile time", () => {
    // @ts-expect-error "q" is not one of the options
    expect(() => answerAppointment.encode(appointmentId, "q")).toThrow(DomainError);
    // @ts-expect-error the option is missing
    expect(() => answerAppointment.encode(appointmentId)).toThrow(DomainError);
    const matched = answerAppointment.match(decodeAction(answerAppointment.encode(appointmentId, "r")));
    const choice: "c" | "x" | "r" | undefined = matched?.[1];
    expect(choice).toBe("r");
    expect(pickPage.match(decodeAction(pickPage.encode("7")))).toEqual(["7"]);
  });

  it("gives typed arguments to the matching definition only", () => {
    const action = decodeAction(linkCase.encode(appointmentId, clientId, "ok"));
    expect(linkCase.match(action)).toEqual([appointmentId, clientId, "ok"]);
    expect(answerAppointment.match(action)).toBeNull();
    expect(answerAppointment.match(null)).toBeNull();
    expect(answerAppointment.match({ verb: "apc", args: [appointmentId, "maybe"] })).toBeNull();
  });
});

describe("encodeAction refuses", () => {
  it.each([
    ["an unknown verb", { verb: "zzz", args: [] }],
    ["too few arguments", { verb: "apc", args: [appointmentId] }],
    ["too many arguments", { verb: "apc", args: [appointmentId, "c", "c"] }],
    ["an id that is too long", { verb: "apc", args: ["A".repeat(27), "c"] }],
    ["an id with a separator", { verb: "apc", args: ["ab|cd", "c"] }],
    ["an option that is not offered", { verb: "apc", args: [appointmentId, "q"] }],
  ])("%s with a coded error", (_label, action) => {
    expect(() => encodeAction(action)).toThrow(DomainError);
  });

  it("data longer than 64 bytes, counting UTF-8 bytes rather than characters", () => {
    const wide = defineAction("wide", [z.string().max(100), z.string().max(100)]);
    expect(`v1|wide|${"ä".repeat(15)}|${"b".repeat(26)}`.length).toBeLessThan(maxActionBytes);
    expect(() => wide.encode("ä".repeat(15), "b".repeat(26))).toThrow(
      expect.objectContaining({ code: "invalid_input", issues: [expect.objectContaining({ path: "data" })] }),
    );
    expect(bytes(wide.encode("ä".repeat(14), "b".repeat(27)))).toBe(maxActionBytes);
  });

  it("an argument schema that lets the separator through", () => {
    const loose = defineAction("lo", [z.string()]);
    expect(() => loose.encode("a|b")).toThrow(DomainError);
  });
});

describe("decodeAction returns null and never throws for", () => {
  it.each([
    ["an empty string", ""],
    ["a thousand characters", "v1|apc|" + "A".repeat(993)],
    ["unicode", "v1|apc|🙂🙂🙂|c"],
    ["unicode everywhere", "ادامه | продолжить | 继续"],
    ["only separators", "|||"],
    ["a single separator", "|"],
    ["the version only", "v1"],
    ["the version and a separator", "v1|"],
    ["an unknown verb", `v1|zzz|${appointmentId}|c`],
    ["an older version", `v0|apc|${appointmentId}|c`],
    ["a newer version", `v2|apc|${appointmentId}|c`],
    ["no version", `apc|${appointmentId}|c`],
    ["too few arguments", `v1|apc|${appointmentId}`],
    ["too many arguments", `v1|apc|${appointmentId}|c|c`],
    ["an empty argument", "v1|apc||c"],
    ["an option that is not offered", `v1|apc|${appointmentId}|q`],
    ["an id that is too long", `v1|apc|${"A".repeat(27)}|c`],
    ["an arguments list on a verb without arguments", "v1|ag|x"],
    ["a trailing separator", "v1|ag|"],
    ["upper-case verb", `v1|APC|${appointmentId}|c`],
    ["JSON", '{"verb":"apc","args":[]}'],
  ])("%s", (_label, data) => {
    expect(decodeAction(data)).toBeNull();
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { verb: "apc", args: [] }],
  ])("%s instead of a string", (_label, data) => {
    expect(decodeAction(data)).toBeNull();
  });
});

describe("defineAction", () => {
  it("refuses a verb that is defined twice", () => {
    expect(() => defineAction("apc", [])).toThrow(/already defined/);
  });

  it("refuses verbs that are too long or use other characters", () => {
    expect(() => defineAction("toolong", [])).toThrow();
    expect(() => defineAction("a|b", [])).toThrow();
    expect(() => defineAction("", [])).toThrow();
  });

  it("refuses options that would not stay short", () => {
    expect(() => actionOptionArg(["confirm"])).toThrow();
    expect(() => actionOptionArg(["a|"])).toThrow();
  });
});
