import type { PlanRepository } from "../../core/plans/repositories.ts";
import type { IntegrationPlan } from "../../core/plans/model.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import { rawDate, rawDateOrNull, rawInteger, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { caseloadPlanFilter } from "./caseload.ts";

const getSql = directStatement(
  "plan_get",
  `SELECT "id", "tenantId", "clientId", "householdId", "version", "nextReviewAt", "createdAt", "updatedAt" FROM "IntegrationPlan" WHERE "id" = $1`,
);
const touchSql = directStatement("plan_touch", `UPDATE "IntegrationPlan" SET "updatedAt" = $2 WHERE "id" = $1`);

const fromRawRow = (row: RawRow): IntegrationPlan => ({
  id: rawText(row, "id"),
  tenantId: rawText(row, "tenantId"),
  clientId: rawTextOrNull(row, "clientId"),
  householdId: rawTextOrNull(row, "householdId"),
  version: rawInteger(row, "version"),
  nextReviewAt: rawDateOrNull(row, "nextReviewAt"),
  createdAt: rawDate(row, "createdAt"),
  updatedAt: rawDate(row, "updatedAt"),
});

/** `direct` (direct-sql.ts): the agenda's read of the caseload, and a check-in answer's read and touch of the plan. */
export function planRepository(db: DbTransaction, direct: DirectSql): PlanRepository {
  return {
    async create(plan) {
      await db.integrationPlan.create({ data: { ...plan } });
    },
    async get(id) {
      const [row] = await direct.rows(getSql, [id]);
      return row ? fromRawRow(row) : null;
    },
    async findForClient(clientId) {
      return db.integrationPlan.findFirst({ where: { clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    },
    async findForHousehold(householdId) {
      return db.integrationPlan.findFirst({ where: { householdId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    },
    async touch(planId, at) {
      if ((await direct.run(touchSql, [planId, at])) !== 1) throw new Error(`IntegrationPlan ${planId} does not exist`);
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
