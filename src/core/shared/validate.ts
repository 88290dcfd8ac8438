import type { z } from "zod";
import { DomainError } from "../errors.ts";

/** Parses untrusted input at a use case's boundary; a failure is a coded `invalid_input` error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  throw new DomainError("invalid_input", issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; "), issues);
}
