import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lotse, type CliRun } from "../support/cli.ts";
import { loadReminderSettings, reminderSettingsKey } from "../../src/core/reminders/recipient-zone.ts";
import { defaultReminderSettings } from "../../src/core/reminders/settings.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const DATA_KEY = Buffer.from("lotse-cli-test-key-0123456789abc").toString("base64");

function json<T = Record<string, unknown>>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`command failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

for (const kind of databaseKinds()) {
  describe(`lotse tenant reminders on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let tenantId: string;

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      tenantId = json<{ id: string }>(await lotse(env, "tenant", "add", "--name", "Landkreis Göppingen", "--json")).id;
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    const stored = () => store.settings.get(reminderSettingsKey(tenantId));

    it("without changes shows the defaults and writes nothing", async () => {
      const run = await lotse(env, "tenant", "reminders", "--tenant", tenantId);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe("Reminder settings:\noffsets: 24h,2h\nquiet hours: 21:00-08:00\n");
      expect(await stored()).toBeNull();
    });

    it("sets offsets and quiet hours; the planners read them", async () => {
      const set = json(await lotse(env, "tenant", "reminders", "--tenant", tenantId, "--offsets", "2h, 1d ,90m", "--quiet", "22:00-07:30", "--json"));
      expect(set).toMatchObject({
        tenantId,
        changed: true,
        offsets: "24h,2h,90m",
        quiet: "22:00-07:30",
        appointmentOffsetsMin: [1440, 120, 90],
        quietHours: { start: "22:00", end: "07:30" },
      });
      expect(await loadReminderSettings(store, tenantId)).toEqual({
        ...defaultReminderSettings,
        appointmentOffsetsMin: [1440, 120, 90],
        quietHours: { start: "22:00", end: "07:30" },
      });
      // Only the quiet hours change; the offsets stay.
      const text = await lotse(env, "tenant", "reminders", "--tenant", tenantId, "--quiet", "off");
      expect(text.stdout).toBe("Reminder settings saved (they apply to messages planned from now on).\noffsets: 24h,2h,90m\nquiet hours: off\n");
      expect((await loadReminderSettings(store, tenantId)).appointmentOffsetsMin).toEqual([1440, 120, 90]);
      expect(await store.db.auditEvent.count({ where: { action: "tenant.reminders.set" } })).toBe(2);
    });

    const invalid: [string, string[], RegExp][] = [
      ["an offset without unit", ["--offsets", "24"], /--offsets: "24" is not an offset like 24h/],
      ["an offset too short", ["--offsets", "2m"], /--offsets: "2m" is not an offset/],
      ["an offset too long", ["--offsets", "15d"], /--offsets: "15d" is not an offset/],
      ["an offset twice", ["--offsets", "24h,1d"], /--offsets: an offset appears twice/],
      ["six offsets", ["--offsets", "1h,2h,3h,4h,5h,6h"], /--offsets: at most 5 offsets/],
      ["quiet hours without end", ["--quiet", "21:00"], /--quiet: "21:00" is not a range like 21:00-08:00/],
      ["quiet hours at 25:00", ["--quiet", "25:00-08:00"], /--quiet: "25:00-08:00" is not a range/],
    ];

    it.each(invalid)("refuses %s with a clear message and changes nothing", async (_label, argv, message) => {
      const before = await stored();
      const run = await lotse(env, "tenant", "reminders", "--tenant", tenantId, ...argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^lotse: invalid input/);
      expect(run.stderr).toMatch(message);
      expect(await stored()).toBe(before);
    });

    it("refuses an unknown tenant and a missing --tenant", async () => {
      const unknown = await lotse(env, "tenant", "reminders", "--tenant", "nope", "--offsets", "2h");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^lotse: not found/);
      const missing = await lotse(env, "tenant", "reminders", "--offsets", "2h", "--json");
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "invalid_input", issues: [expect.objectContaining({ path: "tenantId" })] } });
    });
  });
}
