import type { TenantRepository } from "../../core/ports/store.ts";
import type { Tenant } from "../../core/setup/model.ts";
import type { DbTransaction } from "../prisma-client.ts";

type Row = { id: string; name: string; timezone: string; createdAt: Date };

const toTenant = (row: Row): Tenant => ({ id: row.id, name: row.name, timezone: row.timezone, createdAt: row.createdAt });

export function tenantRepository(db: DbTransaction): TenantRepository {
  return {
    async create(tenant) {
      await db.tenant.create({
        data: { id: tenant.id, name: tenant.name, timezone: tenant.timezone, createdAt: tenant.createdAt },
      });
    },
    async get(id) {
      const row = await db.tenant.findUnique({ where: { id } });
      return row ? toTenant(row) : null;
    },
    async list() {
      return (await db.tenant.findMany({ orderBy: { createdAt: "asc" } })).map(toTenant);
    },
  };
}
