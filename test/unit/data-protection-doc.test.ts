import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { consentPurposes } from "../../src/core/consent/model.ts";
import { sealedColumns } from "../../src/core/privacy/repositories.ts";

/**
 * docs/data-protection.md is what a municipality's data protection officer reads: it must name every table of the
 * database, every sealed column and every consent purpose as the code has them, so that a new one cannot slip in
 * without being described there.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const doc = readFileSync(join(root, "docs/data-protection.md"), "utf8");
const schema = readFileSync(join(root, "prisma/schema.prisma"), "utf8");

/** Every `model X {` of the schema, in schema order. */
function modelNames(source: string): string[] {
  return [...source.matchAll(/^model\s+(\w+)\s*\{/gm)].map((match) => match[1] ?? "");
}

/** The cells of every Markdown table row, without surrounding spaces. */
function tableCells(markdown: string): string[] {
  return markdown
    .split("\n")
    .filter((line) => line.trimStart().startsWith("|"))
    .flatMap((line) => line.split("|").map((cell) => cell.trim()));
}

const cells = new Set(tableCells(doc));
const inBackticks = (name: string): boolean => doc.includes(`\`${name}\``);
const isDescribed = (model: string): boolean => inBackticks(model) || cells.has(model);

describe("docs/data-protection.md", () => {
  const models = modelNames(schema);

  it("finds the models of the schema", () => {
    expect(models.length).toBeGreaterThan(20);
    expect(models).toContain("Client");
  });

  it("names every table of the database (`model X` in prisma/schema.prisma)", () => {
    expect(models.filter((model) => !isDescribed(model))).toEqual([]);
  });

  it("names every sealed column (sealedColumns)", () => {
    expect(sealedColumns.filter((column) => !inBackticks(column))).toEqual([]);
  });

  it("names the columns the store seals (goal texts, own step texts, step parameters, appointment places)", () => {
    const storeSealed = ["goal.text", "step.customText", "step.params", "appointment.place", "planVersion.snapshot"];
    expect(storeSealed.filter((column) => !inBackticks(column))).toEqual([]);
  });

  it("names every consent purpose (consentPurposes)", () => {
    expect(consentPurposes.filter((purpose) => !inBackticks(purpose))).toEqual([]);
  });
});
