import type { CoreDeps } from "../core/deps.ts";
import { isDomainError } from "../core/errors.ts";
import { idSchema } from "../core/shared/values.ts";
import { UsageError } from "./command.ts";

/** The `--client` option of `lotse client …`: a client id, or a usage error (exit 2) that names the option. */
export function clientOption(value: unknown): string {
  if (value === undefined) throw new UsageError("--client is required: the client's id");
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--client must be a client id (1 to 64 characters), not "${String(value)}"`);
  return parsed.data;
}

type MissingClient = { kind: "unknown" } | { kind: "erased"; at: Date };

/**
 * Why a use case answered `not_found` for the client: there is no such client, or they were erased (the row stays,
 * anonymised, and every use case treats it as gone). `null` for any other error, which the caller rethrows.
 */
export async function missingClient(deps: CoreDeps, clientId: string, error: unknown): Promise<MissingClient | null> {
  if (!isDomainError(error) || error.code !== "not_found") return null;
  const client = await deps.store.clients.get(clientId);
  if (!client) return { kind: "unknown" };
  return client.anonymizedAt ? { kind: "erased", at: client.anonymizedAt } : null;
}

/** An id the installation does not know: a usage error naming `--client` (exit 2). */
export const unknownClient = (clientId: string): UsageError => new UsageError(`--client: no client with id ${clientId}`);
