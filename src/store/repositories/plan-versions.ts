import { z } from "zod";
import { planSnapshotSchema, planVersionReasons, type PlanVersion } from "../../core/plans/model.ts";
import type { PlanVersionRepository } from "../../core/plans/repositories.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";

const reasonSchema = z.enum(planVersionReasons);
const toVersion = (row: Omit<PlanVersion, "snapshot" | "reason"> & { snapshot: string; reason: string }): PlanVersion => ({
  ...row,
  snapshot: readJson(planSnapshotSchema, row.snapshot, "PlanVersion.snapshot"),
  reason: reasonSchema.parse(row.reason),
});

export function planVersionRepository(db: DbTransaction): PlanVersionRepository {
  return {
    async create(version) {
      await db.planVersion.create({ data: { ...version, snapshot: writeJson(version.snapshot) } });
    },
    async listForPlan(planId) {
      const rows = await db.planVersion.findMany({ where: { planId }, orderBy: { version: "asc" } });
      return rows.map(toVersion);
    },
    async replaceSnapshot(planId, version, snapshot) {
      await db.planVersion.update({ where: { planId_version: { planId, version } }, data: { snapshot: writeJson(snapshot) } });
    },
  };
}
