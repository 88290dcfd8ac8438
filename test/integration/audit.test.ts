import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { logContact } from "../../src/core/contacts/log-contact.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { exportClientData } from "../../src/core/privacy/export-client-data.ts";
import { requestErasure } from "../../src/core/privacy/request-erasure.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { clientActor, seedWorld, staffActor } from "../support/seed.ts";

const DATA_KEY = Buffer.from("lotse-audit-test-key-0123456789a").toString("base64");

interface Trail {
  clientId: string;
  events: { at: string; actorKind: string; actorName: string; action: string; subjectKind: string; subjectId: string }[];
}

for (const kind of databaseKinds()) {
  describe(`lotse audit on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let world: Awaited<ReturnType<typeof seedWorld>>;

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      const clock = new FakeClock("2026-05-04T08:00:00Z");
      const deps: CoreDeps = {
        store,
        clock,
        ids: new SequentialIds(),
        crypto: aesGcmCrypto(dataKeyFromBase64(DATA_KEY)),
        datePhrases: chronoDatePhrases,
        defaultZone: "Europe/Berlin",
      };
      world = await seedWorld(store);
      await logContact(deps, staffActor(world.manager), { clientId: world.client.id, kind: "phone", durationMin: 15, note: "Geheime Notiz zur Gesundheit" });
      clock.advance(60_000);
      await exportClientData(deps, staffActor(world.supervisor), { clientId: world.client.id });
      clock.advance(60_000);
      await requestErasure(deps, clientActor(world.client), { clientId: world.client.id });
      clock.advance(60_000);
      await exportClientData(deps, staffActor(world.stranger), { clientId: world.otherClient.id });
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("lists who read or changed what of the client, and when, as JSON", async () => {
      const run = await lotse(env, "audit", "--client", world.client.id, "--json");
      expect(run.code).toBe(0);
      const trail = JSON.parse(run.stdout) as Trail;
      expect(trail.events.map((e) => [e.at, e.actorKind, e.actorName, e.action])).toEqual([
        ["2026-05-04T08:00:00.000Z", "manager", "Eva Muster", expect.stringMatching(/^contact\./)],
        ["2026-05-04T08:01:00.000Z", "supervisor", "Sabine Aufsicht", "privacy.export"],
        ["2026-05-04T08:02:00.000Z", "client", "client", "privacy.erasure_request"],
      ]);
    });

    it("prints a readable trail without note texts or client names", async () => {
      const run = await lotse(env, "audit", "--client", world.client.id);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines[0]).toBe(`Audit trail of client ${world.client.id}:`);
      expect(lines[2]).toMatch(/^2026-05-04T08:01:00.000Z\s+supervisor\s+Sabine Aufsicht\s+privacy.export\s+client /);
      expect(run.stdout).not.toContain("Geheime Notiz");
      expect(run.stdout).not.toContain(world.client.name);
    });

    it("answers an unknown client and a missing --client as bad input (exit code 2), naming --client", async () => {
      const unknown = await lotse(env, "audit", "--client", "no-such-client");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("--client: client no-such-client not found");
      const missing = await lotse(env, "audit");
      expect(missing.code).toBe(2);
    });
  });
}
