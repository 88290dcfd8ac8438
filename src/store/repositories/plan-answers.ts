import { z } from "zod";
import { planAnswerKinds, type PlanAnswer } from "../../core/plans/model.ts";
import type { PlanAnswerRepository } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const answerSchema = z.enum(planAnswerKinds);
const toPlanAnswer = (row: Omit<PlanAnswer, "answer"> & { answer: string }): PlanAnswer => ({ ...row, answer: answerSchema.parse(row.answer) });

export function planAnswerRepository(db: DbTransaction): PlanAnswerRepository {
  return {
    async record(answer) {
      await db.planAnswer.create({ data: { ...answer } });
    },
    async listForPlan(planId) {
      const rows = await db.planAnswer.findMany({ where: { planId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      return rows.map(toPlanAnswer);
    },
  };
}
