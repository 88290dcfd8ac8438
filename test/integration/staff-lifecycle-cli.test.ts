import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentConsentVersions } from "../../src/core/consent/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { lotse } from "../support/cli.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const DATA_KEY = Buffer.from("lotse-cli-test-key-0123456789abc").toString("base64");

/** `lotse manager list|set|reassign` and `lotse municipality list` against a real database, as an operator uses them. */
for (const kind of databaseKinds()) {
  describe(`lotse staff lifecycle on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let tenantId: string;
    let weinheim: string;
    let hemsbach: string;
    let eva: string;
    let jonas: string;
    let sabine: string;
    const at = new Date("2027-03-01T09:00:00Z");
    const json = <T>(stdout: string) => JSON.parse(stdout) as T;

    async function seedClient(
      id: string,
      name: string,
      managerId: string,
      options: { municipalityId?: string; kind?: "primary" | "shared"; status?: "open" | "closed" } = {},
    ) {
      await store.households.create({ id: `h-${id}`, tenantId, municipalityId: null, label: name, createdAt: at });
      await store.clients.create({
        id,
        tenantId,
        householdId: `h-${id}`,
        municipalityId: options.municipalityId ?? null,
        name,
        language: "ar",
        timezone: null,
        status: options.status ?? "open",
        caseStartedAt: at,
        closedAt: options.status === "closed" ? at : null,
        anonymizedAt: null,
        createdAt: at,
      });
      await store.assignments.assign({ clientId: id, managerId, kind: options.kind ?? "primary", createdAt: at });
    }

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      tenantId = json<{ id: string }>((await lotse(env, "tenant", "add", "--name", "Landkreis Lebenslauf", "--json")).stdout).id;
      const municipality = async (name: string) =>
        json<{ id: string }>((await lotse(env, "municipality", "add", "--tenant", tenantId, "--name", name, "--json")).stdout).id;
      weinheim = await municipality("Weinheim");
      hemsbach = await municipality("Hemsbach");
      const manager = async (...argv: string[]) =>
        json<{ id: string }>((await lotse(env, "manager", "add", "--tenant", tenantId, ...argv, "--json")).stdout).id;
      eva = await manager("--name", "Eva Muster", "--municipality", weinheim, "--municipality", hemsbach, "--qualification", "a");
      jonas = await manager("--name", "Jonas Kern", "--municipality", weinheim, "--qualification", "b");
      sabine = await manager("--name", "Sabine Aufsicht", "--role", "supervisor");
      await store.identities.upsert({
        id: "eva-tg",
        channel: "telegram",
        externalId: "6001",
        conversationRef: '{"chatId":6001}',
        managerId: eva,
        clientId: null,
        locale: "de",
        active: true,
        linkedAt: at,
        deactivatedAt: null,
      });
      await seedClient("c1", "Amina Haddad", eva, { municipalityId: weinheim });
      await seedClient("c2", "Omar Haddad", eva, { municipalityId: hemsbach });
      await seedClient("c3", "Karl Zu", eva, { status: "closed" });
      await seedClient("c4", "Yusuf Demir", jonas, { municipalityId: weinheim });
      await store.assignments.assign({ clientId: "c4", managerId: eva, kind: "shared", createdAt: at });
      await store.consents.append({
        id: "consent-c1",
        clientId: "c1",
        purpose: "messaging",
        version: currentConsentVersions.messaging,
        given: true,
        channel: "telegram",
        at,
      });
      await lotse(env, "offer", "region", "--municipality", weinheim, "--region", "weinheim");
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("manager list: role, qualification, municipalities, open cases and chat accounts per staff member (no chat ids)", async () => {
      const run = await lotse(env, "manager", "list", "--tenant", tenantId, "--json");
      expect(run.code).toBe(0);
      expect(json(run.stdout)).toEqual([
        {
          id: eva,
          name: "Eva Muster",
          role: "manager",
          qualification: "a",
          active: true,
          municipalities: ["Hemsbach", "Weinheim"],
          openCases: { primary: 2, shared: 1 },
          chatAccounts: { telegram: 1, teams: 0 },
        },
        expect.objectContaining({ id: jonas, qualification: "b", municipalities: ["Weinheim"], openCases: { primary: 1, shared: 0 } }),
        expect.objectContaining({ id: sabine, role: "supervisor", qualification: null, chatAccounts: { telegram: 0, teams: 0 } }),
      ]);
      expect(run.stdout).not.toContain("6001");
      const text = await lotse(env, "manager", "list", "--tenant", tenantId);
      expect(text.stdout).toContain("Staff of Landkreis Lebenslauf (3):");
      expect(text.stdout).toContain(
        `${eva}  Eva Muster  manager  qualification a  active  municipalities: Hemsbach, Weinheim  open cases: 2 primary, 1 shared`,
      );
      expect(text.stdout).toContain("Qualification mix (active integration managers): a 1, b 1, c 0, none 0");
    });

    it("municipality list: Integreat region, staff assigned, open cases", async () => {
      const run = await lotse(env, "municipality", "list", "--tenant", tenantId, "--json");
      expect(run.code).toBe(0);
      expect(json(run.stdout)).toEqual([
        { id: hemsbach, name: "Hemsbach", integreat: null, managers: 1, openCases: 1 },
        { id: weinheim, name: "Weinheim", integreat: { region: "weinheim", baseUrl: "https://cms.integreat-app.de" }, managers: 2, openCases: 2 },
      ]);
      expect((await lotse(env, "municipality", "list", "--tenant", tenantId)).stdout).toContain(
        `${weinheim}  Weinheim  Integreat weinheim  staff 2  open cases 2`,
      );
    });

    it("manager set: changes role and qualification, audited; neither option, a bad value or an unknown id is exit 2 naming the option", async () => {
      const run = await lotse(env, "manager", "set", "--manager", jonas, "--role", "supervisor", "--qualification", "none", "--json");
      expect(run.code).toBe(0);
      expect(json(run.stdout)).toMatchObject({ role: "supervisor", qualification: null, previous: { role: "manager", qualification: "b" }, changed: true });
      expect(await store.managers.get(jonas)).toMatchObject({ role: "supervisor", qualification: null });
      expect(await store.db.auditEvent.count({ where: { action: "manager.role", subjectId: jonas } })).toBe(1);
      const back = await lotse(env, "manager", "set", "--manager", jonas, "--role", "manager", "--qualification", "b");
      expect(back.stdout).toContain("Jonas Kern: role manager, qualification b (was role supervisor, qualification none)");

      const neither = await lotse(env, "manager", "set", "--manager", jonas);
      expect(neither.code).toBe(2);
      expect(neither.stderr).toContain("--role");
      expect(neither.stderr).toContain("--qualification");
      for (const [argv, option] of [
        [["--manager", "nobody", "--role", "admin"], "--manager"],
        [["--manager", jonas, "--role", "boss"], "--role"],
        [["--manager", jonas, "--qualification", "d"], "--qualification"],
      ] as const) {
        const bad = await lotse(env, "manager", "set", ...argv);
        expect(bad.code, argv.join(" ")).toBe(2);
        expect(bad.stderr).toContain(option);
      }
      expect(await store.managers.get(jonas)).toMatchObject({ role: "manager", qualification: "b" });
    });

    it("manager deactivate --reassign-later points to manager reassign while cases remain", async () => {
      const run = await lotse(env, "manager", "deactivate", "--manager", eva, "--reassign-later");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("3 open case(s) are still assigned"); // two of her own, one shared
      expect(run.stdout).toContain(`reassign with: lotse manager reassign --from ${eva} --to ID`);
    });

    it("manager reassign: named clients first (each a handover, skipped ones with the reason), then the rest", async () => {
      const first = await lotse(
        env,
        "manager",
        "reassign",
        "--from",
        eva,
        "--to",
        jonas,
        "--client",
        "c1",
        "--client",
        "c3",
        "--note",
        "Wohnungssuche läuft",
        "--json",
      );
      expect(first.code).toBe(0);
      expect(json(first.stdout)).toMatchObject({
        from: { id: eva, name: "Eva Muster" },
        to: { id: jonas, name: "Jonas Kern" },
        clients: [
          { clientId: "c1", outcome: "handed_over", clientNotified: true },
          { clientId: "c3", outcome: "skipped", reason: "closed" },
        ],
      });
      expect((await store.assignments.listForClient("c1")).map((a) => [a.managerId, a.kind])).toEqual([[jonas, "primary"]]);
      const handovers = await store.db.handover.findMany({ where: { clientId: "c1" } });
      expect(handovers).toHaveLength(1);
      expect(handovers[0]?.note).not.toContain("Wohnungssuche");
      expect(await store.db.outboxMessage.count({ where: { messageKey: "client.handover.introduction", recipientId: "c1" } })).toBe(1);
      expect(await store.db.outboxMessage.count({ where: { messageKey: "manager_card.handover.received", recipientId: jonas } })).toBe(1);

      const rest = await lotse(env, "manager", "reassign", "--from", eva, "--to", sabine);
      expect(rest.code).toBe(0);
      expect(rest.stdout).toContain("From Eva Muster to Sabine Aufsicht:");
      expect(rest.stdout).toContain("c2  handed over (client not told: no messaging consent)");
      expect(rest.stdout).toContain("c4  no longer shared with Eva Muster (the primary manager stays)");
      expect(rest.stdout).toContain("Handed over 1, no longer shared 1, skipped 0.");
      expect((await store.assignments.listForClient("c4")).map((a) => [a.managerId, a.kind])).toEqual([[jonas, "primary"]]);
      expect(await store.db.auditEvent.count({ where: { action: "case.handover" } })).toBe(2);
      expect(await store.db.auditEvent.count({ where: { action: "case.unshare", clientId: "c4" } })).toBe(1);

      const none = await lotse(env, "manager", "reassign", "--from", eva, "--to", jonas);
      expect(none.stdout).toContain("Eva Muster has no open cases: nothing to reassign.");
    });

    it("an unknown or missing id is bad input (exit 2) naming the option, and changes nothing", async () => {
      const cases: [string[], string][] = [
        [["manager", "list", "--tenant", "nowhere"], "--tenant"],
        [["manager", "list"], "--tenant"],
        [["municipality", "list", "--tenant", "nowhere"], "--tenant"],
        [["manager", "reassign", "--from", "nobody", "--to", jonas], "--from"],
        [["manager", "reassign", "--from", jonas, "--to", "nobody"], "--to"],
        [["manager", "reassign", "--from", jonas, "--to", jonas], "--to"],
        [["manager", "reassign", "--from", jonas, "--to", sabine, "--client", "ghost"], "--client"],
        [["manager", "reassign", "--to", sabine], "--from"],
      ];
      for (const [argv, option] of cases) {
        const run = await lotse(env, ...argv);
        expect(run.code, argv.join(" ")).toBe(2);
        expect(run.stderr, argv.join(" ")).toContain(option);
      }
      expect((await store.assignments.listForClient("c1")).map((a) => a.managerId)).toEqual([jonas]);
    });
  });
}
