import type { Db } from "./prisma-client.ts";

/** Open cases and active staff accounts per tenant: counts only, keyed by tenant id (the metrics' gauges). */
export interface TenantActivity {
  tenantId: string;
  openClients: number;
  activeManagers: number;
}

/** One statement for every tenant (tenants without cases or staff read 0), on SQLite and PostgreSQL alike. */
export async function tenantActivity(db: Db): Promise<TenantActivity[]> {
  const rows = await db.$queryRawUnsafe<{ tenantId: string; openClients: number | bigint; activeManagers: number | bigint }[]>(
    `SELECT t."id" AS "tenantId",
       (SELECT COUNT(*) FROM "Client" c WHERE c."tenantId" = t."id" AND c."status" = 'open') AS "openClients",
       (SELECT COUNT(*) FROM "Manager" m WHERE m."tenantId" = t."id" AND m."active" = true) AS "activeManagers"
     FROM "Tenant" t`,
  );
  return rows.map((row) => ({ tenantId: String(row.tenantId), openClients: Number(row.openClients), activeManagers: Number(row.activeManagers) }));
}

/** The names in the migrator's journal (src/store/migrator.ts), read over the store's own connection. */
export async function appliedMigrationNames(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM _lotse_migrations");
  return rows.map((row) => String(row.name));
}
