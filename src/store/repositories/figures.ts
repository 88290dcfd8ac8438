import type { FiguresRepository, ManagerCount } from "../../core/figures/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const byManager = <T extends { managerId: string }>(rows: T[]): T[] =>
  rows.sort((a, b) => (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0));

const openCase = (tenantId: string) => ({ tenantId, status: "open", anonymizedAt: null });

/** Primary managers of the tenant's open cases, by client and by household. */
async function primaryManagers(db: DbTransaction, tenantId: string) {
  const rows = await db.caseAssignment.findMany({
    where: { kind: "primary", client: openCase(tenantId) },
    select: { clientId: true, managerId: true, client: { select: { householdId: true } } },
  });
  const byClient = new Map<string, string>();
  const byHousehold = new Map<string, Set<string>>();
  for (const row of rows) {
    byClient.set(row.clientId, row.managerId);
    const household = byHousehold.get(row.client.householdId) ?? new Set<string>();
    byHousehold.set(row.client.householdId, household.add(row.managerId));
  }
  return { byClient, byHousehold };
}

export function figuresRepository(db: DbTransaction): FiguresRepository {
  return {
    async openCasesByManager(tenantId) {
      const rows = await db.caseAssignment.groupBy({
        by: ["managerId"],
        where: { kind: "primary", client: openCase(tenantId) },
        _count: { _all: true },
      });
      return byManager(rows.map((row) => ({ managerId: row.managerId, count: row._count._all })));
    },
    async contactsByManager(tenantId, period) {
      const rows = await db.contact.groupBy({
        by: ["managerId"],
        where: { tenantId, at: { gte: period.from, lt: period.to } },
        _count: { _all: true },
        _sum: { durationMin: true },
      });
      return byManager(rows.map((row) => ({ managerId: row.managerId, count: row._count._all, minutes: row._sum.durationMin ?? 0 })));
    },
    async appointmentsByManager(tenantId, period) {
      const rows = await db.appointment.groupBy({
        by: ["managerId"],
        where: { tenantId, startsAt: { gte: period.from, lt: period.to }, status: { not: "cancelled" } },
        _count: { _all: true },
      });
      return byManager(rows.map((row) => ({ managerId: row.managerId, count: row._count._all })));
    },
    async overduePlanReviews(tenantId, now) {
      const plans = await db.integrationPlan.findMany({
        where: { tenantId, nextReviewAt: { lt: now } },
        select: { clientId: true, householdId: true },
      });
      const managers = await primaryManagers(db, tenantId);
      const counts = new Map<string, number>();
      let total = 0;
      for (const plan of plans) {
        const responsible = plan.clientId
          ? new Set([managers.byClient.get(plan.clientId)].filter((id) => id !== undefined))
          : (managers.byHousehold.get(plan.householdId ?? "") ?? new Set<string>());
        if (responsible.size === 0) continue;
        total += 1;
        for (const managerId of responsible) counts.set(managerId, (counts.get(managerId) ?? 0) + 1);
      }
      const byManagerRows: ManagerCount[] = [...counts].map(([managerId, count]) => ({ managerId, count }));
      return { byManager: byManager(byManagerRows), total };
    },
  };
}
