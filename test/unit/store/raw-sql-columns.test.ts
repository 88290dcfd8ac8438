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

/** Each model of the schema with its fields. */
function schemaModels(): Map<string, Set<string>> {
  const models = new Map<string, Set<string>>();
  let fields: Set<string> | null = null;
  for (const line of readFileSync(join(root, "prisma/schema.prisma"), "utf8").split("\n")) {
    const model = /^model (\w+) \{/.exec(line);
    if (model?.[1]) {
      fields = new Set();
      models.set(model[1], fields);
    } else if (line.startsWith("}")) {
      fields = null;
    } else if (fields) {
      const field = /^\s+(\w+)\s+\w/.exec(line);
      if (field?.[1]) fields.add(field[1]);
    }
  }
  return models;
}

function schemaNames(): Set<string> {
  const names = new Set<string>();
  for (const [model, fields] of schemaModels()) {
    names.add(model);
    for (const field of fields) names.add(field);
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

  /**
   * The statements beside Prisma (src/store/direct-sql.ts) are checked closer: every column must be a field of the
   * table it is read from or written to (by its alias where the statement joins), not just of some table. Their
   * names must be unique: PostgreSQL keeps them as named statements, one text per name.
   */
  it("names, in each statement beside Prisma, only columns of the tables it reads or writes", () => {
    const models = schemaModels();
    const problems: string[] = [];
    const names: string[] = [];
    for (const file of storeFiles(join(root, "src/store"))) {
      const source = readFileSync(file, "utf8");
      const constants = new Map([...source.matchAll(/const (\w+) = `([^`]*)`/g)].map((match) => [match[1] ?? "", match[2] ?? ""]));
      for (const match of source.matchAll(/directStatement\(\s*"(\w+)",\s*`([^`]*)`/g)) {
        const [, name = "", template = ""] = match;
        names.push(name);
        // `${identityColumns}`: a column list kept in a constant of the same file.
        const sql = template.replace(/\$\{(\w+)\}/g, (_all, constant: string) => constants.get(constant) ?? `"unknown constant ${constant}"`);
        const where = `${file.slice(root.length)} (${name})`;
        const tables = [...sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"(?:\s+(?!WHERE|ON|SET|LEFT|JOIN|ORDER|\()(\w+))?/gi)];
        if (tables.length === 0) problems.push(`${where}: no table`);
        const byAlias = new Map<string, Set<string>>();
        const allFields = new Set<string>();
        for (const [, table = "", alias] of tables) {
          const fields = models.get(table);
          if (!fields) {
            problems.push(`${where}: no table "${table}"`);
            continue;
          }
          if (alias) byAlias.set(alias, fields);
          for (const field of fields) allFields.add(field);
        }
        const tableNames = new Set(tables.map((table) => table[1]));
        for (const [, alias, column = ""] of sql.matchAll(/(?:\b(\w+)\.)?"(\w+)"/g)) {
          if (tableNames.has(column) && !alias) continue;
          const fields = alias ? byAlias.get(alias) : allFields;
          if (!fields?.has(column)) problems.push(`${where}: "${column}"${alias ? ` of ${alias}` : ""}`);
        }
      }
    }
    expect(names.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});
