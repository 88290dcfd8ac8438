import { z } from "zod";
import type { ManagerRepository } from "../../core/ports/store.ts";
import type { Manager } from "../../core/setup/model.ts";
import { managerRoles, qualifications } from "../../core/shared/values.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawBoolean, rawDate, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";

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
});

export function managerRepository(db: DbTransaction): ManagerRepository {
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
          municipalities: { create: manager.municipalityIds.map((municipalityId) => ({ municipalityId })) },
        },
      });
    },
    // Read for every update from staff: raw SQL (see raw-rows.ts).
    async get(id) {
      const [row] = await db.$queryRaw<RawRow[]>`
        SELECT "id", "tenantId", "name", "role", "qualification", "aadObjectId", "active", "createdAt" FROM "Manager" WHERE "id" = ${id}`;
      if (!row) return null;
      const municipalities = await db.$queryRaw<RawRow[]>`SELECT "municipalityId" FROM "ManagerMunicipality" WHERE "managerId" = ${id}`;
      return toManager({
        id: rawText(row, "id"),
        tenantId: rawText(row, "tenantId"),
        name: rawText(row, "name"),
        role: rawText(row, "role"),
        qualification: rawTextOrNull(row, "qualification"),
        aadObjectId: rawTextOrNull(row, "aadObjectId"),
        active: rawBoolean(row, "active"),
        createdAt: rawDate(row, "createdAt"),
        municipalities: municipalities.map((m) => ({ municipalityId: rawText(m, "municipalityId") })),
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
    async findByAadObjectId(aadObjectId) {
      const row = await db.manager.findUnique({ where: { aadObjectId }, include: withMunicipalities });
      return row ? toManager(row) : null;
    },
  };
}
