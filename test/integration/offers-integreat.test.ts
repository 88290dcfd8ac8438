import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { integreatHttpSource } from "../../src/app/integreat/client.ts";
import { integreatOffersJob } from "../../src/app/integreat/offers-job.ts";
import { createLogger } from "../../src/app/logger.ts";
import { randomIds } from "../../src/app/node-ports.ts";
import { operator } from "../../src/core/actor.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { integreatSyncStatusKey, type LocalOffer } from "../../src/core/offers/model.ts";
import { viewOffer } from "../../src/core/offers/offer-view.ts";
import { setIntegreatRegion } from "../../src/core/offers/set-integreat-region.ts";
import { syncIntegreatOffers } from "../../src/core/offers/sync-integreat.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { reversibleCrypto } from "../fakes/reversible-crypto.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeIntegreat, fakeRegion } from "../support/fake-integreat.ts";

const path = (language: string | null, kind: string) => `/api/v3/${fakeRegion}/${language ? `${language}/` : ""}${kind}/`;
const titles = (offers: LocalOffer[], language: string) => Object.fromEntries(offers.map((o) => [o.sourceKey, o.texts[language]?.title ?? null]));

for (const kind of databaseKinds()) {
  describe(`Integreat sync against a fake Integreat CMS on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let deps: CoreDeps;
    let integreat: FakeIntegreat;
    let municipalityId: string;
    let otherMunicipalityId: string;
    const source = () => integreatHttpSource({ timeoutMs: 300 });
    const cached = () => store.localOffers.listForMunicipalities([municipalityId]);

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target);
      integreat = await new FakeIntegreat().start();
    });
    afterAll(async () => {
      await integreat?.stop();
      await store?.close();
      await db?.drop();
    });

    beforeEach(async () => {
      deps = {
        store,
        clock: new FakeClock("2027-03-01T06:00:00Z"),
        ids: randomIds,
        crypto: reversibleCrypto,
        datePhrases: chronoDatePhrases,
        defaultZone: "Europe/Berlin",
      };
      await store.db.localOffer.deleteMany({});
      await store.db.setting.deleteMany({});
      const tenantId = `tenant-${Math.random().toString(36).slice(2, 8)}`;
      await store.tenants.create({ id: tenantId, name: "Landkreis Esslingen", timezone: "Europe/Berlin", createdAt: new Date("2027-01-01") });
      municipalityId = `${tenantId}-plochingen`;
      otherMunicipalityId = `${tenantId}-wernau`;
      await store.municipalities.create({ id: municipalityId, tenantId, name: "Plochingen", createdAt: new Date("2027-01-01") });
      await store.municipalities.create({ id: otherMunicipalityId, tenantId, name: "Wernau", createdAt: new Date("2027-01-01") });
      await setIntegreatRegion(deps, operator, { municipalityId, region: fakeRegion, baseUrl: integreat.baseUrl });
    });
    afterEach(() => integreat.overrides.clear());

    it("caches events and places in German and every client language the region has, each in its area", async () => {
      const report = await syncIntegreatOffers(deps, source());
      expect(report.municipalities).toEqual([{ municipalityId, ok: true, offers: 4, languages: ["de", "en", "ar", "uk"], failedLanguages: [], error: null }]);
      expect(integreat.requests).not.toContain(path("pl", "events")); // Polish is no client language
      const offers = await cached();
      expect(offers.map((o) => [o.sourceKey, o.kind, o.area])).toEqual([
        ["event:41:2027-03-05", "event", "language"],
        ["event:42:2027-03-12", "event", "work"],
        ["location:7", "place", "everyday"],
        ["location:8", "place", "participation"],
      ]);
      const cafe = offers[0]!;
      expect(cafe).toMatchObject({
        source: "integreat",
        address: "Marktstraße 36, 73207 Plochingen",
        startsAt: new Date("2027-03-05T17:00:00Z"),
        endsAt: new Date("2027-03-05T19:00:00Z"),
        url: `${integreat.baseUrl}/${fakeRegion}/de/events/41-event/`,
        coordinates: { latitude: 48.71, longitude: 9.41 },
      });
      expect(cafe.texts).toMatchObject({
        de: { title: "Sprachcafé im Rathaus" },
        ar: { title: "مقهى اللغة في البلدية" },
        uk: { title: "Мовне кафе в ратуші" },
      });
      // A place's title comes in German in every language (as the real API sends it); its excerpt is the language's own.
      expect(titles(offers, "ar")).toEqual({
        "event:41:2027-03-05": "مقهى اللغة في البلدية",
        "event:42:2027-03-12": null,
        "location:7": "Migrationsberatung der Caritas",
        "location:8": null,
      });
      // A place's map position: a manager can pick it for an appointment, and the client gets it as a map location.
      expect(offers[2]).toMatchObject({
        url: "https://caritas.example/plochingen",
        address: "Hermannstraße 2, 73207 Plochingen",
        coordinates: { latitude: 48.7, longitude: 9.4 },
      });
      const status = JSON.parse((await store.settings.get(integreatSyncStatusKey(municipalityId))) ?? "{}");
      expect(status).toMatchObject({ lastSuccessAt: "2027-03-01T06:00:00.000Z", lastError: null, offers: 4 });
      // the municipality without a region is left alone
      expect(await store.localOffers.listForMunicipalities([otherMunicipalityId])).toEqual([]);
    });

    it("each language keeps its own excerpt and page: an Arabic reader gets both, and a place's German title marked", async () => {
      await syncIntegreatOffers(deps, source());
      const [cafe, , caritas] = await cached();
      expect(cafe?.texts.ar).toEqual({
        title: "مقهى اللغة في البلدية",
        summary: "مقهى اللغة في البلدية. الجميع مرحب بهم. الجميع مرحب بهم. الجميع مرحب بهم.",
        url: `${integreat.baseUrl}/${fakeRegion}/ar/events/41-event/`,
      });
      expect(caritas?.texts.ar).toEqual({
        title: "Migrationsberatung der Caritas",
        summary: "استشارة الهجرة من كاريتاس – مواعيد العمل على الموقع الإلكتروني.",
        url: `${integreat.baseUrl}/${fakeRegion}/ar/locations/7-place/`,
      });
      const arabic = viewOffer(caritas!, "ar", "Europe/Berlin");
      expect(arabic).toMatchObject({ title: "Migrationsberatung der Caritas", titleInGerman: true, inGerman: false, linkInGerman: false });
      expect(arabic.summary).toBe("استشارة الهجرة من كاريتاس – مواعيد العمل على الموقع الإلكتروني.");
      expect(arabic.details).toBe(`Hermannstraße 2, 73207 Plochingen · ${integreat.baseUrl}/${fakeRegion}/ar/locations/7-place/`);
      // A German reader gets the place's own website; a reader of a language the region lacks (Farsi) gets the German
      // text, marked as a whole ("only in German"), with the German page.
      expect(viewOffer(caritas!, "de", "Europe/Berlin").details).toBe("Hermannstraße 2, 73207 Plochingen · https://caritas.example/plochingen");
      expect(viewOffer(cafe!, "fa", "Europe/Berlin")).toMatchObject({ inGerman: true, titleInGerman: false, linkInGerman: false });
      expect(viewOffer(cafe!, "fa", "Europe/Berlin").details).toContain(`${integreat.baseUrl}/${fakeRegion}/de/events/41-event/`);
    });

    it("a failing language keeps its texts from the last good sync; the others are refreshed", async () => {
      await syncIntegreatOffers(deps, source());
      const before = await cached();
      integreat.overrides.set(path("ar", "events"), { status: 500, body: "Internal Server Error" });
      integreat.overrides.set(path("uk", "locations"), "hang");
      const report = await syncIntegreatOffers(deps, source());
      expect(report.municipalities[0]).toMatchObject({ ok: true, failedLanguages: ["ar", "uk"] });
      const after = await cached();
      expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
      expect(titles(after, "ar")).toEqual(titles(before, "ar"));
      expect(titles(after, "uk")).toEqual(titles(before, "uk"));
      expect(titles(after, "en")).toEqual(titles(before, "en"));
    });

    const failures: [string, () => void, RegExp][] = [
      ["the language list answers 503", () => integreat.overrides.set(path(null, "languages"), { status: 503, body: "" }), /languages\/: HTTP 503/],
      ["the language list never answers (timeout)", () => integreat.overrides.set(path(null, "languages"), "hang"), /no answer within 300 ms/],
      ["German events are not JSON", () => integreat.overrides.set(path("de", "events"), { status: 200, body: "<html>Wartung</html>" }), /not JSON/],
      [
        "German places lack their location",
        () => integreat.overrides.set(path("de", "locations"), { status: 200, body: JSON.stringify([{ title: "X", url: "u" }]) }),
        /unexpected answer \(0\.location/,
      ],
      [
        "German events have a broken date",
        () =>
          integreat.overrides.set(path("de", "events"), {
            status: 200,
            body: JSON.stringify([{ title: "X", url: "u", event: { id: 1, start: "morgen", end: "später" } }]),
          }),
        /unexpected answer/,
      ],
      [
        "German answers with nothing at all",
        () => {
          integreat.overrides.set(path("de", "events"), { status: 200, body: "[]" });
          integreat.overrides.set(path("de", "locations"), { status: 200, body: "[]" });
        },
        /no offers at all/,
      ],
    ];

    it.each(failures)("%s: the last good cache stays, the failure is recorded, nothing throws", async (_label, breakIt, reason) => {
      await syncIntegreatOffers(deps, source());
      const before = await cached();
      breakIt();
      (deps.clock as FakeClock).set("2027-03-02T06:00:00Z");
      const report = await syncIntegreatOffers(deps, source());
      expect(report.municipalities).toEqual([expect.objectContaining({ municipalityId, ok: false, offers: 4, error: expect.stringMatching(reason) })]);
      expect(await cached()).toEqual(before);
      const status = JSON.parse((await store.settings.get(integreatSyncStatusKey(municipalityId))) ?? "{}");
      expect(status).toMatchObject({
        lastAttemptAt: "2027-03-02T06:00:00.000Z",
        lastSuccessAt: "2027-03-01T06:00:00.000Z",
        lastError: expect.stringMatching(reason),
      });
    });

    it("an unknown region fails alone; the scheduled job logs it and carries on with the others", async () => {
      await setIntegreatRegion(deps, operator, { municipalityId: otherMunicipalityId, region: "gibt-es-nicht", baseUrl: integreat.baseUrl });
      const lines: string[] = [];
      const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
      const job = integreatOffersJob(deps, logger, { timeoutMs: 300 });
      expect(await job.run()).toEqual({ municipalities: 2, failed: 1 });
      expect(await cached()).toHaveLength(4);
      expect(await store.localOffers.listForMunicipalities([otherMunicipalityId])).toEqual([]);
      const warning = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.municipalityId === otherMunicipalityId);
      expect(warning).toMatchObject({ msg: "Integreat sync failed; keeping the last good offers", reason: expect.stringMatching(/HTTP 404/) });
    });
  });
}
