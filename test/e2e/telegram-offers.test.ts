import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { integreatHttpSource } from "../../src/app/integreat/client.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addLocalOffer } from "../../src/core/offers/add-offer.ts";
import { setIntegreatRegion } from "../../src/core/offers/set-integreat-region.ts";
import { syncIntegreatOffers } from "../../src/core/offers/sync-integreat.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeIntegreat, fakeRegion } from "../support/fake-integreat.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat } from "../support/telegram-given.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * Local offers through real HTTP: the municipality's offers come from a fake Integreat CMS on loopback; the manager
 * adds one by hand with /offeradd (picking or typing the municipality), finds the Integreat language café under its
 * area with /offers and refers an Arabic-speaking client to it; the client gets it in Arabic with its Arabic page,
 * sees the offers with /offers (the hand-made one in German, marked; a place Integreat names in German, its name
 * marked), a week later is asked "Did you go?" in Arabic (and the manager how it went) and answers "I need help"; the
 * manager is told in German.
 *
 * Every test runs alone: each gets a fresh app and clock and brings the world to the point of its step with the
 * "given" helpers below (the municipality's offers cached, the manager linked, Yusuf joined, an offer referred).
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseOffersTest_xy";
const SECRET = "lotse-offers-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-offers-key-0123456789a").toString("base64");
const MANAGER = 9101;
const YUSUF = 9201;
const arabic = /[\u0600-\u06FF]/;
const translator = createTranslator({ localesDir });
const rendered = (key: string, language: string, params?: Record<string, string>) => escapeHtml(translator.renderText(key, params, language));
const START = "2027-03-01T09:00:00Z";

let clock: FakeClock;
let app: App;
let chat: TelegramDriver;
let integreat: FakeIntegreat;
let stopApp: (() => Promise<void>) | undefined;

beforeAll(async () => {
  integreat = await new FakeIntegreat().start();
});

afterAll(async () => {
  await integreat?.stop();
});

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  app = started.app;
  chat = new TelegramDriver(started, SECRET, 900_000);
  stopApp = started.stop;
});

afterEach(async () => {
  await stopApp?.();
  stopApp = undefined;
});

// ---- Given: the world a step needs, built by the test itself -------------------------------------------------------

/** Plochingen's Integreat offers cached, Eva linked in her chat, and Yusuf created (his invite code returned). */
async function givenOffersAndManager() {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Esslingen" });
  const municipality = await addMunicipality(app.deps, operator, { tenantId: tenant.id, name: "Plochingen" });
  await setIntegreatRegion(app.deps, operator, { municipalityId: municipality.id, region: fakeRegion, baseUrl: integreat.baseUrl });
  const report = await syncIntegreatOffers(app.deps, integreatHttpSource({ timeoutMs: 2000 }));
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [municipality.id] });
  await chat.say(MANAGER, `/start ${invite.code}`, "de");
  const created = await createClient(app.deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar", municipalityId: municipality.id });
  return { report, manager, municipality, yusufCode: created.invite.code };
}

/** The same, and Yusuf joined in Arabic (Eva's notice that he can be reached waited for). */
async function givenYusufJoined() {
  const world = await givenOffersAndManager();
  await joinInChat(chat, YUSUF, world.yusufCode, "ar", { chatId: MANAGER, translator });
  return world;
}

/** The manager refers Yusuf to the Integreat language café through /offers; the referral reaches him. */
async function givenReferredToLanguageCafe(): Promise<void> {
  await chat.say(MANAGER, "/offers");
  await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("areas.language", undefined, "de")));
  await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("manager_offers.refer_button", undefined, "de")));
  const from = chat.chatSends(YUSUF).length;
  await chat.press(MANAGER, chat.buttonByText(MANAGER, "Yusuf Haddad"));
  await chat.nextTo(YUSUF, from, "the referral");
}

describe("local offers in Telegram", () => {
  it("the municipality's Integreat offers are cached; the manager links", async () => {
    const { report } = await givenOffersAndManager();
    expect(report.municipalities[0]).toMatchObject({ ok: true, offers: 4 });
  });

  it("the client joins in Arabic", async () => {
    const { yusufCode } = await givenOffersAndManager();
    await chat.say(YUSUF, `/start ${yusufCode}`, "ar");
    await chat.press(YUSUF, chat.buttonByData(YUSUF, /^v1\|lng\|ar$/));
    await chat.press(YUSUF, "v1|cns|a");
    const welcome = await chat.press(YUSUF, "v1|cck|a");
    expect(textOf(welcome.at(-1))).toBe(rendered("client.welcome", "ar"));
  });

  it("the manager adds an offer by hand with /offeradd", async () => {
    const { municipality } = await givenOffersAndManager();
    await addMunicipality(app.deps, operator, { tenantId: municipality.tenantId, name: "Altbach" });
    const asked = await chat.say(MANAGER, "/offeradd");
    expect(textOf(asked.at(-1))).toBe(rendered("manager_offers.add.municipality", "de"));
    // every municipality of the tenant, Eva's own (Plochingen) first
    expect(buttonsOf(asked.at(-1)).map((b) => b.text)).toEqual(["Plochingen", "Altbach", translator.renderText("dialog.button.cancel", undefined, "de")]);
    const refused = await chat.say(MANAGER, "Esslingen");
    expect(textOf(refused[0])).toBe(escapeHtml("Eine Gemeinde „Esslingen“ kenne ich nicht. Es gibt: Plochingen und Altbach."));
    expect(textOf(refused.at(-1))).toBe(rendered("manager_offers.add.municipality", "de"));
    const area = await chat.say(MANAGER, "plo");
    expect(textOf(area.at(-1))).toBe(rendered("manager_offers.add.area", "de"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("areas.participation", undefined, "de")));
    await chat.say(MANAGER, "Fußballtreff für alle");
    await chat.say(MANAGER, "samstags 10 Uhr");
    await chat.say(MANAGER, "Stadionweg 1");
    const done = await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("dialog.button.skip", undefined, "de")));
    expect(textOf(done.at(-1))).toBe(rendered("manager_offers.add.done", "de", { title: "Fußballtreff für alle" }));
  });

  it("/offers by area, refer: the client gets the Integreat offer in Arabic", async () => {
    await givenYusufJoined();
    const picker = await chat.say(MANAGER, "/offers");
    expect(textOf(picker.at(-1))).toBe(rendered("manager_offers.pick_area", "de"));
    const listed = await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("areas.language", undefined, "de")));
    expect(textOf(listed.at(-1))).toContain("Sprachcafé im Rathaus");
    expect(textOf(listed.at(-1))).toContain("aus Integreat");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("manager_offers.refer_button", undefined, "de")));
    const from = chat.chatSends(YUSUF).length;
    const referred = await chat.press(MANAGER, chat.buttonByText(MANAGER, "Yusuf Haddad"));
    expect(textOf(referred.at(-1))).toBe(rendered("manager_offers.referred", "de", { client: "Yusuf Haddad", title: "Sprachcafé im Rathaus" }));
    const message = await chat.nextTo(YUSUF, from, "the referral in Arabic");
    expect(textOf(message)).toContain("مقهى اللغة في البلدية");
    expect(textOf(message)).toContain("الجميع مرحب بهم."); // the Arabic excerpt
    expect(textOf(message)).toMatch(arabic);
    // the link goes to the café's page in Arabic
    expect(textOf(message)).toContain(`${integreat.baseUrl}/${fakeRegion}/ar/events/41-event/`);
    expect(textOf(message)).not.toContain(`/${fakeRegion}/de/`);
  });

  it("the client's /offers shows the Integreat offers in Arabic and the hand-made one in German with a note", async () => {
    const { manager, municipality } = await givenYusufJoined();
    // The offer the manager added by hand with /offeradd.
    await addLocalOffer(app.deps, staffActor(manager), {
      municipalityId: municipality.id,
      area: "participation",
      title: "Fußballtreff für alle",
      timeText: "samstags 10 Uhr",
      address: "Stadionweg 1",
    });
    const [reply] = await chat.say(YUSUF, "/offers", "ar");
    const text = textOf(reply);
    expect(text).toContain(rendered("offers.title", "ar"));
    // Integreat names the Caritas counselling in German in Arabic too: marked as German, with its Arabic page
    expect(text).toContain(escapeHtml(translator.renderText("offers.in_german", { text: "Migrationsberatung der Caritas" }, "ar")));
    expect(text).toContain(`${integreat.baseUrl}/${fakeRegion}/ar/locations/7-place/`);
    expect(text).toContain("Fußballtreff für alle");
    expect(text).toContain(
      escapeHtml(translator.renderText("offers.item_in_german", { title: "Fußballtreff für alle", details: "samstags 10 Uhr · Stadionweg 1" }, "ar")),
    );
  });

  it("a week later the client is asked in Arabic; 'I need help' reaches the manager in German", async () => {
    await givenYusufJoined();
    await givenReferredToLanguageCafe();
    const from = chat.chatSends(YUSUF).length;
    const managerFrom = chat.chatSends(MANAGER).length;
    clock.set("2027-03-08T09:00:00Z");
    const question = await chat.nextTo(YUSUF, from, "the follow-up question");
    expect(textOf(question)).toContain("مقهى اللغة في البلدية");
    expect(buttonsOf(question).map((b) => b.text)).toEqual(
      ["offers.followup.yes", "offers.followup.not_yet", "offers.followup.need_help"].map((key) => translator.renderText(key, undefined, "ar")),
    );
    // The manager is asked the same day how the referral went.
    const asked = await chat.nextTo(MANAGER, managerFrom, "the manager's question of the day");
    expect(textOf(asked)).toBe(
      escapeHtml(translator.renderText("manager_referrals.ask.named", { client: "Yusuf Haddad", target: "Sprachcafé im Rathaus" }, "de")),
    );
    const help = buttonsOf(question).find((b) => b.callback_data?.endsWith("|h"))?.callback_data ?? "";
    await chat.press(YUSUF, help);
    const told = await chat.nextTo(MANAGER, managerFrom + 1, "the manager's notice");
    expect(textOf(told)).toBe(rendered("manager_offers.followup.need_help", "de", { client: "Yusuf Haddad", title: "Sprachcafé im Rathaus" }));
  });
});
