import type { ReportRepository } from "../../core/reports/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

/** The funding report's lean rows (see src/core/reports/repositories.ts). */
export function reportRepository(db: DbTransaction): ReportRepository {
  return {
    async clients(tenantId) {
      const rows = await db.client.findMany({
        where: { tenantId },
        orderBy: { id: "asc" },
        select: {
          id: true,
          householdId: true,
          municipalityId: true,
          caseStartedAt: true,
          closedAt: true,
          anonymizedAt: true,
          household: { select: { municipalityId: true } },
        },
      });
      return rows.map((row) => ({
        id: row.id,
        householdId: row.householdId,
        municipalityId: row.municipalityId ?? row.household.municipalityId,
        caseStartedAt: row.caseStartedAt,
        closedAt: row.closedAt,
        anonymized: row.anonymizedAt !== null,
      }));
    },
    async contacts(tenantId, period) {
      return db.contact.findMany({
        where: { tenantId, at: { gte: period.from, lt: period.to } },
        orderBy: { id: "asc" },
        select: { clientId: true, kind: true, durationMin: true },
      });
    },
    async plans(tenantId) {
      return db.integrationPlan.findMany({
        where: { tenantId },
        orderBy: { id: "asc" },
        select: { id: true, clientId: true, householdId: true, createdAt: true, nextReviewAt: true },
      });
    },
    async planVersions(tenantId, period) {
      return db.planVersion.findMany({
        where: { plan: { tenantId }, createdAt: { gte: period.from, lt: period.to } },
        orderBy: [{ planId: "asc" }, { version: "asc" }],
        select: { planId: true, reason: true, createdAt: true },
      });
    },
    async goals(tenantId) {
      return db.goal.findMany({ where: { plan: { tenantId } }, orderBy: { id: "asc" }, select: { planId: true, area: true, status: true } });
    },
    async referrals(tenantId, period) {
      return db.referral.findMany({
        where: { tenantId, createdAt: { gte: period.from, lt: period.to } },
        orderBy: { id: "asc" },
        select: { clientId: true, targetKind: true, target: true },
      });
    },
  };
}
