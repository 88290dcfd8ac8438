import { assessmentDataSchema, type StoredAssessment } from "../../core/assessment/model.ts";
import type { AssessmentRepository } from "../../core/assessment/repositories.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";

const toAssessment = (row: Omit<StoredAssessment, "data"> & { data: string }): StoredAssessment => ({
  ...row,
  data: readJson(assessmentDataSchema, row.data, "Assessment.data"),
});

export function assessmentRepository(db: DbTransaction): AssessmentRepository {
  return {
    async get(clientId) {
      const row = await db.assessment.findUnique({ where: { clientId } });
      return row ? toAssessment(row) : null;
    },
    async put(assessment) {
      const { clientId, ...rest } = assessment;
      const data = { ...rest, data: writeJson(assessment.data) };
      await db.assessment.upsert({ where: { clientId }, create: { clientId, ...data }, update: data });
    },
    async delete(clientId) {
      const result = await db.assessment.deleteMany({ where: { clientId } });
      return result.count > 0;
    },
  };
}
