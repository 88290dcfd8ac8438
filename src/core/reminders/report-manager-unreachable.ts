import { outboxContent } from "../outbox/message-kinds.ts";
import type { CoreDeps } from "../deps.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import type { Manager } from "../setup/model.ts";
import { localParts } from "../shared/zoned-time.ts";
import { escalationDueAt } from "./manager-times.ts";
import { loadReminderSettings, tenantZone } from "./recipient-zone.ts";
import type { UnreachableReason } from "./report-unreachable.ts";

export const managerUnreachableMessageKey = "manager.escalation.manager_unreachable";

/** Who hears of it: a supervisor (Fachaufsicht) first, then an admin, then a colleague; by name within each. */
const rolePreference: Record<Manager["role"], number> = { supervisor: 0, admin: 1, manager: 2 };

function colleagueToTell(staff: Manager[], unreachable: Manager): Manager | null {
  const others = staff.filter((m) => m.active && m.id !== unreachable.id);
  others.sort((a, b) => rolePreference[a.role] - rolePreference[b.role] || a.name.localeCompare(b.name, "de"));
  return others[0] ?? null;
}

/**
 * A message to a staff member failed for good: a supervisor (or an admin, or a colleague) of the tenant is told, at
 * most once a day per person, so the caseload is not left without anyone knowing. A failed notice of this kind is
 * not reported again (no chains). Returns whether someone was told.
 */
export async function reportManagerUnreachable(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Pick<Repositories, "managers" | "outbox" | "tenants" | "settings">,
  args: { managerId: string; reason: UnreachableReason; failedMessageKey?: string },
): Promise<boolean> {
  if (args.failedMessageKey === managerUnreachableMessageKey) return false;
  const manager = await repositories.managers.get(args.managerId);
  if (!manager) return false;
  const colleague = colleagueToTell(await repositories.managers.listByTenant(manager.tenantId), manager);
  if (!colleague) return false;
  const now = deps.clock.now();
  const zone = await tenantZone(repositories, manager.tenantId, deps.defaultZone);
  const day = localParts(now, zone);
  await planMessage(deps, repositories, {
    dedupeKey: `manager:${manager.id}:unreachable:${day.year}-${day.month}-${day.day}`,
    tenantId: manager.tenantId,
    recipientKind: "manager",
    recipientId: colleague.id,
    clientId: null,
    ...outboxContent(managerUnreachableMessageKey, { managerName: manager.name, reason: args.reason }),
    actions: [],
    dueAt: escalationDueAt(now, zone, await loadReminderSettings(repositories, manager.tenantId)),
  });
  return true;
}
