import { z } from "zod";
import type { ManagerRepository } from "../../core/ports/store.ts";
import type { Manager } from "../../core/setup/model.ts";
import { managerRoles, qualifications } from "../../core/shared/values.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawBoolean, rawDate, rawText, rawTextOrNull } from "../raw-rows.ts";

const withMunicipalities = { municipalities: { select: { municipalityId: true } } } as const;

type Row = {
  id: string;
  tenantId: string;
  name: string;
  role: string;
  qualification: string | null;
  aadObjectId: string | null;
  active: boolean;
  createdAt: Date;
  quietHours: string | null;
  workDays: string | null;
  municipalities: { municipalityId: string }[];
};

const roleSchema = z.enum(managerRoles);
const qualificationSchema = z.enum(qualifications).nullable();

const toManager = (row: Row): Manager => ({
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  role: roleSchema.parse(row.role),
  qualification: qualificationSchema.parse(row.qualification),
  municipalityIds: row.municipalities.map((m) => m.municipalityId).sort(),
  aadObjectId: row.aadObjectId,
  active: row.active,
  createdAt: row.createdAt,
  // Own working times only when set: a manager without them reads like one created before they existed.
  ...(row.quietHours ? { quietHours: row.quietHours } : {}),
  ...(row.workDays ? { workDays: row.workDays } : {}),
});

const getSql = directStatement(
  "manager_get",
  `SELECT m."id", m."tenantId", m."name", m."role", m."qualification", m."aadObjectId", m."active", m."createdAt", m."quietHours", m."workDays",
          mm."municipalityId"
   FROM "Manager" m LEFT JOIN "ManagerMunicipality" mm ON mm."managerId" = m."id"
   WHERE m."id" = $1`,
);

/** `direct`: the read of every update from staff runs on the driver (direct-sql.ts). */
export function managerRepository(db: DbTransaction, direct: DirectSql): ManagerRepository {
  return {
    async create(manager) {
      await db.manager.create({
        data: {
          id: manager.id,
          tenantId: manager.tenantId,
          name: manager.name,
          role: manager.role,
          qualification: manager.qualification,
          aadObjectId: manager.aadObjectId,
          active: manager.active,
          createdAt: manager.createdAt,
          quietHours: manager.quietHours ?? null,
          workDays: manager.workDays ?? null,
          municipalities: { create: manager.municipalityIds.map((municipalityId) => ({ municipalityId })) },
        },
      });
    },
    // Read for every update from staff: one statement with the municipalities joined, a row per municipality
    // (one row with NULL when there are none).
    async get(id) {
      const rows = await direct.rows(getSql, [id]);
      const [row] = rows;
      if (!row) return null;
      return toManager({
        id: rawText(row, "id"),
        tenantId: rawText(row, "tenantId"),
        name: rawText(row, "name"),
        role: rawText(row, "role"),
        qualification: rawTextOrNull(row, "qualification"),
        aadObjectId: rawTextOrNull(row, "aadObjectId"),
        active: rawBoolean(row, "active"),
        createdAt: rawDate(row, "createdAt"),
        quietHours: rawTextOrNull(row, "quietHours"),
        workDays: rawTextOrNull(row, "workDays"),
        municipalities: rows.flatMap((joined) => {
          const municipalityId = rawTextOrNull(joined, "municipalityId");
          return municipalityId === null ? [] : [{ municipalityId }];
        }),
      });
    },
    async listByTenant(tenantId) {
      const rows = await db.manager.findMany({
        where: { tenantId },
        include: withMunicipalities,
        orderBy: { name: "asc" },
      });
      return rows.map(toManager);
    },
    async setActive(id, active) {
      await db.manager.update({ where: { id }, data: { active } });
    },
    async setRole(id, { role, qualification }) {
      await db.manager.update({ where: { id }, data: { role, qualification } });
    },
    async setWorkingTimes(id, times) {
      await db.manager.update({ where: { id }, data: { quietHours: times.quietHours, workDays: times.workDays } });
    },
    async findByAadObjectId(aadObjectId) {
      const row = await db.manager.findUnique({ where: { aadObjectId }, include: withMunicipalities });
      return row ? toManager(row) : null;
    },
  };
}
