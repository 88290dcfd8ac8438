import type { PlanRepository } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawText, type RawRow } from "../raw-rows.ts";

export function planRepository(db: DbTransaction): PlanRepository {
  /** Plans of the manager's clients and their households; null for an empty caseload (nothing to ask). */
  async function caseloadFilter(managerId: string) {
    // Two indexed lookups (by manager, then by client id); the second only for a caseload that is not empty.
    const assignments = await db.$queryRaw<RawRow[]>`SELECT "clientId" FROM "CaseAssignment" WHERE "managerId" = ${managerId}`;
    if (assignments.length === 0) return null;
    const clientIds = assignments.map((a) => rawText(a, "clientId"));
    const households = await db.client.findMany({ where: { id: { in: clientIds } }, select: { householdId: true } });
    return {
      OR: [{ clientId: { in: clientIds } }, { householdId: { in: [...new Set(households.map((c) => c.householdId))] } }],
    };
  }

  return {
    async create(plan) {
      await db.integrationPlan.create({ data: { ...plan } });
    },
    async get(id) {
      return db.integrationPlan.findUnique({ where: { id } });
    },
    async findForClient(clientId) {
      return db.integrationPlan.findFirst({ where: { clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    },
    async findForHousehold(householdId) {
      return db.integrationPlan.findFirst({ where: { householdId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    },
    async touch(planId, at) {
      await db.integrationPlan.update({ where: { id: planId }, data: { updatedAt: at } });
    },
    async setNextReviewAt(planId, nextReviewAt, at) {
      await db.integrationPlan.update({ where: { id: planId }, data: { nextReviewAt, updatedAt: at } });
    },
    async bumpVersion(planId, fromVersion, nextReviewAt, at) {
      const result = await db.integrationPlan.updateMany({
        where: { id: planId, version: fromVersion },
        data: { version: fromVersion + 1, nextReviewAt, updatedAt: at },
      });
      return result.count === 1;
    },
    async listDueForReview(query) {
      const caseload = query.managerId === undefined ? {} : await caseloadFilter(query.managerId);
      if (caseload === null) return [];
      return db.integrationPlan.findMany({
        where: {
          tenantId: query.tenantId,
          nextReviewAt: { lte: query.dueBy },
          ...caseload,
        },
        orderBy: [{ nextReviewAt: "asc" }, { id: "asc" }],
      });
    },
  };
}
