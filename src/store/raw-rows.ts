/**
 * Reading rows of the statements beside Prisma (direct-sql.ts: better-sqlite3 or pg) and of Prisma's raw queries.
 * The drivers type columns differently (SQLite: text dates, 0/1 booleans, maybe bigint counts; PostgreSQL: Date,
 * boolean); these helpers accept each and check every value, so a driver change fails loudly.
 */
export type RawRow = Record<string, unknown>;

function problem(what: string, value: unknown): Error {
  return new Error(`${what}: unexpected value ${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
}

export function rawText(row: RawRow, column: string): string {
  const value = row[column];
  if (typeof value === "string") return value;
  throw problem(column, value);
}

export function rawTextOrNull(row: RawRow, column: string): string | null {
  return row[column] === null || row[column] === undefined ? null : rawText(row, column);
}

export function rawDate(row: RawRow, column: string): Date {
  const value = row[column];
  if (value instanceof Date) return value;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw problem(column, value);
}

export function rawDateOrNull(row: RawRow, column: string): Date | null {
  return row[column] === null || row[column] === undefined ? null : rawDate(row, column);
}

export function rawBoolean(row: RawRow, column: string): boolean {
  const value = row[column];
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0 || value === 1n || value === 0n) return Number(value) === 1;
  throw problem(column, value);
}

export function rawInteger(row: RawRow, column: string): number {
  const value = row[column];
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "bigint" && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
  throw problem(column, value);
}

/** A floating-point column (coordinates): a number, or null. */
export function rawNumberOrNull(row: RawRow, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  throw problem(column, value);
}
