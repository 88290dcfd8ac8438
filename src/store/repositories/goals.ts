import { z } from "zod";
import { planAreaSchema } from "../../core/plans/areas.ts";
import { goalStatuses, type Goal } from "../../core/plans/model.ts";
import type { GoalRepository } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const statusSchema = z.enum(goalStatuses);
const toGoal = (row: Omit<Goal, "area" | "status"> & { area: string; status: string }): Goal => ({
  ...row,
  area: planAreaSchema.parse(row.area),
  status: statusSchema.parse(row.status),
});

export function goalRepository(db: DbTransaction): GoalRepository {
  return {
    async create(goal) {
      await db.goal.create({ data: { ...goal } });
    },
    async get(id) {
      const row = await db.goal.findUnique({ where: { id } });
      return row ? toGoal(row) : null;
    },
    async update(goal) {
      const { id, ...data } = goal;
      await db.goal.update({ where: { id }, data });
    },
    async listForPlan(planId) {
      const rows = await db.goal.findMany({ where: { planId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
      return rows.map(toGoal);
    },
  };
}
