import { operator, type Actor } from "../core/actor.ts";
import { createClient } from "../core/cases/create-client.ts";
import type { CoreDeps } from "../core/deps.ts";
import { telegramInviteLink } from "../core/invites/invite-link.ts";
import { addManager } from "../core/setup/add-manager.ts";
import { addTenant } from "../core/setup/add-tenant.ts";

export interface DemoData {
  tenantName: string;
  managerName: string;
  /** The manager's one-time code: the left phone sends `/start <code>` with it, as a manager would. */
  managerCode: string;
  clientName: string;
  clientInvite: { code: string; link: string | null };
}

const DEMO_MANAGER = "Eva Muster";
const DEMO_CLIENT = "Amina Haddad";

/**
 * What the CLI does for a new installation (tenant add, manager add) plus the manager's first client, all through
 * the core use cases: a tenant, a manager (with an invite code for the left phone) and a client invite for the
 * right phone.
 */
export async function createDemoData(deps: CoreDeps, timezone: string, run: number): Promise<DemoData> {
  const tenant = await addTenant(deps, operator, { name: `Landkreis Musterhausen (Demo ${run})`, timezone });
  const { manager, invite } = await addManager(deps, operator, { tenantId: tenant.id, name: DEMO_MANAGER });
  const actor: Actor = { kind: "staff", managerId: manager.id, tenantId: tenant.id, role: manager.role };
  const created = await createClient(deps, actor, { name: DEMO_CLIENT, language: "de" });
  return {
    tenantName: tenant.name,
    managerName: manager.name,
    managerCode: invite.code,
    clientName: created.client.name,
    clientInvite: { code: created.invite.code, link: await telegramInviteLink(deps.store.settings, created.invite.code) },
  };
}
