import { z } from "zod";
import { assessmentDataSchema, assessmentSections, type AssessmentVersion } from "../../core/assessment/model.ts";
import type { AssessmentVersionRepository } from "../../core/assessment/repositories.ts";
import { genders } from "../../core/cases/model.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";

const changedSchema = z.array(z.enum(assessmentSections));
const genderSchema = z.enum(genders).nullable();

type Row = Omit<AssessmentVersion, "data" | "changed" | "gender"> & { data: string; changed: string; gender: string | null };

const toVersion = (row: Row): AssessmentVersion => ({
  ...row,
  data: readJson(assessmentDataSchema, row.data, "AssessmentVersion.data"),
  changed: readJson(changedSchema, row.changed, "AssessmentVersion.changed"),
  gender: genderSchema.parse(row.gender),
});

/** The non-sensitive data of each version is kept as Assessment.data is (plain JSON, docs/data-protection.md). */
export function assessmentVersionRepository(db: DbTransaction): AssessmentVersionRepository {
  return {
    async create(version) {
      await db.assessmentVersion.create({ data: { ...version, data: writeJson(version.data), changed: writeJson(version.changed) } });
    },
    async listForClient(clientId, limit) {
      const rows = await db.assessmentVersion.findMany({ where: { clientId }, orderBy: { version: "desc" }, ...(limit === undefined ? {} : { take: limit }) });
      return rows.map(toVersion);
    },
    async deleteForClient(clientId) {
      return (await db.assessmentVersion.deleteMany({ where: { clientId } })).count;
    },
  };
}
