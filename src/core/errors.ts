/**
 * Coded domain errors. Adapters translate `code` into a message in the user's language
 * (`errors.<code>` in the locales) and never show `detail`, which is for logs and the CLI.
 */
export const errorCodes = [
  "invalid_input",
  "not_found",
  "forbidden",
  "conflict",
  "invite_invalid",
  "invite_expired",
  "invite_used",
  "already_linked",
  "consent_required",
  "case_closed",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[];

  constructor(code: ErrorCode, detail: string, issues: ErrorIssue[] = []) {
    super(detail);
    this.name = "DomainError";
    this.code = code;
    this.issues = issues;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError("not_found", `${what} ${id} not found`);
}

export function forbidden(detail: string): DomainError {
  return new DomainError("forbidden", detail);
}
