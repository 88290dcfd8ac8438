import type { z } from "zod";

/** JSON kept in a text column (portable across SQLite and PostgreSQL), validated by zod when read. */
export function readJson<S extends z.ZodType>(schema: S, text: string, column: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`stored JSON in ${column} is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`stored JSON in ${column} does not match its schema`);
  return result.data;
}

export const writeJson = (value: unknown): string => JSON.stringify(value);
