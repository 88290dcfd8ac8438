import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The SQL the store writes by hand (raw reads, the outbox claim) names tables and columns in double quotes. Every
 * such name must be a model or a field of prisma/schema.prisma (or an alias the same statement defines), so renaming a
 * column in the schema fails here, before a query fails at run time on one provider.
 */

const root = fileURLToPath(new URL("../../..", import.meta.url));

function schemaNames(): Set<string> {
  const names = new Set<string>();
  let inModel = false;
  for (const line of readFileSync(join(root, "prisma/schema.prisma"), "utf8").split("\n")) {
    const model = /^model (\w+) \{/.exec(line);
    if (model?.[1]) {
      names.add(model[1]);
      inModel = true;
    } else if (line.startsWith("}")) {
      inModel = false;
    } else if (inModel) {
      const field = /^\s+(\w+)\s+\w/.exec(line);
      if (field?.[1]) names.add(field[1]);
    }
  }
  return names;
}

function storeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : storeFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The template literals of a source file (raw SQL lives in them), without `${…}` substitutions. */
const templates = (source: string): string[] => [...source.matchAll(/`([^`]*)`/g)].map((match) => (match[1] ?? "").replace(/\$\{[^}]*\}/g, " "));

describe("hand-written SQL against the schema", () => {
  const names = schemaNames();

  it("reads the models and fields of the schema", () => {
    expect(names.has("OutboxMessage")).toBe(true);
    expect(names.has("claimedUntil")).toBe(true);
  });

  it("names only tables and columns that exist (or aliases it defines)", () => {
    const unknown: string[] = [];
    let checked = 0;
    for (const file of storeFiles(join(root, "src/store"))) {
      for (const sql of templates(readFileSync(file, "utf8"))) {
        if (!/\b(SELECT|UPDATE|INSERT|DELETE)\b/i.test(sql)) continue;
        const aliases = new Set([...sql.matchAll(/\bAS\s+"(\w+)"/gi)].map((match) => match[1]));
        for (const [, name] of sql.matchAll(/"(\w+)"/g)) {
          checked += 1;
          if (name && !names.has(name) && !aliases.has(name)) unknown.push(`${file.slice(root.length)}: "${name}"`);
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });
});
