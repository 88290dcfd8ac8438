import type { PlanRepository } from "../../core/plans/repositories.ts";
import type { DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { caseloadPlanFilter } from "./caseload.ts";

/** `direct`: outside a transaction, the agenda's read of the caseload runs on the driver (direct-sql.ts). */
export function planRepository(db: DbTransaction, direct?: DirectSql): PlanRepository {
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
      const caseload = query.managerId === undefined ? {} : await caseloadPlanFilter(db, query.managerId, direct);
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
