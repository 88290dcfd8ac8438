import { afterAll, beforeAll } from "vitest";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import type { TestDatabase, TestDatabaseKind } from "./databases.ts";

/**
 * A fresh database of `kind`, migrated, with a Prisma store on it, for the tests of the surrounding describe block:
 * made before the first test, closed and dropped after the last.
 */
export function migratedStoreFor(kind: TestDatabaseKind): { store: () => PrismaStore; database: () => TestDatabase } {
  let database: TestDatabase | undefined;
  let store: PrismaStore | undefined;
  beforeAll(async () => {
    database = await kind.create();
    await migrate(database.target);
    store = createPrismaStore(database.target);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  const opened = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not open yet (only inside tests)`);
    return value;
  };
  return { store: () => opened(store, "store"), database: () => opened(database, "database") };
}
