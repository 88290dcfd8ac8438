import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const DATA_KEY = Buffer.from("lotse-volunteer-cli-key-01234567").toString("base64");
const digest = aesGcmCrypto(dataKeyFromBase64(DATA_KEY)).digest;

for (const kind of databaseKinds()) {
  describe(`lotse volunteer and offer commands on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let municipalityId: string;

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      const tenant = JSON.parse((await lotse(env, "tenant", "add", "--name", "Landkreis Esslingen", "--json")).stdout) as { id: string };
      municipalityId = (JSON.parse((await lotse(env, "municipality", "add", "--tenant", tenant.id, "--name", "Plochingen", "--json")).stdout) as { id: string })
        .id;
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("volunteer add needs --consent; with it the volunteer is registered, listed and gets a single-use invite", async () => {
      const base = [
        "volunteer",
        "add",
        "--municipality",
        municipalityId,
        "--name",
        "Zora Weber",
        "--language",
        "de",
        "--language",
        "ar",
        "--offer",
        "language_tandem",
        "--availability",
        "montags abends",
      ];
      const refused = await lotse(env, ...base);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/consent/);
      expect(await store.db.volunteer.count()).toBe(0);
      const bad = await lotse(env, ...base, "--offer", "cooking", "--consent");
      expect(bad.code).toBe(2);
      expect(await store.db.volunteer.count()).toBe(0);

      const added = JSON.parse((await lotse(env, ...base, "--consent", "--json")).stdout) as { id: string; languages: string[] };
      expect(added.languages).toEqual(["de", "ar"]);
      const listed = await lotse(env, "volunteer", "list", "--municipality", municipalityId);
      expect(listed.stdout).toContain("Zora Weber  [de, ar]  language_tandem  (montags abends)");
      const invite = JSON.parse((await lotse(env, "volunteer", "invite", "--volunteer", added.id, "--json")).stdout) as { code: string };
      expect(await store.volunteerAccess.findInviteByCodeHash(digest(invite.code))).toMatchObject({ volunteerId: added.id, usedAt: null });
      expect((await lotse(env, "volunteer", "invite", "--volunteer", "nobody")).code).toBe(2);
    });

    it("offer region and offer add keep the municipality's offer settings and hand-made offers", async () => {
      const region = await lotse(env, "offer", "region", "--municipality", municipalityId, "--region", "plochingen", "--json");
      expect(JSON.parse(region.stdout)).toEqual({ municipalityId, integreat: { region: "plochingen", baseUrl: "https://cms.integreat-app.de" } });
      expect((await lotse(env, "offer", "region", "--municipality", municipalityId)).stderr).toMatch(/--region or --none/);
      expect((await lotse(env, "offer", "region", "--municipality", municipalityId, "--region", "Not A Slug")).code).toBe(2);

      const added = JSON.parse(
        (
          await lotse(
            env,
            "offer",
            "add",
            "--municipality",
            municipalityId,
            "--area",
            "language",
            "--title",
            "Sprachcafé",
            "--time",
            "dienstags 18 Uhr",
            "--link",
            "https://example.org/cafe",
            "--json",
          )
        ).stdout,
      ) as { id: string };
      expect(await store.localOffers.get(added.id)).toMatchObject({
        source: "manual",
        area: "language",
        timeText: "dienstags 18 Uhr",
        texts: { de: { title: "Sprachcafé" } },
      });
      const before = await store.db.localOffer.count();
      const bad = await lotse(env, "offer", "add", "--municipality", municipalityId, "--area", "cooking", "--title", "X");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--area/);
      expect(await store.db.localOffer.count()).toBe(before);
    });
  });
}
