import { z } from "zod";
import { planAreaSchema } from "../../core/plans/areas.ts";
import { goalStatuses, type Goal } from "../../core/plans/model.ts";
import type { GoalRepository } from "../../core/plans/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawInteger, rawText, rawTextOrNull } from "../raw-rows.ts";
import type { TextSealer } from "../text-sealer.ts";

const statusSchema = z.enum(goalStatuses);
const toGoal = (sealer: TextSealer, row: Omit<Goal, "area" | "status"> & { area: string; status: string }): Goal => ({
  ...row,
  text: sealer.open(row.text),
  area: planAreaSchema.parse(row.area),
  status: statusSchema.parse(row.status),
});

const getSql = directStatement(
  "goal_get",
  `SELECT "id", "planId", "area", "catalogueKey", "text", "status", "position", "createdAt" FROM "Goal" WHERE "id" = $1`,
);

/** The goal's text is sealed at rest (text-sealer.ts). `direct`: the read of a check-in answer on the driver (direct-sql.ts). */
export function goalRepository(db: DbTransaction, sealer: TextSealer, direct: DirectSql): GoalRepository {
  return {
    async create(goal) {
      await db.goal.create({ data: { ...goal, text: sealer.seal(goal.text) } });
    },
    async get(id) {
      const [raw] = await direct.rows(getSql, [id]);
      if (!raw) return null;
      return toGoal(sealer, {
        id: rawText(raw, "id"),
        planId: rawText(raw, "planId"),
        area: rawText(raw, "area"),
        catalogueKey: rawTextOrNull(raw, "catalogueKey"),
        text: rawText(raw, "text"),
        status: rawText(raw, "status"),
        position: rawInteger(raw, "position"),
        createdAt: rawDate(raw, "createdAt"),
      });
    },
    async update(goal) {
      const { id, ...data } = goal;
      await db.goal.update({ where: { id }, data: { ...data, text: sealer.seal(data.text) } });
    },
    async listForPlan(planId) {
      const rows = await db.goal.findMany({ where: { planId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
      return rows.map((row) => toGoal(sealer, row));
    },
  };
}
