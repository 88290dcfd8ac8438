import { z } from "zod";
import { checkInAnswers, type CheckIn } from "../../core/plans/model.ts";
import type { CheckInRepository } from "../../core/plans/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawInteger } from "../raw-rows.ts";

const answerSchema = z.enum(checkInAnswers);
const toCheckIn = (row: Omit<CheckIn, "answer"> & { answer: string }): CheckIn => ({ ...row, answer: answerSchema.parse(row.answer) });

const recordSql = directStatement("checkin_record", `INSERT INTO "CheckIn" ("id", "stepId", "clientId", "answer", "at") VALUES ($1, $2, $3, $4, $5)`);
const countSql = directStatement("checkin_count", `SELECT CAST(COUNT(*) AS INTEGER) AS answers FROM "CheckIn" WHERE "stepId" = $1`);

/** `direct`: an answer's write and the count that numbers the next question on the driver (direct-sql.ts). */
export function checkInRepository(db: DbTransaction, direct: DirectSql): CheckInRepository {
  return {
    async record(checkIn) {
      await direct.run(recordSql, [checkIn.id, checkIn.stepId, checkIn.clientId, checkIn.answer, checkIn.at]);
    },
    async countForStep(stepId) {
      const [row] = await direct.rows(countSql, [stepId]);
      return row ? rawInteger(row, "answers") : 0;
    },
    async listForStep(stepId) {
      const rows = await db.checkIn.findMany({ where: { stepId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      return rows.map(toCheckIn);
    },
  };
}
