import type { CaseAssignment, Client } from "../cases/model.ts";
import type { Repositories } from "../ports/store.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import type { Manager } from "../setup/model.ts";

/**
 * The manager a client's messages go to: the case's primary manager, while the case is open and the manager active.
 * Null: nobody to write to (case closed, manager left); the client is told so.
 */
export async function activeManagerOf(repositories: Pick<Repositories, "managers">, client: Client, assignments: CaseAssignment[]): Promise<Manager | null> {
  if (client.status !== "open") return null;
  const managerId = primaryManagerId(assignments);
  const manager = managerId ? await repositories.managers.get(managerId) : null;
  return manager?.active ? manager : null;
}
