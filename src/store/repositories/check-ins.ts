import { z } from "zod";
import { checkInAnswers, type CheckIn } from "../../core/plans/model.ts";
import type { CheckInRepository } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const answerSchema = z.enum(checkInAnswers);
const toCheckIn = (row: Omit<CheckIn, "answer"> & { answer: string }): CheckIn => ({ ...row, answer: answerSchema.parse(row.answer) });

export function checkInRepository(db: DbTransaction): CheckInRepository {
  return {
    async record(checkIn) {
      await db.checkIn.create({ data: { ...checkIn } });
    },
    async listForStep(stepId) {
      const rows = await db.checkIn.findMany({ where: { stepId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      return rows.map(toCheckIn);
    },
  };
}
