import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { logContact } from "../../src/core/contacts/log-contact.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { ClientDataExport } from "../../src/core/privacy/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { seedWorld, staffActor } from "../support/seed.ts";

const DATA_KEY = Buffer.from("lotse-client-cli-key-0123456789a").toString("base64");

for (const kind of databaseKinds()) {
  describe(`lotse client export and erase on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let world: Awaited<ReturnType<typeof seedWorld>>;
    let dir: string;
    const audited = async (clientId: string) => (await store.audit.listForClient(clientId)).map((e) => [e.actorKind, e.action]);

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      dir = mkdtempSync(join(tmpdir(), "lotse-client-cli-"));
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
      const manager = staffActor(world.manager);
      const plan = await createPlan(deps, manager, { clientId: world.client.id });
      const goal = await addGoal(deps, manager, { planId: plan.id, area: "language", text: "Deutsch auf B1" });
      await addStep(deps, manager, { goalId: goal.id, customText: "Anmeldung VHS abgeben", note: "Kinderbetreuung klären" });
      await createAppointment(deps, manager, { clientIds: [world.client.id], startsAt: "2026-05-11T09:00:00Z", place: "Rathaus, Zimmer 3" });
      await logContact(deps, manager, { clientId: world.client.id, kind: "phone", durationMin: 15, note: "Vermieter angerufen" });
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("exports a client's complete data as JSON (plan, appointment, notes included), audited as the operator", async () => {
      const run = await lotse(env, "client", "export", "--client", world.client.id);
      expect(run.code).toBe(0);
      const data = JSON.parse(run.stdout) as ClientDataExport;
      expect(data.client).toMatchObject({ id: world.client.id, name: "Amina Haddad" });
      expect(data.notesIncluded).toBe(true);
      expect(data.plans[0]?.goals[0]).toMatchObject({ text: "Deutsch auf B1" });
      expect(data.plans[0]?.goals[0]?.steps[0]).toMatchObject({ customText: "Anmeldung VHS abgeben", note: "Kinderbetreuung klären" });
      expect(data.appointments).toEqual([expect.objectContaining({ place: "Rathaus, Zimmer 3", startsAt: "2026-05-11T09:00:00.000Z" })]);
      expect(data.contacts.map((c) => c.note)).toEqual(["Vermieter angerufen"]);
      expect(data.consents.map((c) => c.purpose)).toEqual(["messaging", "plan_checkins"]);
      // --json prints the same document.
      const json = await lotse(env, "client", "export", "--client", world.client.id, "--json");
      expect({ ...(JSON.parse(json.stdout) as ClientDataExport), exportedAt: data.exportedAt }).toEqual(data);
      expect((await audited(world.client.id)).filter(([, action]) => action === "privacy.export")).toEqual([
        ["operator", "privacy.export"],
        ["operator", "privacy.export"],
      ]);
    });

    it("writes the export to a new file with --out and prints a summary; never over an existing file", async () => {
      const file = join(dir, "amina.json");
      const run = await lotse(env, "client", "export", "--client", world.client.id, "--out", file);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`written to ${file}`);
      expect(run.stdout).toContain("Amina Haddad");
      expect(run.stdout).toMatch(/appointments 1, contacts 1/);
      expect(run.stdout).not.toContain("Vermieter");
      const written = JSON.parse(readFileSync(file, "utf8")) as ClientDataExport;
      expect(written.plans[0]?.goals[0]?.text).toBe("Deutsch auf B1");
      if (process.platform !== "win32") expect(statSync(file).mode & 0o077).toBe(0);

      const exportsBefore = (await audited(world.client.id)).length;
      const again = await lotse(env, "client", "export", "--client", world.client.id, "--out", file);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/--out: .* exists/);
      expect((await audited(world.client.id)).length).toBe(exportsBefore);

      const noFolder = await lotse(env, "client", "export", "--client", world.client.id, "--out", join(dir, "no-such-folder", "x.json"));
      expect(noFolder.code).toBe(2);
      expect(noFolder.stderr).toMatch(/--out: the folder .* does not exist/);
      expect((await audited(world.client.id)).length).toBe(exportsBefore); // nothing exported, nothing audited

      const other = join(dir, "lena.json");
      const json = await lotse(env, "client", "export", "--client", world.otherClient.id, "--out", other, "--json");
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ clientId: world.otherClient.id, file: other, notesIncluded: true, counts: { plans: 0 } });
    });

    it("answers a missing, malformed or unknown client id with exit code 2, naming --client", async () => {
      for (const command of [
        ["client", "export"],
        ["client", "erase", "--yes"],
        ["client", "erase"], // an unknown id is named before --yes is asked for
      ]) {
        for (const id of [[], ["--client", ""], ["--client", "x".repeat(65)], ["--client", "no-such-client"]]) {
          const run = await lotse(env, ...command, ...id);
          expect(run.code, `${command.join(" ")} ${id.join(" ")}`).toBe(2);
          expect(run.stderr).toContain("--client");
        }
      }
      const json = await lotse(env, "client", "erase", "--client", "no-such-client", "--yes", "--json");
      expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "usage" } });
      expect(await audited("no-such-client")).toEqual([]);
    });

    it("erases only with --yes: without it exit code 2 names the option and nothing changes", async () => {
      const run = await lotse(env, "client", "erase", "--client", world.client.id);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--yes");
      expect(run.stderr).toMatch(/erases the personal data/);
      expect(await store.clients.get(world.client.id)).toMatchObject({ name: "Amina Haddad", anonymizedAt: null });
      expect(await audited(world.client.id)).not.toContainEqual(["operator", "privacy.erase"]);
    });

    it("erases with --yes (the client row anonymised, audited as the operator); a second erase or export says it is done", async () => {
      const run = await lotse(env, "client", "erase", "--client", world.client.id, "--yes");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Client ${world.client.id} erased at`);
      const client = await store.clients.get(world.client.id);
      expect(client).toMatchObject({ name: "—", status: "closed" });
      expect(client?.anonymizedAt).toBeInstanceOf(Date);
      expect((await store.contacts.listForClient(world.client.id, 10)).map((c) => c.note)).toEqual([null]);
      expect((await audited(world.client.id)).filter(([, action]) => action === "privacy.erase")).toEqual([["operator", "privacy.erase"]]);

      const again = await lotse(env, "client", "erase", "--client", world.client.id, "--yes", "--json");
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ clientId: world.client.id, anonymizedAt: client?.anonymizedAt?.toISOString(), alreadyErased: true });
      expect((await audited(world.client.id)).filter(([, action]) => action === "privacy.erase")).toHaveLength(1);

      const exported = await lotse(env, "client", "export", "--client", world.client.id);
      expect(exported.code).toBe(2);
      expect(exported.stderr).toMatch(/--client: client .* was erased/);
      expect(exported.stdout).not.toContain("Amina");

      // The other tenant's client is untouched, and the audit trail lists the operator's work.
      expect(await store.clients.get(world.otherClient.id)).toMatchObject({ name: "Other Client", anonymizedAt: null });
      const trail = await lotse(env, "audit", "--client", world.client.id);
      expect(trail.stdout).toMatch(/operator\s+operator\s+privacy\.erase/);
    });
  });
}
