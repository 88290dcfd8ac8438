import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

/**
 * PostgreSQL restarts or fails over: the server ends the store's idle connections. The process must not die of
 * pg's "error" event; the next query gets a new connection.
 */
const postgres = databaseKinds().find((kind) => kind.name === "postgresql");

describe.skipIf(!postgres)("PostgreSQL ends idle connections", () => {
  let database: TestDatabase | undefined;
  let store: PrismaStore | undefined;

  afterEach(async () => {
    await store?.close();
    await database?.drop();
  });

  it("the loss is reported, nothing crashes, and the next query works", async () => {
    database = await postgres!.create();
    await migrate(database.target);
    const lost: Error[] = [];
    let reported!: () => void;
    const whenReported = new Promise<void>((resolve) => (reported = resolve));
    store = createPrismaStore(database.target, {
      onConnectionLost: (error) => {
        lost.push(error);
        reported();
      },
    });
    await store.settings.set("before", "1");

    const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await admin.connect();
    const { rows } = await admin.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database.target.provider === "postgresql" ? new URL(database.url).pathname.slice(1) : ""],
    );
    await admin.end();
    expect(rows.length).toBeGreaterThan(0);

    await whenReported;
    expect(lost[0]?.message).toMatch(/terminat/i);
    await store.settings.set("after", "1");
    expect(await store.settings.get("after")).toBe("1");
  });
});
