import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lotse } from "../support/cli.ts";
import { identify } from "../../src/core/identities/identify.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const DATA_KEY = Buffer.from("lotse-cli-test-key-0123456789abc").toString("base64");

for (const kind of databaseKinds()) {
  describe(`lotse manager deactivate / activate on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let managerId: string;
    const at = new Date("2027-03-01T09:00:00Z");

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      const tenant = JSON.parse((await lotse(env, "tenant", "add", "--name", "Landkreis Abschied", "--json")).stdout) as { id: string };
      const added = JSON.parse((await lotse(env, "manager", "add", "--tenant", tenant.id, "--name", "Eva Geht", "--json")).stdout) as { id: string };
      managerId = added.id;
      await store.identities.upsert({
        id: "eva-tg",
        channel: "telegram",
        externalId: "5001",
        conversationRef: '{"chatId":5001}',
        managerId,
        clientId: null,
        locale: "de",
        active: true,
        linkedAt: at,
        deactivatedAt: null,
      });
      await store.households.create({ id: "h1", tenantId: tenant.id, municipalityId: null, label: "Haddad", createdAt: at });
      await store.clients.create({
        id: "c1",
        tenantId: tenant.id,
        householdId: "h1",
        municipalityId: null,
        name: "Amina Haddad",
        language: "ar",
        timezone: null,
        status: "open",
        caseStartedAt: at,
        closedAt: null,
        anonymizedAt: null,
        createdAt: at,
      });
      await store.assignments.assign({ clientId: "c1", managerId, kind: "primary", createdAt: at });
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("with open cases and nobody named to take them, changes nothing and names --reassign-to", async () => {
      const run = await lotse(env, "manager", "deactivate", "--manager", managerId);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("--reassign-to: 1 open case(s) are assigned to Eva Geht: name who takes them over");
      expect(await store.managers.get(managerId)).toMatchObject({ active: true });
      expect((await store.identities.findByExternal("telegram", "5001"))?.active).toBe(true);
    });

    it("--reassign-later: switches off the staff member and their chats at once, names the cases still assigned, audits it", async () => {
      const run = await lotse(env, "manager", "deactivate", "--manager", managerId, "--reassign-later");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Eva Geht is deactivated.");
      expect(run.stdout).toContain("Chat accounts switched off now: 1.");
      expect(run.stdout).toContain("1 open case(s) are still assigned");
      expect(await store.managers.get(managerId)).toMatchObject({ active: false });
      expect((await store.identities.findByExternal("telegram", "5001"))?.active).toBe(false);
      // The chat is a stranger's now: it sees and changes no case.
      expect((await identify({ store }, "telegram", "5001")).actor).toEqual({ kind: "stranger" });
      const audit = await store.db.auditEvent.findMany({ where: { action: "manager.deactivate", subjectId: managerId } });
      expect(audit).toHaveLength(1);
      const again = await lotse(env, "manager", "deactivate", "--manager", managerId, "--reassign-later", "--json");
      expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, chatAccountsSwitchedOff: 0 });
    });

    it("activates again; the person links a chat with a new invite", async () => {
      const run = await lotse(env, "manager", "activate", "--manager", managerId);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`lotse manager invite --manager ${managerId}`);
      expect(await store.managers.get(managerId)).toMatchObject({ active: true });
    });

    it("an unknown or missing id is bad input (exit 2) and names --manager", async () => {
      for (const argv of [["--manager", "nobody"], []]) {
        const run = await lotse(env, "manager", "deactivate", ...argv);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("--manager");
      }
      const nobodyTakesOver = await lotse(env, "manager", "deactivate", "--manager", managerId, "--reassign-to", "nobody");
      expect(nobodyTakesOver.code).toBe(2);
      expect(nobodyTakesOver.stderr).toContain("--reassign-to: must be another active staff member of the same tenant");
    });
  });
}
