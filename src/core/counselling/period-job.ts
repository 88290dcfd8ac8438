import { outboxContent, type OutboxMessageKey } from "../outbox/message-kinds.ts";
import { system } from "../actor.ts";
import { closeCase } from "../cases/close-case.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { reviewNudgeDueAt } from "../reminders/manager-times.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import { localIsoDate } from "../reminders/staff-recipients.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { localParts } from "../shared/zoned-time.ts";
import { periodDedupePrefix } from "./extend-period.ts";
import { clientsOfTenant } from "./list-periods.ts";
import { counsellingPeriod, dueNudge, type CounsellingPeriod, type NudgeMonths } from "./period.ts";

export const periodNudgeKeys: Record<NudgeMonths, OutboxMessageKey> = {
  3: "manager_counselling.nudge.three_months",
  1: "manager_counselling.nudge.one_month",
};
export const periodClosedKey = "manager_counselling.closed";

export interface PeriodJobReport {
  nudged: number;
  closed: number;
}

async function planNudge(
  deps: CoreDeps,
  repositories: Repositories,
  client: Client,
  managerId: string,
  period: CounsellingPeriod,
  months: NudgeMonths,
  zone: string,
) {
  const settings = await loadReminderSettings(repositories, client.tenantId);
  const now = deps.clock.now();
  const morning = reviewNudgeDueAt(localParts(now, zone), zone, settings);
  const endIso = localIsoDate(localParts(period.endsAt, zone));
  // the last day of counselling is the day before the end instant
  const lastDay = localIsoDate(localParts(new Date(period.endsAt.getTime() - 1), zone));
  await planMessage(deps, repositories, {
    dedupeKey: `${periodDedupePrefix(client.id)}${endIso}:${months}m`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    // The time left is said as it is when the message is read ("in 44 Tagen"): a case can reach the three-month
    // stage with less left (started late, extended briefly), and the stage only names when the nudge is sent.
    ...outboxContent(periodNudgeKeys[months], { client: client.name, lastDate: lastDay, endsIn: lastDay }),
    actions: [],
    dueAt: morning > now ? morning : now,
  });
}

async function closeAtEnd(deps: CoreDeps, client: Client, managerId: string | null, lastDay: string): Promise<void> {
  await closeCase(deps, system, { clientId: client.id });
  if (!managerId) return;
  await deps.store.transaction((repositories) =>
    planMessage(deps, repositories, {
      dedupeKey: `period:${client.id}:closed:${lastDay}`,
      tenantId: client.tenantId,
      recipientKind: "manager",
      recipientId: managerId,
      // About the client: an erasure empties its params (the name) like every message about them.
      clientId: client.id,
      ...outboxContent(periodClosedKey, { client: client.name, lastDate: lastDay }),
      actions: [],
      dueAt: deps.clock.now(),
    }),
  );
}

/**
 * The daily counselling-period job: nudges the responsible manager three months and one month before a case's
 * period ends, and closes cases whose period has ended without an extension (telling the manager). Idempotent: the
 * nudges are keyed by client, end and stage.
 */
export async function runCounsellingPeriodJob(deps: CoreDeps): Promise<PeriodJobReport> {
  const report: PeriodJobReport = { nudged: 0, closed: 0 };
  const now = deps.clock.now();
  for (const tenant of await deps.store.tenants.list()) {
    const open: Client[] = [];
    for await (const client of clientsOfTenant(deps.store, tenant.id, { status: "open" })) open.push(client);
    for (const client of open) {
      const zone = client.timezone ?? tenant.timezone;
      const period = counsellingPeriod(client, await deps.store.counsellingExtensions.listForClient(client.id), zone, now);
      const managerId = primaryManagerId(await deps.store.assignments.listForClient(client.id));
      if (period.status === "overdue") {
        await closeAtEnd(deps, client, managerId, localIsoDate(localParts(new Date(period.endsAt.getTime() - 1), zone)));
        report.closed += 1;
        continue;
      }
      const months = dueNudge(period, zone, now);
      if (months === null || !managerId) continue;
      await deps.store.transaction((repositories) => planNudge(deps, repositories, client, managerId, period, months, zone));
      report.nudged += 1;
    }
  }
  return report;
}
