import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff } from "../scope/client-access.ts";
import { periodViewOf, type PeriodView } from "./get-period.ts";

const PAGE = 200;

/** Every client of a tenant (optionally only a manager's caseload or only open cases), page by page. */
export async function* clientsOfTenant(
  repositories: Pick<Repositories, "clients">,
  tenantId: string,
  filter: { managerId?: string; status?: Client["status"] } = {},
): AsyncGenerator<Client> {
  for (let offset = 0; ; offset += PAGE) {
    const { clients, total } = await repositories.clients.search({ tenantId, ...filter, offset, limit: PAGE });
    yield* clients;
    if (offset + PAGE >= total || clients.length === 0) return;
  }
}

/**
 * /periods: open cases whose period needs attention — ending within three months, past the end, or extended.
 * A manager sees their caseload; a supervisor or tenant admin the whole tenant, with the reasons of extensions.
 */
export async function listPeriodsNeedingAttention(deps: CoreDeps, actor: Actor): Promise<PeriodView[]> {
  assertStaff(actor);
  const supervising = actor.role === "supervisor" || actor.role === "admin";
  return deps.store.transaction(async (repositories) => {
    const views: PeriodView[] = [];
    const filter = supervising ? { status: "open" as const } : { status: "open" as const, managerId: actor.managerId };
    for await (const client of clientsOfTenant(repositories, actor.tenantId, filter)) {
      const view = await periodViewOf(deps, repositories, client, true);
      if (view.status !== "running") views.push(view);
    }
    return views.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime() || a.clientName.localeCompare(b.clientName, "de"));
  });
}
