import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { commands } from "../../src/cli/main.ts";
import { migrate, readMigrations } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { lotse, type CliRun } from "../support/cli.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DATA_KEY = Buffer.from("lotse-cli-test-key-0123456789abc").toString("base64");
const DAY_MS = 24 * 60 * 60 * 1000;
const INVITE_CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/;

/** Parses --json output, failing with the command's stderr when it did not succeed. */
function json<T = Record<string, unknown>>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`command failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

interface AddedManagerJson {
  id: string;
  tenantId: string;
  name: string;
  role: string;
  qualification: string | null;
  municipalityIds: string[];
  invite: { code: string; expiresAt: string; telegramLink: string | null };
}

const digest = aesGcmCrypto(dataKeyFromBase64(DATA_KEY)).digest;

for (const kind of databaseKinds()) {
  describe(`lotse CLI on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    /** Row counts of everything the set-up commands write. */
    async function counts() {
      return {
        tenants: await store.db.tenant.count(),
        municipalities: await store.db.municipality.count(),
        managers: await store.db.manager.count(),
        invites: await store.db.invite.count(),
        audit: await store.db.auditEvent.count(),
      };
    }

    async function addTenant(name = "Landkreis Göppingen") {
      return json<{ id: string; name: string; timezone: string }>(await lotse(env, "tenant", "add", "--name", name, "--json"));
    }

    it("help names a repeatable option once", async () => {
      const help = await lotse(env, "manager", "add", "--help");
      expect(help.stdout.match(/\(repeatable\)/g)).toHaveLength(1);
    });

    it("migrate names the migrations it applied to a new database, then reports it up to date", async () => {
      const fresh = await kind.create();
      try {
        const freshEnv = { ...env, DATABASE_URL: fresh.url };
        const all = readMigrations(fresh.target.provider).map((m) => m.name);
        expect(json(await lotse(freshEnv, "migrate", "--json"))).toEqual({ provider: kind.name, applied: all, alreadyApplied: 0, status: "migrated" });
        const again = await lotse(freshEnv, "migrate");
        expect(again.stdout).toBe(`Database (${kind.name}) is up to date: ${all.length} migrations applied before, none pending.\n`);
      } finally {
        await fresh.drop();
      }
    });

    it("tenant add --json prints the new tenant with its id, and it is stored", async () => {
      const tenant = await addTenant("Landkreis Göppingen");
      expect(tenant).toEqual({ id: expect.any(String), name: "Landkreis Göppingen", timezone: "Europe/Berlin" });
      expect(await store.tenants.get(tenant.id)).toMatchObject({ name: "Landkreis Göppingen" });
      const listed = json<{ id: string }[]>(await lotse(env, "tenant", "list", "--json"));
      expect(listed.map((t) => t.id)).toContain(tenant.id);
    });

    it("tenant add without --timezone gives the tenant the installation's zone (LOTSE_TIMEZONE)", async () => {
      const tenant = json<{ id: string; timezone: string }>(
        await lotse({ ...env, LOTSE_TIMEZONE: "Asia/Tokyo" }, "tenant", "add", "--name", "Stadt Tokio", "--json"),
      );
      expect(tenant.timezone).toBe("Asia/Tokyo");
      expect(await store.tenants.get(tenant.id)).toMatchObject({ timezone: "Asia/Tokyo" });
    });

    it("tenant add without --json prints a readable confirmation with the id", async () => {
      const run = await lotse(env, "tenant", "add", "--name", "Stadt Ulm", "--timezone", "Europe/Vienna");
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      const id = /^id: (\S+)$/m.exec(run.stdout)?.[1];
      expect(run.stdout).toContain("Tenant Stadt Ulm added.");
      expect(await store.tenants.get(id ?? "")).toMatchObject({ name: "Stadt Ulm", timezone: "Europe/Vienna" });
    });

    it("municipality add and manager add print an invite code; without a known bot the Telegram link is null", async () => {
      const tenant = await addTenant("Landkreis Esslingen");
      const municipality = json<{ id: string; tenantId: string; name: string }>(
        await lotse(env, "municipality", "add", "--tenant", tenant.id, "--name", "Plochingen", "--json"),
      );
      expect(municipality).toEqual({ id: expect.any(String), tenantId: tenant.id, name: "Plochingen" });

      const before = Date.now();
      const manager = json<AddedManagerJson>(
        await lotse(env, "manager", "add", "--tenant", tenant.id, "--name", "Eva Muster", "--municipality", municipality.id, "--qualification", "b", "--json"),
      );
      expect(manager).toMatchObject({
        tenantId: tenant.id,
        name: "Eva Muster",
        role: "manager",
        qualification: "b",
        municipalityIds: [municipality.id],
        invite: { code: expect.stringMatching(INVITE_CODE), telegramLink: null },
      });
      const expiresAt = Date.parse(manager.invite.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 1000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 1000);

      expect(await store.managers.get(manager.id)).toMatchObject({ name: "Eva Muster", qualification: "b", municipalityIds: [municipality.id] });
      // the code works with the configured data key (the server digests the same way), and is not stored in plain
      const stored = await store.invites.findByCodeHash(digest(manager.invite.code));
      expect(stored).toMatchObject({ managerId: manager.id, purpose: "link_manager", usedAt: null });
      expect(await store.invites.findByCodeHash(manager.invite.code)).toBeNull();
    });

    it("prints the Telegram deep link once the bot's username is known, also for manager invite", async () => {
      const tenant = await addTenant("Landkreis Calw");
      await store.settings.set("telegram.botUsername", "lotse_test_bot");
      try {
        const manager = json<AddedManagerJson>(await lotse(env, "manager", "add", "--tenant", tenant.id, "--name", "Max Muster", "--json"));
        expect(manager.invite.telegramLink).toBe(`https://t.me/lotse_test_bot?start=${manager.invite.code}`);

        const fresh = json<{ code: string; telegramLink: string }>(await lotse(env, "manager", "invite", "--manager", manager.id, "--json"));
        expect(fresh.code).toMatch(INVITE_CODE);
        expect(fresh.code).not.toBe(manager.invite.code);
        expect(fresh.telegramLink).toBe(`https://t.me/lotse_test_bot?start=${fresh.code}`);
        // the earlier unused code stops working
        expect(await store.invites.findByCodeHash(digest(manager.invite.code))).toBeNull();
        expect(await store.invites.findByCodeHash(digest(fresh.code))).toMatchObject({ managerId: manager.id });

        const text = await lotse(env, "manager", "invite", "--manager", manager.id);
        expect(text.code).toBe(0);
        const code = /^Invite code: (\S+)/m.exec(text.stdout)?.[1];
        expect(code).toMatch(INVITE_CODE);
        expect(text.stdout).toContain(`Telegram: https://t.me/lotse_test_bot?start=${code}`);
      } finally {
        await store.db.setting.deleteMany({});
      }
    });

    describe("bad input exits non-zero with a clear message and changes nothing", () => {
      let tenantId: string;
      let foreignMunicipalityId: string;

      beforeAll(async () => {
        tenantId = (await addTenant("Landkreis Reutlingen")).id;
        const other = await addTenant("Landkreis Tübingen");
        foreignMunicipalityId = json<{ id: string }>(await lotse(env, "municipality", "add", "--tenant", other.id, "--name", "Rottenburg", "--json")).id;
      });

      const cases: [string, () => string[], RegExp][] = [
        ["an empty tenant name", () => ["tenant", "add", "--name", ""], /invalid input[\s\S]*--name: must not be empty/],
        ["a missing tenant name", () => ["tenant", "add"], /invalid input[\s\S]*--name/],
        ["an unknown time zone", () => ["tenant", "add", "--name", "X", "--timezone", "Mars/Olympus"], /--timezone: unknown time zone/],
        ["an unknown option", () => ["tenant", "add", "--name", "X", "--colour", "red"], /--colour/],
        ["a stray argument", () => ["tenant", "add", "--name", "X", "Y"], /unexpected argument: Y/],
        ["a missing --tenant", () => ["municipality", "add", "--name", "Pfullingen"], /invalid input[\s\S]*--tenant/],
        ["an unknown tenant id", () => ["municipality", "add", "--tenant", "no-such-tenant", "--name", "Pfullingen"], /not found[\s\S]*no-such-tenant/],
        ["an empty manager name", () => ["manager", "add", "--tenant", tenantId, "--name", " "], /--name: must not be empty/],
        ["qualification z", () => ["manager", "add", "--tenant", tenantId, "--name", "Eva", "--qualification", "z"], /--qualification: /],
        ["role boss", () => ["manager", "add", "--tenant", tenantId, "--name", "Eva", "--role", "boss"], /--role: /],
        [
          "a municipality of another tenant",
          () => ["manager", "add", "--tenant", tenantId, "--name", "Eva", "--municipality", foreignMunicipalityId],
          /--municipality: unknown municipality/,
        ],
        ["an unknown tenant for a manager", () => ["manager", "add", "--tenant", "no-such-tenant", "--name", "Eva"], /not found/],
        ["an unknown manager id", () => ["manager", "invite", "--manager", "no-such-manager"], /not found[\s\S]*no-such-manager/],
        ["an unknown command", () => ["tenant", "remove", "--name", "X"], /unknown command "tenant remove/],
        ["a negative batch size", () => ["keys", "rotate", "--batch", "-5"], /--batch must be a whole number from 1 to 10000/],
        [
          "a day that does not exist, --to left out",
          () => ["report", "--tenant", tenantId, "--from", "2027-02-30"],
          /--from: must be a calendar date YYYY-MM-DD\n {2}--to: is required/,
        ],
        [
          "an unknown municipality for the volunteer register",
          () => ["volunteer", "list", "--municipality", "no-such-municipality"],
          /not found\n {2}--municipality: /,
        ],
        [
          "an unknown municipality for a volunteer",
          () => [
            "volunteer",
            "add",
            "--municipality",
            "no-such-municipality",
            "--name",
            "Zora",
            "--language",
            "de",
            "--offer",
            "other",
            "--availability",
            "x",
            "--consent",
          ],
          /--municipality: unknown municipality/,
        ],
        [
          "an unknown municipality for an offer",
          () => ["offer", "add", "--municipality", "no-such-municipality", "--area", "language", "--title", "Sprachcafé"],
          /--municipality: unknown municipality/,
        ],
      ];

      it.each(cases)("%s", async (_label, argv, message) => {
        const before = await counts();
        const run = await lotse(env, ...argv());
        expect(run.code).toBe(2); // bad input, unknown ids included
        expect(run.stderr).toMatch(/^lotse: /);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe("");
        expect(await counts()).toEqual(before);
      });

      it("with --json also prints the error as JSON on stdout", async () => {
        const run = await lotse(env, "manager", "add", "--tenant", tenantId, "--name", "Eva", "--qualification", "z", "--json");
        expect(run.code).toBe(2);
        expect(JSON.parse(run.stdout)).toMatchObject({
          error: { code: "invalid_input", issues: [expect.objectContaining({ path: "qualification" })] },
        });
      });
    });
  });
}

describe("lotse CLI help", () => {
  // Help needs no database: a DATABASE_URL that cannot work proves it is not touched.
  const env = { DATABASE_URL: "mysql://nowhere/lotse", LOTSE_DATA_KEY: DATA_KEY };

  it("prints the overview of all commands when called without arguments", async () => {
    const run = await lotse(env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain("Usage: lotse <command>");
    for (const command of commands) expect(run.stdout).toContain(command.path.join(" "));
  });

  it("prints the overview for --help with exit code 0", async () => {
    const run = await lotse(env, "--help");
    expect(run.code).toBe(0);
    for (const command of commands) expect(run.stdout).toContain(`${command.path.join(" ")}  `);
  });

  it.each(commands.map((c) => [c.path.join(" "), c] as const))("%s --help exits 0 and lists its options", async (_name, command) => {
    const run = await lotse(env, ...command.path, "--help");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Usage: ${command.usage}`);
    for (const option of [...Object.keys(command.options), "json", "help"]) expect(run.stdout).toMatch(new RegExp(`^  --${option}\\b`, "m"));
  });

  it("manager add --help names every option a manager needs", async () => {
    const run = await lotse(env, "manager", "add", "--help");
    for (const option of ["--tenant", "--name", "--municipality", "--role", "--qualification", "--aad"]) expect(run.stdout).toContain(option);
  });
});

describe("the lotse binary", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lotse-bin-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the real binary in a database of its own (each test alone). */
  function binary(database: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${join(dir, database)}`, LOTSE_DATA_KEY: DATA_KEY };
    delete env.NODE_OPTIONS;
    return (...args: string[]) => promisify(execFile)(process.execPath, [join(repoRoot, "bin/lotse.js"), ...args], { cwd: dir, env, timeout: 60_000 });
  }

  it("runs `tenant add --name X --json` as a real process and prints JSON, once `lotse migrate` made the database", async () => {
    const lotseBin = binary("added.db");
    await lotseBin("migrate");
    const { stdout } = await lotseBin("tenant", "add", "--name", "X", "--json");
    const tenant = JSON.parse(stdout) as { id: string; name: string };
    expect(tenant).toMatchObject({ id: expect.any(String), name: "X", timezone: "Europe/Berlin" });
  });

  it("a command other than migrate never migrates: on a new database it says to run `lotse migrate` and creates nothing", async () => {
    const refused = binary("new.db")("tenant", "add", "--name", "X");
    await expect(refused).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/needs \d+ migration\(s\) first .*run "lotse migrate"/) });
    expect(existsSync(join(dir, "new.db"))).toBe(false);
  });

  it("teams-manifest needs no database and no data key: it creates neither", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${join(dir, "manifest.db")}` };
    delete env.NODE_OPTIONS;
    delete env.LOTSE_DATA_KEY;
    const out = join(dir, "teams.zip");
    const args = [
      join(repoRoot, "bin/lotse.js"),
      "teams-manifest",
      "--app-id",
      "3f2b8c1e-4a5d-4e6f-9a7b-1c2d3e4f5a6b",
      "--out",
      out,
      "--privacy-url",
      "https://lotse.example.org/datenschutz",
      "--terms-url",
      "https://lotse.example.org/nutzung",
    ];
    await promisify(execFile)(process.execPath, args, { cwd: dir, env, timeout: 60_000 });
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(dir, "manifest.db"))).toBe(false);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("exits non-zero with a message on stderr for bad input", async () => {
    const lotseBin = binary("bad-input.db");
    await lotseBin("migrate");
    await expect(lotseBin("tenant", "add", "--name", "")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--name: must not be empty") });
  });
});
