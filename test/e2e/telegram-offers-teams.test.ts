import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardOf, cardText, elements, teamsText } from "../support/teams-text.ts";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addLocalOffer } from "../../src/core/offers/add-offer.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { registerVolunteer } from "../../src/core/volunteers/register-volunteer.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeConnector, type ConnectorCall } from "../support/fake-connector.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

/**
 * The manager side of local offers, the counselling period and volunteers from Microsoft Teams (cards through a
 * fake Bot Framework connector): the same core flows and forms as in Telegram.
 *
 * Every test runs alone: each gets a fresh app and brings the world to the point of its step with `givenWorld` (Eva
 * linked, a client, a hand-made offer) and, where needed, a volunteer in the register.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseTeamsOffers_x";
const SECRET = "lotse-teams-offers-secret-012345";
const DATA_KEY = Buffer.from("lotse-e2e-teams-offers-key-01234").toString("base64");
const BOT_ID = "28:lotse-bot";
const TENANT = "11111111-2222-3333-4444-666666666666";

const translator = createTranslator({ localesDir });
const t = (key: string, language: string, params?: Record<string, string | number>) => translator.renderText(key, params, language);

let db: TestDatabase;
let connector: FakeConnector;
let telegram: FakeTelegram;
let app: App;
let address: string;
let nextActivity = 1;

const eva = { id: "29:eva-offers", conversation: "a:conv-eva-offers", locale: "de-DE" };

const activityOf = (fields: Record<string, unknown>) => ({
  id: `act-${nextActivity++}`,
  channelId: "msteams",
  serviceUrl: `${connector.url}/`,
  timestamp: new Date().toISOString(),
  locale: eva.locale,
  from: { id: eva.id, name: "Eva" },
  recipient: { id: BOT_ID, name: "Lotse" },
  conversation: { id: eva.conversation, conversationType: "personal", tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  ...fields,
});

async function post(fields: Record<string, unknown>): Promise<ConnectorCall[]> {
  const before = connector.inConversation(eva.conversation).length;
  const response = await fetch(`${address}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activityOf(fields)),
  });
  expect(response.status).toBe(200);
  return connector.inConversation(eva.conversation).slice(before);
}
const write = (text: string) => post({ type: "message", text });

const textOf = teamsText;
function choices(call: ConnectorCall | undefined, id: string): { title: string; value: string }[] {
  const set = elements(call, "Input.ChoiceSet").find((element) => element.id === id);
  return (set?.choices as { title: string; value: string }[] | undefined) ?? [];
}
function submitAction(call: ConnectorCall | undefined, title?: string): Record<string, unknown> {
  const action = elements(call, "Action.Submit").find((element) => title === undefined || element.title === title);
  if (!action) throw new Error(`no button ${title ?? ""} in ${JSON.stringify(cardOf(call))}`);
  return action.data as Record<string, unknown>;
}
const submit = (card: ConnectorCall | undefined, values: Record<string, unknown>, title?: string) =>
  post({ type: "message", replyToId: card?.storedId, value: { ...submitAction(card, title), ...values } });

beforeEach(async () => {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  db = await sqlite.create();
  connector = new FakeConnector();
  await connector.start();
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  const config = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    LOTSE_DATA_KEY: DATA_KEY,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TEAMS_DEV_UNAUTHENTICATED: "true",
  });
  if (!config.ok) throw new Error(config.problems.join("; "));
  app = await createApp(config.config, { logger: createLogger("silent"), translator });
  address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  await app.telegramConnected();
});

afterEach(async () => {
  await app?.close();
  await connector?.stop();
  await telegram?.stop();
  await db?.drop();
});

// ---- Given: the world a step needs, built by the test itself -------------------------------------------------------

/** Eva linked in Teams; Amina, in counselling for almost three years; a hand-made offer in Plochingen. */
async function givenWorld(): Promise<{ actor: Actor; clientId: string; municipalityId: string }> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Teamsheim" });
  const municipality = await addMunicipality(app.deps, operator, { tenantId: tenant.id, name: "Plochingen" });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [municipality.id] });
  await write(`link ${invite.code}`);
  const actor: Actor = { kind: "staff", managerId: manager.id, tenantId: tenant.id, role: "manager" };
  const created = await createClient(app.deps, actor, {
    name: "Amina Haddad",
    language: "ar",
    municipalityId: municipality.id,
    caseStartedAt: new Date(Date.now() - 1090 * 86_400_000),
  });
  await addLocalOffer(app.deps, actor, { municipalityId: municipality.id, area: "language", title: "Sprachcafé im Rathaus", timeText: "dienstags 18 Uhr" });
  return { actor, clientId: created.client.id, municipalityId: municipality.id };
}

describe("Teams: local offers, counselling period and volunteers (manager side)", () => {
  it("offers: area buttons, the offer with share and refer, the client picked from a card; the referral is recorded", async () => {
    const { clientId } = await givenWorld();
    const [picker] = await write("/offers");
    expect(textOf(picker)).toContain(t("manager_offers.pick_area", "de"));
    const [list] = await submit(picker, {}, t("areas.language", "de"));
    expect(textOf(list)).toContain("Sprachcafé im Rathaus");
    const [whom] = await submit(list, {}, t("manager_offers.refer_button", "de"));
    expect(textOf(whom)).toContain(t("manager_offers.refer_to", "de"));
    const done = await submit(whom, {}, "Amina Haddad");
    // Amina has not joined the chat yet (no consent to messages): recorded, nothing sent, and the manager is told so
    expect(done.map(textOf).join("\n")).toContain(t("manager_offers.referred_not_sent", "de", { client: "Amina Haddad", title: "Sprachcafé im Rathaus" }));
    expect(await app.store.referrals.listForClient(clientId)).toEqual([
      expect.objectContaining({ targetKind: "offer", target: "Sprachcafé im Rathaus", status: "open" }),
    ]);
  });

  it("extend: one card with client and reason; the period runs to four years and the reason is stored", async () => {
    const { clientId } = await givenWorld();
    const [card] = await write("/extend");
    expect(cardText(card)).toContain(t("manager_counselling.extend.title", "de"));
    expect(choices(card, "clientId").map((choice) => choice.title)).toEqual(["Amina Haddad"]);
    const replies = await submit(card, { clientId, reason: "Ausbildung beginnt im Herbst, Begleitung nötig" });
    expect(replies.map(textOf).join("\n")).not.toContain(t("dialog.error.invalid_form", "de"));
    expect(await app.store.counsellingExtensions.listForClient(clientId)).toHaveLength(1);
    const [periods] = await write("/periods");
    expect(textOf(periods)).toContain("Amina Haddad");
  });

  it("volunteeradd: one card; with consent the volunteer is registered", async () => {
    await givenWorld();
    const [card] = await write("/volunteeradd");
    expect(cardText(card)).toContain(t("manager_volunteers.add.title", "de"));
    const municipalityId = choices(card, "municipalityId")[0]?.value ?? "";
    await submit(card, { municipalityId, name: "Zora Weber", languages: "de,ar", offers: "language_tandem", availability: "montags abends", consent: "true" });
    const [register] = await write("/volunteers");
    expect(textOf(register)).toContain("Zora Weber");
  });

  it("match: one card lists the register's volunteers; the match is recorded", async () => {
    const { actor, clientId, municipalityId } = await givenWorld();
    // Zora in the register, as /volunteeradd puts her there.
    await registerVolunteer(app.deps, actor, {
      municipalityId,
      name: "Zora Weber",
      languages: ["de", "ar"],
      offers: ["language_tandem"],
      availability: "montags abends",
      consent: true,
    });
    const [card] = await write("/match");
    expect(cardText(card)).toContain(t("manager_volunteers.match.title", "de"));
    const zora = choices(card, "volunteerId").find((choice) => choice.title.startsWith("Zora Weber"));
    expect(zora).toBeTruthy();
    const replies = await submit(card, { clientId, offer: "language_tandem", volunteerId: zora?.value, contactWay: "volunteer_calls" });
    expect(replies.map(textOf).join("\n")).not.toContain(t("dialog.error.invalid_form", "de"));
    expect(await app.store.volunteerMatches.listForClient(clientId)).toEqual([
      expect.objectContaining({ status: "active", offer: "language_tandem", contactWay: "volunteer_calls" }),
    ]);
  });
});
