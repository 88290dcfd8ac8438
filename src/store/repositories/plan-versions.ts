import { z } from "zod";
import { planSnapshotSchema, planVersionReasons, type PlanVersion } from "../../core/plans/model.ts";
import type { PlanVersionRepository } from "../../core/plans/repositories.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { TextSealer } from "../text-sealer.ts";

const reasonSchema = z.enum(planVersionReasons);
const toVersion = (sealer: TextSealer, row: Omit<PlanVersion, "snapshot" | "reason"> & { snapshot: string; reason: string }): PlanVersion => ({
  ...row,
  snapshot: readJson(planSnapshotSchema, sealer.open(row.snapshot), "PlanVersion.snapshot"),
  reason: reasonSchema.parse(row.reason),
});

/** A version's whole JSON (goal texts, step texts and parameters) is sealed at rest (text-sealer.ts). */
export function planVersionRepository(db: DbTransaction, sealer: TextSealer): PlanVersionRepository {
  return {
    async create(version) {
      await db.planVersion.create({ data: { ...version, snapshot: sealer.seal(writeJson(version.snapshot)) } });
    },
    async listForPlan(planId) {
      const rows = await db.planVersion.findMany({ where: { planId }, orderBy: { version: "asc" } });
      return rows.map((row) => toVersion(sealer, row));
    },
    async replaceSnapshot(planId, version, snapshot) {
      await db.planVersion.update({ where: { planId_version: { planId, version } }, data: { snapshot: sealer.seal(writeJson(snapshot)) } });
    },
  };
}
