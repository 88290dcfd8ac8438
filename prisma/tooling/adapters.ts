/**
 * Driver adapters for the Prisma CLI only (migrate diff, drift checks). The running service does not use
 * these: it applies migrations with src/store/migrator.ts. See docs/architecture.md ("Migrations").
 *
 * They work around three known Prisma 6.19 issues with the JS schema engine:
 * - SQLite: whole migration.sql files arrive through executeRaw, which runs one statement (P3006).
 * - PostgreSQL: adapter-pg rejects the internal column types `name` (oid 19) and `"char"` (oid 18).
 * - PostgreSQL: the shadow database is dropped before its pool is closed.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { randomUUID } from "node:crypto";

type Factory = PrismaBetterSQLite3 | PrismaPg;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;

function isParameterlessScript(query: { sql: string; args: unknown[] }): boolean {
  return query.args.length === 0 && query.sql.split(";").filter((part) => part.trim() !== "").length > 1;
}

function withScriptRouting<T extends Adapter>(adapter: T): T {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: { sql: string; args: unknown[] }) => {
          if (isParameterlessScript(query)) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query as never);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function sqliteCliAdapter(url: string) {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withScriptRouting(await factory.connect()),
    connectToShadowDb: async () => withScriptRouting(await factory.connectToShadowDb()),
  };
}

const TEXT_OID = 25;
const INTERNAL_TEXT_OIDS = new Set([18, 19]);

/** A pool that reports PostgreSQL's internal `name` and `"char"` columns as text. */
class InternalTypesAsTextPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.then((res: pg.QueryResult) => {
        for (const field of res.fields ?? []) {
          if (INTERNAL_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
        }
        return res;
      }) as never;
    }
    return result as never;
  }
}

export function postgresCliAdapter(url: string) {
  const parsed = new URL(url);
  const base: pg.PoolConfig = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
  };
  const factory = new PrismaPg(new InternalTypesAsTextPool(base));
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: async () => {
      const database = `lotse_shadow_${randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(base);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      const pool = new InternalTypesAsTextPool({ ...base, database });
      const adapter = await new PrismaPg(pool).connect();
      return new Proxy(adapter, {
        get(target, prop, receiver) {
          if (prop === "dispose") {
            return async () => {
              await pool.end();
              await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
              await admin.end();
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
