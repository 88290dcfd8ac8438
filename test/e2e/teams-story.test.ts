import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardOf, cardText, elements, readableText, teamsText } from "../support/teams-text.ts";
import { helpText } from "../support/help-text.ts";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import type { Actor } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { findClients } from "../../src/core/cases/find-clients.ts";
import { listContacts } from "../../src/core/contacts/list-contacts.ts";
import { checkInAnswerAction } from "../../src/core/plans/actions.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { listClientPlans } from "../../src/core/plans/list-client-plans.ts";
import { readPlan } from "../../src/core/plans/read-plan.ts";
import { listPlanVersions } from "../../src/core/plans/list-plan-versions.ts";
import { setReviewDate } from "../../src/core/plans/set-review-date.ts";
import { setReminderSettings } from "../../src/core/reminders/set-reminder-settings.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { zonedLocalToUtc } from "../../src/core/shared/zoned-time.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeConnector, type ConnectorCall } from "../support/fake-connector.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

/**
 * Issue 7 through real HTTP: managers work from Teams (activities POSTed to /api/messages, answers recorded by a
 * fake Bot Framework connector), their client lives on Telegram (fake Bot API). Welcome, linking by code and by
 * Entra object id, every manager flow through cards, German and English, and a proactive escalation to Teams
 * when the Telegram client taps "I need help".
 *
 * Every test runs alone: each gets a fresh app and brings the world to the point of its step with the "given" helpers
 * below (Eva linked, Amina created and joined on Telegram, her plan), through the same HTTP paths where that is quick
 * and through the core where the step itself is not what is tested.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseTeamsTests_xyz";
const SECRET = "lotse-teams-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-teams-key-0123456789ab").toString("base64");
const DISPATCH_DEADLINE_MS = 8000;
const BOT_ID = "28:lotse-bot";
const TENANT = "11111111-2222-3333-4444-555555555555";
const BEN_AAD = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
const AMINA_TELEGRAM = 9301;

const translator = createTranslator({ localesDir });
const t = (key: string, language: string, params?: Record<string, string | number>) => translator.renderText(key, params, language);

let db: TestDatabase;
let connector: FakeConnector;
let telegram: FakeTelegram;
let app: App;
let address: string;
let nextActivity = 1;
let nextUpdate = 900_000;

interface TeamsUser {
  id: string;
  conversation: string;
  locale: string;
  aadObjectId?: string;
}
const eva: TeamsUser = { id: "29:eva", conversation: "a:conv-eva", locale: "de-DE" };
const ben: TeamsUser = { id: "29:ben", conversation: "a:conv-ben", locale: "en-GB", aadObjectId: BEN_AAD };
const stranger: TeamsUser = { id: "29:stranger", conversation: "a:conv-stranger", locale: "en-US" };

const activityOf = (user: TeamsUser, fields: Record<string, unknown>) => ({
  id: `act-${nextActivity++}`,
  channelId: "msteams",
  serviceUrl: `${connector.url}/`,
  timestamp: new Date().toISOString(),
  locale: user.locale,
  from: { id: user.id, name: "Person", ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) },
  recipient: { id: BOT_ID, name: "Lotse" },
  conversation: { id: user.conversation, conversationType: "personal", tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  ...fields,
});

async function postRaw(body: string): Promise<Response> {
  return fetch(`${address}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
}

/** Posts an activity and returns what the connector received for that conversation meanwhile. */
async function post(user: TeamsUser, fields: Record<string, unknown>): Promise<ConnectorCall[]> {
  const before = connector.inConversation(user.conversation).length;
  const response = await postRaw(JSON.stringify(activityOf(user, fields)));
  expect(response.status).toBe(200);
  return connector.inConversation(user.conversation).slice(before);
}
const write = (user: TeamsUser, text: string) => post(user, { type: "message", text });

const textOf = teamsText;
const inputIds = (call: ConnectorCall | undefined) =>
  ["Input.Text", "Input.ChoiceSet", "Input.Date", "Input.Time", "Input.Number", "Input.Toggle"].flatMap((type) =>
    elements(call, type).map((element) => String(element.id)),
  );
function choices(call: ConnectorCall | undefined, id: string): { title: string; value: string }[] {
  const set = elements(call, "Input.ChoiceSet").find((element) => element.id === id);
  return (set?.choices as { title: string; value: string }[] | undefined) ?? [];
}
function submitAction(call: ConnectorCall | undefined, title?: string): Record<string, unknown> {
  const action = elements(call, "Action.Submit").find((element) => title === undefined || element.title === title);
  if (!action) throw new Error(`no button ${title ?? ""} in ${JSON.stringify(cardOf(call))}`);
  return action.data as Record<string, unknown>;
}
const lastCard = (calls: ConnectorCall[]) => calls.filter((call) => cardOf(call)).at(-1);

/** Fills in a card (or taps one of its buttons): Teams sends the action's data merged with the inputs. */
const submit = (user: TeamsUser, card: ConnectorCall | undefined, values: Record<string, unknown>, title?: string) =>
  post(user, { type: "message", replyToId: card?.storedId, value: { ...submitAction(card, title), ...values } });

async function eventually<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  const until = Date.now() + DISPATCH_DEADLINE_MS;
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The client's Telegram side (a private chat with the bot). */
async function telegramUpdate(update: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${address}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify({ update_id: nextUpdate++, ...update }),
  });
  expect(response.status).toBe(200);
}
const aminaUser = { id: AMINA_TELEGRAM, is_bot: false, first_name: "Amina", language_code: "ar" };
const aminaChat = { id: AMINA_TELEGRAM, type: "private", first_name: "Amina" };
const aminaWrites = (text: string) =>
  telegramUpdate({ message: { message_id: nextUpdate, date: Math.floor(Date.now() / 1000), chat: aminaChat, from: aminaUser, text } });
const aminaTaps = (data: string) =>
  telegramUpdate({
    callback_query: {
      id: `cq-${nextUpdate}`,
      from: aminaUser,
      chat_instance: "ci",
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: aminaChat, text: "…" },
    },
  });

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
  app = await createApp(config.config, { logger: createLogger(process.env.TEAMS_TEST_LOG ? "debug" : "silent"), translator });
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

/** The tenant; without quiet hours, since the app runs in real time: the escalation goes out at once whenever the test runs. */
async function givenTenant(): Promise<string> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Teamsheim" });
  await setReminderSettings(app.deps, operator, { tenantId: tenant.id, quiet: "off" });
  return tenant.id;
}

/** Eva, linked in Teams with `link <code>`; returns her actor. */
async function givenEva(tenantId?: string): Promise<Extract<Actor, { kind: "staff" }>> {
  const tenant = tenantId ?? (await givenTenant());
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant, name: "Eva Muster" });
  await write(eva, `link ${invite.code}`);
  return { kind: "staff", managerId: manager.id, tenantId: tenant, role: "manager" };
}

/** Ben, registered with his Entra object id and recognised on his first message. */
async function givenBen(tenantId: string): Promise<void> {
  await addManager(app.deps, operator, { tenantId, name: "Ben Brown", aadObjectId: BEN_AAD.toUpperCase() });
  await write(ben, "help");
}

/**
 * Amina, Eva's client (created in the core, as the new-client card does), who joins on Telegram: language, consent.
 * Waits for Eva's notice in Teams that Amina can be reached now, so that it does not land among a later step's replies.
 */
async function givenAmina(evaActor: Actor): Promise<string> {
  const { client, invite } = await createClient(app.deps, evaActor, { name: "Amina Haddad", language: "ar", gender: "female" });
  const before = connector.inConversation(eva.conversation).length;
  await aminaWrites(`/start ${invite.code}`);
  await aminaTaps("v1|lng|ar");
  await aminaTaps("v1|cns|a");
  await aminaTaps("v1|cck|a");
  await eventually("Eva's notice in Teams that Amina joined", () =>
    connector
      .inConversation(eva.conversation)
      .slice(before)
      .find((call) => !call.activityId?.startsWith("act-") && textOf(call).includes("Amina Haddad")),
  );
  return client.id;
}

/** Amina's plan as Eva builds it through the cards: a language goal with her own step, weekly check-ins. */
async function givenAminaPlan(evaActor: Actor, aminaId: string): Promise<void> {
  const plan = await createPlan(app.deps, evaActor, { clientId: aminaId });
  const goal = await addGoal(app.deps, evaActor, { planId: plan.id, area: "language", text: "Deutsch B1 erreichen" });
  await addStep(app.deps, evaActor, { goalId: goal.id, customText: "Sprachkurs anmelden", cadenceDays: 7 });
}

const aminaPlanId = async (evaActor: Actor, aminaId: string) => (await listClientPlans(app.deps, evaActor, { clientId: aminaId }))[0]?.id ?? "";

describe("Teams", () => {
  it("greets when installed: German by default, English for an English Teams", async () => {
    const [german] = await post({ ...stranger, locale: "de-DE" }, { type: "conversationUpdate", membersAdded: [{ id: BOT_ID }] });
    expect(readableText(german?.body)).toBe(t("manager_teams.welcome", "de"));
    const [english] = await post(stranger, { type: "conversationUpdate", membersAdded: [{ id: BOT_ID }] });
    expect(readableText(english?.body)).toBe(t("manager_teams.welcome", "en"));
    // Replies go to the activity they answer.
    expect(english?.activityId).toMatch(/^act-/);
  });

  it("a stranger who writes learns what Lotse is; nothing is linked", async () => {
    const [reply] = await write(stranger, "hello");
    expect(readableText(reply?.body)).toBe(t("client.stranger.intro", "en"));
    expect(await app.store.identities.findByExternal("teams", stranger.id)).toBeNull();
  });

  it("a manager links with `link <code>` and is greeted in German", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Teamsheim" });
    const tenantId = tenant.id;
    // Real time: without quiet hours the escalation goes out at once whenever the test runs.
    await setReminderSettings(app.deps, operator, { tenantId, quiet: "off" });
    const { invite } = await addManager(app.deps, operator, { tenantId, name: "Eva Muster" });
    const [reply] = await write(eva, `link ${invite.code}`);
    expect(readableText(reply?.body)).toBe(t("manager.welcome", "de", { name: "Eva Muster" }));
    const identity = await app.store.identities.findByExternal("teams", eva.id);
    expect(identity?.managerId).toBeTruthy();
    expect(JSON.parse(identity?.conversationRef ?? "{}")).toMatchObject({ conversationId: eva.conversation, serviceUrl: `${connector.url}/` });
  });

  it("a manager registered with --aad is recognised on the first message and answered in English", async () => {
    const tenantId = await givenTenant();
    await addManager(app.deps, operator, { tenantId, name: "Ben Brown", aadObjectId: BEN_AAD.toUpperCase() });
    const replies = await write(ben, "help");
    expect(replies.map((call) => readableText(call.body))).toEqual([t("manager.welcome", "en", { name: "Ben Brown" }), helpText(translator, "manager", "en")]);
  });

  it("help in German", async () => {
    await givenEva();
    const [reply] = await write(eva, "help");
    expect(readableText(reply?.body)).toBe(helpText(translator, "manager", "de"));
  });

  it("new client: one card; the submission updates it in place and brings the invite link and the QR image", async () => {
    const evaActor = await givenEva();
    const [card] = await write(eva, "newclient");
    expect(cardText(card)).toContain(t("manager.newclient.title", "de"));
    // An empty caseload in a tenant without municipalities: a new household without one, decided beforehand.
    expect(inputIds(card).sort()).toEqual(["gender", "language", "name", "ownPhone", "startedOn"]);
    expect(choices(card, "language").map((choice) => choice.value)).toContain("ar");
    expect(choices(card, "gender")).toEqual(
      ["female", "male", "diverse", "not_stated"].map((gender) => ({ title: t(`manager.newclient.gender_${gender}`, "de"), value: gender })),
    );
    expect(elements(card, "Input.Date").find((input) => input.id === "startedOn")).toMatchObject({ isRequired: false });
    // Moved in a week ago (a local day in the tenant's zone, as the date input sends it).
    const startedOn = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const [year, month, day] = startedOn.split("-").map(Number) as [number, number, number];
    const result = await submit(eva, card, { name: "Amina Haddad", language: "ar", gender: "female", ownPhone: "true", startedOn });
    const [updated, ...rest] = result;
    expect(updated).toMatchObject({ method: "PUT", activityId: card?.storedId });
    expect(cardText(updated)).toContain("Amina Haddad");
    expect(elements(updated, "Action.Submit")).toEqual([]);
    const qr = rest.find((call) => call.body.attachments?.some((a) => a.contentType === "image/png"));
    expect(qr?.body.attachments?.[0]?.contentUrl).toMatch(/^data:image\/png;base64,iVBOR/);
    const code = /\?start=([\w-]+)/.exec(cardText(updated))?.[1];
    expect(code).toBeTruthy();
    const aminaId = (await findClients(app.deps, evaActor, { query: "Amina" })).clients[0]?.id ?? "";
    expect(aminaId).toBeTruthy();
    expect(await app.store.clients.get(aminaId)).toMatchObject({
      gender: "female",
      municipalityId: null,
      caseStartedAt: zonedLocalToUtc({ year, month, day, hour: 0, minute: 0 }, "Europe/Berlin"),
    });

    // The client joins on Telegram: language → consent.
    await aminaWrites(`/start ${code}`);
    await aminaTaps("v1|lng|ar");
    await aminaTaps("v1|cns|a");
    await aminaTaps("v1|cck|a");
    expect((await app.store.identities.findByExternal("telegram", String(AMINA_TELEGRAM)))?.clientId).toBe(aminaId);
  });

  it("an invalid card submission is refused with a message and changes nothing: the card comes back naming the wrong fields", async () => {
    await givenAmina(await givenEva());
    const [card] = await write(eva, "newclient");
    // Amina is in the caseload now: the household is asked (new, or her family); the municipality still is not.
    expect(inputIds(card)).toContain("household");
    expect(inputIds(card)).not.toContain("municipality");
    expect(choices(card, "household").map((choice) => choice.title)).toEqual([
      t("manager.newclient.household_new", "de"),
      t("manager.newclient.household_join", "de", { names: "Amina Haddad" }),
    ]);
    const replies = await submit(eva, card, { name: "", language: "xx", gender: "female", household: "new", ownPhone: "true" });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.method).toBe("PUT");
    const lines = cardText(replies[0]).split("\n");
    expect(lines).toContain(t("dialog.error.invalid_form", "de"));
    // Each reason right after its field's label: the name is missing, the language is not one of the choices.
    expect(lines).toContain(t("manager_teams.form.required", "de"));
    expect(lines).toContain(t("dialog.error.choose", "de"));
    expect(inputIds(replies[0])).toEqual(inputIds(card));
  });

  it("clients: the caseload as a card with one button per client", async () => {
    await givenAmina(await givenEva());
    const [list] = await write(eva, "clients");
    expect(cardText(list)).toBe(t("manager.clients.list", "de", { count: 1, page: 1, pages: 1 }));
    expect(elements(list, "Action.Submit").map((action) => action.title)).toEqual(["Amina Haddad"]);
    // Her client card: a card of its own, with its buttons.
    const [clientCard] = await submit(eva, list, {}, "Amina Haddad");
    expect(cardText(clientCard)).toContain("Amina Haddad");
    expect(elements(clientCard, "Action.Submit").length).toBeGreaterThan(1);
  });

  it("appointment: date and time inputs; the card turns into the confirmation; the Telegram client is told", async () => {
    const aminaId = await givenAmina(await givenEva());
    const [card] = await write(eva, "/appointment");
    expect(inputIds(card)).toEqual(expect.arrayContaining(["client", "startsAt__date", "startsAt__time", "place", "kind", "confirm"]));
    expect(choices(card, "client")).toEqual([{ title: "Amina Haddad", value: aminaId }]);
    const before = telegram.sends().filter((call) => call.params.chat_id === AMINA_TELEGRAM).length;
    const [updated] = await submit(eva, card, {
      client: aminaId,
      startsAt__date: "2027-12-24",
      startsAt__time: "10:00",
      place: "Rathaus, Zimmer 12",
      kind: "counselling",
      confirm: "y",
    });
    expect(updated?.method).toBe("PUT");
    expect(cardText(updated)).toContain("Rathaus, Zimmer 12");
    expect(cardText(updated)).toContain("24. Dezember 2027, 10:00");
    await eventually("the appointment notice on Telegram", () => telegram.sends().filter((call) => call.params.chat_id === AMINA_TELEGRAM)[before]);
  });

  it("contact log: by card and as one line of text", async () => {
    const evaActor = await givenEva();
    const aminaId = await givenAmina(evaActor);
    const [card] = await write(eva, "log");
    expect(inputIds(card)).toEqual(expect.arrayContaining(["client", "kind", "areas", "durationMin", "day", "note"]));
    const [updated] = await submit(eva, card, { client: aminaId, kind: "phone", areas: "language,work", durationMin: 20, day: "2026-11-30", note: "" });
    // The year is shown only when it is not the current one.
    expect(cardText(updated)).toMatch(
      /Kontakt mit Amina Haddad dokumentiert: Telefonat am Mo\., 30\. November( 2026)?, 20 Min\.\nHandlungsfelder: Sprache und Arbeit\./,
    );
    const [line] = await write(eva, "log Amina 30 Hausbesuch");
    // The answer comes with the buttons to correct or delete it (a card with actions).
    expect(cardText(line)).toContain("Kontakt mit Amina Haddad dokumentiert: Hausbesuch am");
    expect(elements(line, "Action.Submit").map((action) => String(action.title))).toEqual([
      t("manager.contact.correct_button", "de"),
      t("manager.contact.delete_button", "de"),
    ]);
    const contacts = await listContacts(app.deps, evaActor, { clientId: aminaId });
    expect(contacts.map((contact) => contact.durationMin).sort()).toEqual([20, 30]);
    // The card's day: noon in Berlin on 30 November.
    expect(contacts.find((contact) => contact.durationMin === 20)?.at).toEqual(new Date("2026-11-30T11:00:00Z"));
  });

  it("plan: create, a catalogue goal (area first, the card refreshes) and its first step in the goal's area, all through cards", async () => {
    await givenAmina(await givenEva());
    const [none] = await write(eva, "/plan Amina");
    expect(cardText(none)).toBe(t("manager.plan.none", "de", { name: "Amina Haddad" }));
    // Creating the plan brings the card of its first goal: the area first.
    let goalCard = lastCard(await submit(eva, none, {}, t("manager.plan.create_button", "de")));
    expect(inputIds(goalCard)).toEqual(["area"]);
    expect(submitAction(goalCard)).not.toHaveProperty("area");
    const refreshed = await submit(eva, goalCard, { area: "language" }, t("manager_teams.form.next", "de"));
    expect(refreshed[0]?.method).toBe("PUT");
    goalCard = lastCard(refreshed);
    // The same card, now with the area's goals, one's own goal and a German note.
    expect(cardText(goalCard)).toContain(`${t("manager.labels.area", "de")}: ${t("areas.language", "de")}`);
    expect(inputIds(goalCard).sort()).toEqual(["goal", "note", "text"]);
    expect(choices(goalCard, "goal").map((choice) => choice.value)).toEqual(["german_a2", "german_b1", "german_for_work", "finish_integration_course", "own"]);
    const afterGoal = await submit(eva, goalCard, { goal: "german_b1", note: "Abendkurs, Kinderbetreuung klären" });
    expect(afterGoal[0]?.method).toBe("PUT");
    expect(afterGoal.map(cardText).join("\n")).toContain(t("goals.german_b1", "de"));
    // The goal's first step follows on a card of its own, in the goal's area: no area to choose again.
    let stepCard = lastCard(afterGoal);
    expect(inputIds(stepCard)).toEqual(["step"]);
    expect(choices(stepCard, "step").map((choice) => choice.title)).toContain(t("catalogue.register_integration_course.title", "de", { provider: "…" }));
    stepCard = lastCard(await submit(eva, stepCard, { step: "custom" }, t("manager_teams.form.next", "de")));
    expect(inputIds(stepCard).sort()).toEqual(["cadence", "customText", "dueAt__date", "dueAt__time"]);
    const afterStep = await submit(eva, stepCard, { customText: "Sprachkurs anmelden", cadence: "7" });
    expect(cardText(afterStep[0])).toBe(`${t("manager.plan.step_form.title", "de")}\n${t("manager.plan.step_added_checkin", "de")}`);
    const planCard = lastCard(afterStep);
    expect(cardText(planCard)).toContain("Sprachkurs anmelden");
    expect(cardText(planCard)).toContain("Abendkurs, Kinderbetreuung klären");
  });

  it("the Telegram client taps “I need help” on the check-in: Eva is told proactively in Teams", async () => {
    const evaActor = await givenEva();
    const aminaId = await givenAmina(evaActor);
    await givenAminaPlan(evaActor, aminaId);
    const view = await readPlan(app.deps, evaActor, { planId: await aminaPlanId(evaActor, aminaId) });
    const stepId = view.goals[0]?.steps[0]?.id ?? "";
    const before = connector.inConversation(eva.conversation).length;
    await aminaTaps(checkInAnswerAction.encode(stepId, "h"));
    const alert = await eventually("the escalation in Teams", () =>
      connector
        .inConversation(eva.conversation)
        .slice(before)
        .find((call) => !call.activityId?.startsWith("act-") && textOf(call).includes("Amina Haddad")),
    );
    // Proactive: not an answer to anything Eva sent.
    expect(alert.kind).toBe("send");
    expect(textOf(alert)).toContain("Unterstützung");
    // The manager's own plan text stays out of messages.
    expect(textOf(alert)).not.toContain("Sprachkurs");
    expect(elements(alert, "Action.Submit").length).toBeGreaterThan(0);
  });

  it("review: a due plan as a card; begun from it, the goal reworded on one card, the next review day completes it", async () => {
    const evaActor = await givenEva();
    const aminaId = await givenAmina(evaActor);
    await givenAminaPlan(evaActor, aminaId);
    const planId = await aminaPlanId(evaActor, aminaId);
    await setReviewDate(app.deps, evaActor, { planId, nextReviewAt: new Date(Date.now() - 86_400_000) });
    const [due] = await write(eva, "review");
    expect(cardText(due)).toContain("Amina Haddad");
    const begun = await submit(eva, due, {}, t("manager.review.begin_button", "de"));
    const goal = lastCard(begun);
    expect(cardText(goal)).toContain("Deutsch B1 erreichen");
    const reword = lastCard(await submit(eva, goal, {}, t("manager.review.change_button", "de")));
    expect(inputIds(reword)).toEqual(["text"]);
    const finish = lastCard(await submit(eva, reword, { text: "Deutsch B2 erreichen" }));
    expect(cardText(finish)).toContain(t("manager.review.finish", "de"));
    await submit(eva, finish, {}, t("manager.review.next_months.in_6", "de"));
    const versions = await listPlanVersions(app.deps, evaActor, { planId });
    expect(versions.map((v) => [v.version, v.goals[0]?.text])).toEqual([
      [1, "Deutsch B1 erreichen"],
      [2, "Deutsch B2 erreichen"],
    ]);
  });

  it("agenda in German and in English", async () => {
    const tenantId = await givenTenant();
    await givenEva(tenantId);
    await givenBen(tenantId);
    const [german] = await write(eva, "agenda");
    expect(readableText(german?.body)?.split("\n")[0]).toMatch(/^Heute|heute/);
    const [english] = await write(ben, "/agenda");
    expect(readableText(english?.body)).toMatch(/today/i);
  });

  it("report: a supervisor gets the quarter as text and the chart as a PNG image (720 px wide) in Teams", async () => {
    const tenantId = await givenTenant();
    const { invite } = await addManager(app.deps, operator, { tenantId, name: "Sabine Aufsicht", role: "supervisor" });
    await write(eva, `link ${invite.code}`);
    const evaManager = await addManager(app.deps, operator, { tenantId, name: "Eva Muster" });
    await createClient(app.deps, { kind: "staff", managerId: evaManager.manager.id, tenantId, role: "manager" }, { name: "Amina Haddad", language: "ar" });
    const replies = await write(eva, "report");
    expect(readableText(replies[0]?.body)).toContain("Eva Muster: offene Fälle 1");
    const image = replies.flatMap((call) => call.body.attachments ?? []).find((a) => a.contentType === "image/png");
    expect(image?.contentUrl).toMatch(/^data:image\/png;base64,iVBOR/);
    const png = Buffer.from(String(image?.contentUrl).replace(/^data:image\/png;base64,/, ""), "base64");
    expect(png.readUInt32BE(16)).toBe(720);
    // The German CSV and the XLSX file are offered through the file consent flow.
    const offered = replies.flatMap((call) => call.body.attachments ?? []).filter((a) => a.contentType === "application/vnd.microsoft.teams.card.file.consent");
    expect(offered.map((a) => a.name)).toEqual([
      expect.stringMatching(/^lotse-fallzahlen-\d{4}-Q\d\.csv$/),
      expect.stringMatching(/^lotse-fallzahlen-\d{4}-Q\d\.xlsx$/),
    ]);
    expect(JSON.stringify(replies)).not.toContain("Amina");
  });

  it("malformed activities are refused without a crash; the next one is answered", async () => {
    await givenEva();
    expect((await postRaw("{not json")).status).toBe(400);
    expect((await postRaw("[1,2,3]")).status).toBe(400);
    expect((await postRaw(JSON.stringify({ type: "message", text: "hi" }))).status).toBe(400);
    expect((await postRaw(JSON.stringify({ type: "message", serviceUrl: `${connector.url}/`, conversation: { id: "x" } }))).status).toBe(200);
    const odd = await post(eva, { type: "message", value: { lotseForm: 42 } });
    expect(readableText(odd[0]?.body)).toBe(t("dialog.stale", "de"));
    const [reply] = await write(eva, "help");
    expect(readableText(reply?.body)).toBe(helpText(translator, "manager", "de"));
  });
});
