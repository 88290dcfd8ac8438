import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import { DomainError } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { searchKey } from "../shared/search-key.ts";

/** How many candidates an ambiguous name reports. */
export const maxCandidates = 10;

/** Issue path of a candidate in an ambiguous-name `conflict`: `candidates.<clientId>`, with the name as message. */
export const candidatePath = (clientId: string) => `candidates.${clientId}`;

/**
 * Finds the one open client of the manager's caseload a typed name means: an exact name wins, otherwise the name must
 * match one client. No match is `not_found`; several are a `conflict` listing the candidates (ids and names) in its
 * issues, so the adapter can ask which one was meant.
 */
export async function resolveClientByName(
  repositories: Pick<Repositories, "clients">,
  actor: Extract<Actor, { kind: "staff" }>,
  query: string,
): Promise<Client> {
  const { clients, total } = await repositories.clients.search({
    tenantId: actor.tenantId,
    managerId: actor.managerId,
    nameContains: query,
    status: "open",
    limit: maxCandidates,
  });
  const exact = clients.filter((c) => searchKey(c.name) === searchKey(query));
  const [only] = exact.length === 1 ? exact : total === 1 ? clients : [];
  if (only) return only;
  if (total === 0) {
    throw new DomainError("not_found", "no client of the caseload matches the name", [{ path: "client", message: "no client of your caseload has this name" }]);
  }
  throw new DomainError(
    "conflict",
    `${total} clients of the caseload match the name`,
    clients.map((c) => ({ path: candidatePath(c.id), message: c.name })),
  );
}
