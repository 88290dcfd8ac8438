import type { TenantRepository } from "../../core/ports/store.ts";
import type { Tenant } from "../../core/setup/model.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawText } from "../raw-rows.ts";

type Row = { id: string; name: string; timezone: string; createdAt: Date };

const toTenant = (row: Row): Tenant => ({ id: row.id, name: row.name, timezone: row.timezone, createdAt: row.createdAt });

const getSql = directStatement("tenant_get", `SELECT "id", "name", "timezone", "createdAt" FROM "Tenant" WHERE "id" = $1`);

/** `direct`: the read of every update runs on the driver (direct-sql.ts). */
export function tenantRepository(db: DbTransaction, direct: DirectSql): TenantRepository {
  return {
    async create(tenant) {
      await db.tenant.create({
        data: { id: tenant.id, name: tenant.name, timezone: tenant.timezone, createdAt: tenant.createdAt },
      });
    },
    // Read for every chat update (its time zone).
    async get(id) {
      const rows = await direct.rows(getSql, [id]);
      const row = rows[0];
      return row
        ? toTenant({ id: rawText(row, "id"), name: rawText(row, "name"), timezone: rawText(row, "timezone"), createdAt: rawDate(row, "createdAt") })
        : null;
    },
    async list() {
      return (await db.tenant.findMany({ orderBy: { createdAt: "asc" } })).map(toTenant);
    },
  };
}
