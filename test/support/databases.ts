import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "../../src/store/database-url.ts";
import { parseDatabaseUrl } from "../../src/store/database-url.ts";

/** A fresh, empty database for one test file; `drop` removes it. */
export interface TestDatabase {
  name: "sqlite" | "postgresql";
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

export interface TestDatabaseKind {
  name: "sqlite" | "postgresql";
  create(): Promise<TestDatabase>;
}

const sqlite: TestDatabaseKind = {
  name: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "lotse-test-"));
    const url = `file:${join(dir, "lotse.db")}`;
    return {
      name: "sqlite",
      url,
      target: parseDatabaseUrl(url),
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgres(baseUrl: string): TestDatabaseKind {
  return {
    name: "postgresql",
    async create() {
      const database = `lotse_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(baseUrl);
      url.pathname = `/${database}`;
      return {
        name: "postgresql",
        url: url.toString(),
        target: parseDatabaseUrl(url.toString()),
        async drop() {
          const client = new pg.Client({ connectionString: baseUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
          await client.end();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL whenever TEST_POSTGRES_URL is set. */
export function databaseKinds(): TestDatabaseKind[] {
  const url = process.env.TEST_POSTGRES_URL;
  return url ? [sqlite, postgres(url)] : [sqlite];
}
