/** The statements of a migration script, each with the comment lines above it, without the final semicolon. */
const chunksOf = (sql: string): string[] => sql.split(/;\s*(?:\n|$)/).filter((chunk) => chunk.trim() !== "");
const statementOf = (chunk: string): string =>
  chunk
    .replace(/^--.*$/gm, "")
    .replace(/\s+/g, " ")
    .trim();

/**
 * Prisma 6 does not read back a B-tree index with an operator class (`ops: raw("text_pattern_ops")`): its diff then
 * drops and re-creates that index on every run. Such a pair is no change when the migrations already create the index
 * exactly so; it is taken out of the diff, and whatever else the diff holds stays.
 */
export function withoutUnreadIndexes(diffSql: string, migrationsSql: string): string {
  const migrated = new Set(chunksOf(migrationsSql).map(statementOf));
  const chunks = chunksOf(diffSql);
  const statements = chunks.map(statementOf);
  const unread = new Set(
    statements.flatMap((statement) => {
      const name = /^CREATE INDEX "([^"]+)" /.exec(statement)?.[1];
      return name !== undefined && migrated.has(statement) && statements.includes(`DROP INDEX "${name}"`) ? [name] : [];
    }),
  );
  const isUnreadPair = (statement: string) => {
    const name = /^(?:DROP INDEX|CREATE INDEX) "([^"]+)"/.exec(statement)?.[1];
    return name !== undefined && unread.has(name);
  };
  return chunks
    .filter((_, i) => !isUnreadPair(statements[i] ?? ""))
    .map((chunk) => `${chunk.trim()};\n`)
    .join("\n");
}
