import { afterAll, beforeAll, describe, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { retentionScenario } from "../unit/core/privacy/retention-scenario.ts";

const DATA_KEY = Buffer.from("lotse-retention-key-0123456789ab").toString("base64");

for (const kind of databaseKinds()) {
  describe(`retention job on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target);
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("anonymises old closed cases, carries out due erasure requests and deletes expired records", async () => {
      const clock = new FakeClock("2027-06-01T03:30:00Z");
      const deps: CoreDeps = {
        store,
        clock,
        ids: new SequentialIds(),
        crypto: aesGcmCrypto(dataKeyFromBase64(DATA_KEY)),
        datePhrases: chronoDatePhrases,
        defaultZone: "Europe/Berlin",
      };
      await retentionScenario(deps, store, clock);
    });
  });
}
