import type { MunicipalityRepository } from "../../core/ports/store.ts";
import type { Municipality } from "../../core/setup/model.ts";
import type { DbTransaction } from "../prisma-client.ts";

type Row = { id: string; tenantId: string; name: string; createdAt: Date };

const toMunicipality = (row: Row): Municipality => ({
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  createdAt: row.createdAt,
});

export function municipalityRepository(db: DbTransaction): MunicipalityRepository {
  return {
    async create(municipality) {
      await db.municipality.create({
        data: {
          id: municipality.id,
          tenantId: municipality.tenantId,
          name: municipality.name,
          createdAt: municipality.createdAt,
        },
      });
    },
    async get(id) {
      const row = await db.municipality.findUnique({ where: { id } });
      return row ? toMunicipality(row) : null;
    },
    async listByTenant(tenantId) {
      return (await db.municipality.findMany({ where: { tenantId }, orderBy: { name: "asc" } })).map(toMunicipality);
    },
  };
}
