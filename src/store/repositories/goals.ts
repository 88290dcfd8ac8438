import { z } from "zod";
import { planAreaSchema } from "../../core/plans/areas.ts";
import { goalStatuses, type Goal } from "../../core/plans/model.ts";
import type { GoalRepository } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { TextSealer } from "../text-sealer.ts";

const statusSchema = z.enum(goalStatuses);
const toGoal = (sealer: TextSealer, row: Omit<Goal, "area" | "status"> & { area: string; status: string }): Goal => ({
  ...row,
  text: sealer.open(row.text),
  area: planAreaSchema.parse(row.area),
  status: statusSchema.parse(row.status),
});

/** The goal's text is sealed at rest (text-sealer.ts). */
export function goalRepository(db: DbTransaction, sealer: TextSealer): GoalRepository {
  return {
    async create(goal) {
      await db.goal.create({ data: { ...goal, text: sealer.seal(goal.text) } });
    },
    async get(id) {
      const row = await db.goal.findUnique({ where: { id } });
      return row ? toGoal(sealer, row) : null;
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
