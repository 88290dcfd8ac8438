import { operator, type Actor } from "../core/actor.ts";
import { createClient } from "../core/cases/create-client.ts";
import { extendCounsellingPeriod } from "../core/counselling/extend-period.ts";
import { addLocalMonths } from "../core/counselling/period.ts";
import type { CoreDeps } from "../core/deps.ts";
import { telegramInviteLink } from "../core/invites/invite-link.ts";
import type { ClientLanguage } from "../core/shared/languages.ts";
import { addManager } from "../core/setup/add-manager.ts";
import { addTenant } from "../core/setup/add-tenant.ts";

export interface DemoData {
  tenantName: string;
  managerName: string;
  /** The manager's one-time code: the left phone sends `/start <code>` with it, as a manager would. */
  managerCode: string;
  supervisorName: string;
  /** The supervisor's one-time code, for the third phone. */
  supervisorCode: string;
  clientName: string;
  clientInvite: { code: string; link: string | null };
}

const DEMO_MANAGER = "Eva Muster";
const DEMO_SUPERVISOR = "Jonas Weber";
const DEMO_CLIENT = "Amina Haddad";

/**
 * Cases the manager has had for years, so that the supervisor's /periods and /report have something to show: one
 * whose three years end within three months, one extended into a fourth year with a reason.
 */
const EARLIER_CASES: readonly { name: string; language: ClientLanguage; monthsAgo: number; extension?: string }[] = [
  { name: "Yonas Tesfay", language: "ti", monthsAgo: 34 },
  { name: "Dariush Karimi", language: "fa", monthsAgo: 37, extension: "Der Sprachkurs B1 endet erst im Herbst; danach Übergang in Ausbildung." },
];

/**
 * What the CLI does for a new installation (tenant add, manager add, manager add --role supervisor) plus the
 * manager's caseload, all through the core use cases: a tenant, a manager and a supervisor (each with an invite code
 * for their phone), two earlier cases and a client invite for the client's phone (the client speaks the language
 * the page chose for that phone).
 */
export async function createDemoData(deps: CoreDeps, timezone: string, run: number, clientLanguage: ClientLanguage): Promise<DemoData> {
  const tenant = await addTenant(deps, operator, { name: `Landkreis Musterhausen (Demo ${run})`, timezone });
  const { manager, invite } = await addManager(deps, operator, { tenantId: tenant.id, name: DEMO_MANAGER });
  const actor: Actor = { kind: "staff", managerId: manager.id, tenantId: tenant.id, role: manager.role };
  const now = deps.clock.now();
  for (const earlier of EARLIER_CASES) {
    const { client } = await createClient(deps, actor, {
      name: earlier.name,
      language: earlier.language,
      caseStartedAt: addLocalMonths(now, -earlier.monthsAgo, timezone),
    });
    if (earlier.extension) await extendCounsellingPeriod(deps, actor, { clientId: client.id, reason: earlier.extension });
  }
  const created = await createClient(deps, actor, { name: DEMO_CLIENT, language: clientLanguage });
  // Added after the extension: its notice to the supervisors would find no linked phone yet.
  const supervisor = await addManager(deps, operator, { tenantId: tenant.id, name: DEMO_SUPERVISOR, role: "supervisor" });
  return {
    tenantName: tenant.name,
    managerName: manager.name,
    managerCode: invite.code,
    supervisorName: supervisor.manager.name,
    supervisorCode: supervisor.invite.code,
    clientName: created.client.name,
    clientInvite: { code: created.invite.code, link: await telegramInviteLink(deps.store.settings, created.invite.code) },
  };
}
