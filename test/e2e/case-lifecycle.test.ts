import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import type { MessageParams } from "../../src/core/dialog/messages.ts";
import { parseCsv } from "../../src/core/import/csv.ts";
import { listClientAudit } from "../../src/core/privacy/list-client-audit.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { lotse } from "../support/cli.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeConnector } from "../support/fake-connector.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { buttonTitlesOf, choicesOf, inputIdsOf, TeamsDriver, type TeamsPerson } from "../support/lifecycle-teams.ts";
import { inviteCodeOf, managerChat, newClientInChat, newClientQuestions } from "../support/new-client-chat.ts";
import { staffActor } from "../support/seed.ts";
import { cardText, readableText, teamsText } from "../support/teams-text.ts";
import {
  buttonsOf,
  startTelegramTestApp,
  textOf,
  TelegramDriver,
  unlimitedFlood,
  unlimitedTelegramRates,
  type TelegramTestApp,
} from "../support/telegram-app.ts";

/**
 * The case lifecycle through real HTTP: managers on Telegram (fake Bot API) and Teams (activities POSTed to
 * /api/messages, answers recorded by a fake Bot Framework connector), clients on Telegram, the operator at the command
 * line (`lotse report`, `lotse manager deactivate --reassign-to`, run in this process against the running
 * app's database).
 *
 * - Intake: a family of three (two adults, a child without a phone of its own) in the manager's one municipality,
 *   on Telegram question by question and on Teams as one card; the funding report counts the three there.
 * - Handover: the note reaches the new manager only behind "Übergabenotiz lesen" (audited), never in a message.
 * - A new phone: the client re-invited from the card links another Telegram account; only that one receives.
 * - A manager leaves: refused while nobody takes the cases; deactivated with --reassign-to, their Telegram and Teams
 *   chats are told their access has ended and their clients are the new manager's in the same step.
 *
 * Every test runs alone: each gets a fresh app on a fake clock (Monday 15 March 2027, 10:00 in Berlin: office hours)
 * and builds its own world.
 */

const TOKEN = "123456789:AAFakeTokenForTheCaseLifecycleTests_x";
const SECRET = "lotse-case-lifecycle-secret-0123456";
const DATA_KEY = Buffer.from("lotse-e2e-lifecycle-key-01234567").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const ZONE = "Europe/Berlin";
/** Monday 15 March 2027, 10:00 in Berlin. */
const START = "2027-03-15T09:00:00Z";
const dayMs = 24 * 60 * 60 * 1000;
/** Nothing here is rate-limited: the tests run far faster than people write. */
const unlimited = { perSecond: 100_000, burst: 10_000 };

// Telegram chats (private chat id = user id).
const EVA = 8401;
const BEN = 8402;
const CLIENT = 8411;
const NEW_PHONE = 8412;
const SOMEONE = 8413;

const EVA_AAD = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const evaInTeams: TeamsPerson = { id: "29:eva-lifecycle", conversation: "a:conv-eva-lifecycle", locale: "de-DE", aadObjectId: EVA_AAD };
const benInTeams: TeamsPerson = { id: "29:ben-lifecycle", conversation: "a:conv-ben-lifecycle", locale: "de-DE" };

const translator = createTranslator({ localesDir });
const t = (key: string, language: string, params?: MessageParams) => translator.renderText(key, params, language, { timeZone: ZONE });
const de = (key: string, params?: MessageParams) => t(key, "de", params);
/** A text as Telegram receives it (HTML-escaped). */
const tg = (key: string, language: string, params?: MessageParams) => escapeHtml(t(key, language, params));

let clock: FakeClock;
let started: TelegramTestApp;
let app: App;
let fake: FakeTelegram;
let chat: TelegramDriver;
let connector: FakeConnector;
let teams: TeamsDriver;

beforeEach(async () => {
  clock = new FakeClock(START);
  connector = new FakeConnector();
  await connector.start();
  started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL, env: { TEAMS_DEV_UNAUTHENTICATED: "true" } },
    {
      logger: createLogger("silent"),
      translator,
      clock,
      telegramFloodLimit: unlimitedFlood,
      delivery: { rateLimits: { ...unlimitedTelegramRates, teams: { perChat: unlimited } } },
    },
  );
  ({ app, fake } = started);
  chat = new TelegramDriver(started, SECRET, 840_000);
  teams = new TeamsDriver(connector, started.address);
});

afterEach(async () => {
  try {
    // Whatever the test did: no call Telegram would refuse.
    expect(fake.violations).toEqual([]);
  } finally {
    await started?.stop();
    await connector?.stop();
  }
});

// ---- Given: the world a test needs, built by the test itself --------------------------------------------------------

/** The operator's command line against the running app's database. */
const operatorRuns = (...argv: string[]) => lotse({ DATABASE_URL: started.db.url, LOTSE_DATA_KEY: DATA_KEY }, ...argv);

async function givenTenant(): Promise<string> {
  return (await addTenant(app.deps, operator, { name: "Landkreis Lebensweg" })).id;
}

/** A manager linked in their Telegram chat with /start <code>. */
async function givenTelegramManager(tenantId: string, userId: number, name: string, options: { municipalityIds?: string[]; aadObjectId?: string } = {}) {
  const added = await addManager(app.deps, operator, { tenantId, name, ...options });
  const [welcome] = await chat.say(userId, `/start ${added.invite.code}`, "de");
  expect(textOf(welcome)).toBe(tg("manager.welcome", "de", { name }));
  return added.manager;
}

/** A manager linked in Teams with `link <code>`. */
async function givenTeamsManager(tenantId: string, person: TeamsPerson, name: string, options: { municipalityIds?: string[] } = {}) {
  const added = await addManager(app.deps, operator, { tenantId, name, ...options });
  const [welcome] = await teams.write(person, `link ${added.invite.code}`);
  expect(readableText(welcome?.body)).toBe(de("manager.welcome", { name }));
  return added.manager;
}

/** The end of the manager's "… can now be reached" notice, whoever joined. */
const joinedEnd = de("manager.reachable.joined", { client: "", language: "" }).trim().slice(-40);

/**
 * A client of the manager (created in the core, as /newclient does) who joins on Telegram: /start <code>, language,
 * messages and check-ins agreed. Waits for the manager's notice that the client can be reached now (it comes through
 * the outbox a moment later, on whichever chat the manager linked last), so that it does not land in a later step.
 */
async function givenJoinedClient(manager: Manager, userId: number, name: string, language: string) {
  const { client, invite } = await createClient(app.deps, staffActor(manager), { name, language });
  const teamsBefore = connector.calls.length;
  const telegramBefore = fake.sends().length;
  await chat.say(userId, `/start ${invite.code}`, language);
  await chat.press(userId, `v1|lng|${language}`);
  await chat.press(userId, "v1|cns|a");
  const [welcome] = await chat.press(userId, "v1|cck|a");
  expect(textOf(welcome)).toBe(tg("client.welcome", language));
  await chat.eventually(`the manager's notice that ${name} joined`, () =>
    [...fake.sends().slice(telegramBefore).map(textOf), ...connector.calls.slice(teamsBefore).map((call) => teamsText(call) ?? "")].find(
      (text) => text.startsWith(name) && text.endsWith(joinedEnd),
    ),
  );
  return { client, invite };
}

/** The two cases a colleague already has in the municipality: the report shows them as "<5", three more make 5. */
async function givenTwoCasesOfAColleague(tenantId: string, municipalityId: string): Promise<void> {
  const { manager: jonas } = await addManager(app.deps, operator, { tenantId, name: "Jonas Kern", municipalityIds: [municipalityId] });
  for (const name of ["Samir Aziz", "Lina Aziz"]) await createClient(app.deps, staffActor(jonas), { name, language: "ar", municipalityId });
}

/**
 * `lotse report --audience shared` (German CSV) for the first quarter of 2027, as a wider circle sees it (1 to 4 as
 * "<5"): each figure by "municipality name|key".
 */
async function fundingReport(tenantId: string): Promise<Map<string, string>> {
  const run = await operatorRuns("report", "--tenant", tenantId, "--from", "2027-01-01", "--to", "2027-03-31", "--audience", "shared");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const table = parseCsv(run.stdout);
  expect(table.columns).toEqual(["mandant-id", "mandant", "von", "bis", "gemeinde-id", "gemeinde", "bereich", "kennzahl", "wert", "bezeichnung"]);
  return new Map(
    table.rows.map(({ cells: [, , , , scope, name, , key, value] }) => [`${scope === "alle" ? "all" : scope === "ohne" ? "none" : name}|${key}`, value ?? ""]),
  );
}

/** The counts of one block of the report: people counselled, new cases. */
const peopleIn = (report: Map<string, string>, block: string) => ({
  supported: report.get(`${block}|supported`),
  new: report.get(`${block}|new`),
});

/** The stored case of a client of the tenant, by name. */
async function storedClient(tenantId: string, name: string) {
  const { clients } = await app.store.clients.search({ tenantId, nameContains: name });
  const client = clients.find((c) => c.name === name);
  if (!client) throw new Error(`no client ${name}`);
  return client;
}

/** Taps a button by its German label on the last message with buttons in the Telegram chat. */
const tapLabel = (userId: number, key: string, params?: MessageParams) => chat.press(userId, chat.buttonByText(userId, de(key, params)));

/** Midnight of a March day in Berlin (before summer time begins on 28 March 2027). */
const berlinMidnight = (day: string) => new Date(`${day}T00:00:00+01:00`);

// ---- The tests ------------------------------------------------------------------------------------------------------

describe("case lifecycle: intake of a family", () => {
  it("Telegram: /newclient creates two adults and a child without phone in the manager's one municipality; the funding report counts the three there", async () => {
    const tenantId = await givenTenant();
    const nordstadt = await addMunicipality(app.deps, operator, { tenantId, name: "Nordstadt" });
    await addMunicipality(app.deps, operator, { tenantId, name: "Südheim" });
    await givenTelegramManager(tenantId, EVA, "Eva Muster", { municipalityIds: [nordstadt.id] });
    await givenTwoCasesOfAColleague(tenantId, nordstadt.id);
    expect(peopleIn(await fundingReport(tenantId), "Nordstadt")).toEqual({ supported: "<5", new: "<5" });

    const q = newClientQuestions;
    const eva = managerChat(chat, EVA);
    // The first adult: a new household (the caseload is empty): not asked; the municipality is, Eva's own first.
    const olena = await newClientInChat(eva, translator, {
      name: "Olena Koval",
      language: "Українська",
      gender: "female",
      municipality: "Nordstadt",
      startedOn: "1.3.2027",
    });
    expect(olena.asked).toEqual([q.name, q.language, q.gender, q.municipality, q.ownPhone, q.startedOn]);
    expect(buttonsOf(olena.questions[q.municipality]).map((b) => b.text)).toEqual([
      "Nordstadt",
      "Südheim",
      de("manager.newclient.municipality_none"),
      de("dialog.button.cancel"),
    ]);
    expect(buttonsOf(olena.questions[q.gender]).map((b) => b.text)).toEqual(["weiblich", "männlich", "divers", "keine Angabe", de("dialog.button.cancel")]);
    expect(textOf(olena.questions[q.startedOn])).toBe(tg("manager.newclient.started_on", "de"));
    expect(inviteCodeOf(olena.created)).not.toBe("");
    expect(olena.created.some((call) => call.method === "sendPhoto")).toBe(true);

    // The second adult joins Olena's family; the start of follow-up housing typed as "heute".
    const taras = await newClientInChat(eva, translator, {
      name: "Taras Koval",
      language: "Українська",
      gender: "not_stated",
      household: { family: "Olena Koval" },
      startedOn: "heute",
    });
    expect(taras.asked).toEqual([q.name, q.language, q.gender, q.household, q.ownPhone, q.startedOn]);
    expect(buttonsOf(taras.questions[q.household]).map((b) => b.text)).toEqual([
      de("manager.newclient.household_new"),
      de("manager.newclient.household_join", { names: "Olena Koval" }),
      de("dialog.button.cancel"),
    ]);
    expect(inviteCodeOf(taras.created)).not.toBe("");

    // The child: the same family, no phone of its own, so no invite.
    const mykola = await newClientInChat(eva, translator, {
      name: "Mykola Koval",
      language: "Українська",
      gender: "male",
      household: { family: "Olena Koval, Taras Koval" },
      ownPhone: false,
      startedOn: "1.3.2027",
    });
    expect(mykola.asked).toEqual([q.name, q.language, q.gender, q.household, q.ownPhone, q.startedOn]);
    expect(mykola.created.map(textOf)).toEqual([tg("manager.newclient.created_without_phone", "de", { name: "Mykola Koval", household: "Olena Koval" })]);
    expect(inviteCodeOf(mykola.created)).toBe("");
    expect(mykola.created.some((call) => call.method === "sendPhoto")).toBe(false);

    // The child's card: counselled since the day typed.
    const [card] = await chat.say(EVA, "/clients mykola");
    expect(textOf(card)).toContain(escapeHtml(de("manager_card.card.header", { name: "Mykola Koval", language: "Ukrainisch" })));
    expect(textOf(card)).toContain("Beratung seit Mo., 1. März, letzter Tag Do., 28. Februar 2030");

    const family = await Promise.all(["Olena Koval", "Taras Koval", "Mykola Koval"].map((name) => storedClient(tenantId, name)));
    expect(family.map((c) => [c.name, c.gender, c.municipalityId, c.caseStartedAt.toISOString()])).toEqual([
      ["Olena Koval", "female", nordstadt.id, berlinMidnight("2027-03-01").toISOString()],
      ["Taras Koval", "not_stated", nordstadt.id, berlinMidnight("2027-03-15").toISOString()],
      ["Mykola Koval", "male", nordstadt.id, berlinMidnight("2027-03-01").toISOString()],
    ]);
    expect(new Set(family.map((c) => c.householdId)).size).toBe(1);

    // The funding report: the colleague's two and the family's three in Nordstadt, nobody in Südheim or without one.
    const report = await fundingReport(tenantId);
    expect(peopleIn(report, "Nordstadt")).toEqual({ supported: "5", new: "5" });
    expect(peopleIn(report, "Südheim")).toEqual({ supported: "0", new: "0" });
    expect(peopleIn(report, "all")).toEqual({ supported: "5", new: "5" });
    expect([...report.keys()].some((key) => key.startsWith("none|"))).toBe(false);
  });

  it("Teams: the same family on the one-card new-client form; the funding report counts the three in the municipality", async () => {
    const tenantId = await givenTenant();
    const nordstadt = await addMunicipality(app.deps, operator, { tenantId, name: "Nordstadt" });
    await addMunicipality(app.deps, operator, { tenantId, name: "Südheim" });
    await givenTeamsManager(tenantId, evaInTeams, "Eva Muster", { municipalityIds: [nordstadt.id] });
    await givenTwoCasesOfAColleague(tenantId, nordstadt.id);

    // The first adult: an empty caseload: no household on the card; the municipality is, Eva's own first.
    const [first] = await teams.write(evaInTeams, "newclient");
    expect(cardText(first)).toContain(de("manager.newclient.title"));
    expect(inputIdsOf(first).sort()).toEqual(["gender", "language", "municipality", "name", "ownPhone", "startedOn"]);
    expect(choicesOf(first, "municipality").map((choice) => choice.title)).toEqual(["Nordstadt", "Südheim", de("manager.newclient.municipality_none")]);
    expect(choicesOf(first, "gender").map((choice) => choice.title)).toEqual(["weiblich", "männlich", "divers", "keine Angabe"]);
    const [olena, ...olenaRest] = await teams.submit(evaInTeams, first, {
      name: "Olena Koval",
      language: "uk",
      gender: "female",
      municipality: nordstadt.id,
      ownPhone: "true",
      startedOn: "2027-03-01",
    });
    expect(olena).toMatchObject({ method: "PUT", activityId: first?.storedId });
    expect(cardText(olena)).toMatch(/Olena Koval wurde angelegt\. Einladungslink .*\?start=[\w-]+/);
    expect(olenaRest.some((call) => call.body.attachments?.some((a) => a.contentType === "image/png"))).toBe(true);

    // The second adult: the household is on the card now (new, or Olena's family), with the municipality of a new one.
    const [second] = await teams.write(evaInTeams, "newclient");
    expect(inputIdsOf(second).sort()).toEqual(["gender", "household", "language", "municipality", "name", "ownPhone", "startedOn"]);
    const olenasFamily = choicesOf(second, "household").find((choice) => choice.title === de("manager.newclient.household_join", { names: "Olena Koval" }));
    expect(choicesOf(second, "household").map((choice) => choice.title)).toEqual([de("manager.newclient.household_new"), olenasFamily?.title]);
    // No start date given: today.
    const [taras] = await teams.submit(evaInTeams, second, {
      name: "Taras Koval",
      language: "uk",
      gender: "not_stated",
      household: olenasFamily?.value,
      ownPhone: "true",
    });
    expect(cardText(taras)).toContain("Taras Koval wurde angelegt.");

    // The child: Olena's and Taras's family, no phone of its own.
    const [third] = await teams.write(evaInTeams, "newclient");
    const koval = choicesOf(third, "household").find(
      (choice) => choice.title === de("manager.newclient.household_join", { names: "Olena Koval, Taras Koval" }),
    );
    expect(koval).toBeDefined();
    const [mykola, ...mykolaRest] = await teams.submit(evaInTeams, third, {
      name: "Mykola Koval",
      language: "uk",
      gender: "male",
      household: koval?.value,
      ownPhone: "false",
      startedOn: "2027-03-01",
    });
    expect(cardText(mykola)).toContain(de("manager.newclient.created_without_phone", { name: "Mykola Koval", household: "Olena Koval" }));
    expect(cardText(mykola)).not.toMatch(/\?start=/);
    expect(mykolaRest).toEqual([]);

    const family = await Promise.all(["Olena Koval", "Taras Koval", "Mykola Koval"].map((name) => storedClient(tenantId, name)));
    expect(family.map((c) => [c.name, c.gender, c.municipalityId, c.caseStartedAt.toISOString()])).toEqual([
      ["Olena Koval", "female", nordstadt.id, berlinMidnight("2027-03-01").toISOString()],
      ["Taras Koval", "not_stated", nordstadt.id, clock.now().toISOString()],
      ["Mykola Koval", "male", nordstadt.id, berlinMidnight("2027-03-01").toISOString()],
    ]);
    expect(new Set(family.map((c) => c.householdId)).size).toBe(1);

    const report = await fundingReport(tenantId);
    expect(peopleIn(report, "Nordstadt")).toEqual({ supported: "5", new: "5" });
    expect(peopleIn(report, "Südheim")).toEqual({ supported: "0", new: "0" });
    expect([...report.keys()].some((key) => key.startsWith("none|"))).toBe(false);
  });
});

describe("case lifecycle: handover", () => {
  const NOTE = "Vermieter Herr Roth ruft nur vormittags zurück; der Sohn braucht noch einen Kita-Platz.";

  /** Eva opens Amina's card on Telegram and hands the case to Ben Brown with the note (she does not keep it shared). */
  async function handOverWithNote(): Promise<ApiCall[]> {
    const [card] = await chat.say(EVA, "/clients haddad");
    expect(textOf(card)).toContain("Amina Haddad");
    const [whom] = await tapLabel(EVA, "manager_card.button.handover");
    expect(textOf(whom)).toBe(tg("manager_card.handover.manager", "de"));
    await chat.press(EVA, chat.buttonByText(EVA, "Ben Brown"));
    const [note] = await tapLabel(EVA, "dialog.button.no");
    expect(textOf(note)).toBe(tg("manager_card.handover.note", "de"));
    const [confirm] = await chat.say(EVA, NOTE);
    expect(textOf(confirm)).toContain(tg("manager_card.handover.confirm", "de"));
    return tapLabel(EVA, "dialog.button.yes");
  }

  it("Telegram: Ben's handover message has 'Übergabenotiz lesen' but not the note; the tap shows it, audited as handover.note.read", async () => {
    const tenantId = await givenTenant();
    const eva = await givenTelegramManager(tenantId, EVA, "Eva Muster");
    await givenTelegramManager(tenantId, BEN, "Ben Brown");
    const { client: amina } = await givenJoinedClient(eva, CLIENT, "Amina Haddad", "ar");
    const benBefore = chat.chatSends(BEN).length;
    const aminaBefore = chat.chatSends(CLIENT).length;

    const [done] = await handOverWithNote();
    expect(textOf(done)).toBe(tg("manager_card.handover.done", "de", { managerName: "Ben Brown" }));

    const told = await chat.nextTo(BEN, benBefore, "Ben's handover message");
    expect(textOf(told)).toBe(tg("manager_card.handover.received", "de", { fromName: "Eva Muster", clientName: "Amina Haddad" }));
    expect(buttonsOf(told).map((b) => b.text)).toEqual(["Klientenkarte öffnen", "Übergabenotiz lesen"]);
    const introduction = await chat.nextTo(CLIENT, aminaBefore, "Amina's introduction to Ben");
    expect(textOf(introduction)).toBe(tg("client.handover.introduction", "ar", { managerName: "Ben Brown" }));

    const [shown] = await chat.press(BEN, buttonsOf(told)[1]?.callback_data ?? "");
    expect(textOf(shown)).toBe(
      tg("manager_card.handover.note_shown", "de", {
        fromName: "Eva Muster",
        clientName: "Amina Haddad",
        at: { t: "date", iso: clock.now().toISOString(), zone: ZONE },
        note: NOTE,
      }),
    );
    const reads = (await listClientAudit(app.deps, operator, { clientId: amina.id })).events.filter((event) => event.action === "handover.note.read");
    expect(reads.map((event) => event.actorName)).toEqual(["Ben Brown"]);

    // Ben's card says who handed the case over, with the note behind the same button (not in the card's text).
    const [card] = await chat.press(BEN, buttonsOf(told)[0]?.callback_data ?? "");
    expect(textOf(card)).toContain("Amina Haddad");
    expect(textOf(card)).toContain(
      escapeHtml(de("manager_card.card.handed_over", { fromName: "Eva Muster", at: { t: "date", iso: clock.now().toISOString(), zone: ZONE } })),
    );
    expect(buttonsOf(card).map((b) => b.text)).toContain("Übergabenotiz lesen");

    // The note was in no message Lotse sent but the one Ben asked for; Eva, no longer on the case, cannot open it.
    const withNote = fake.sends().filter((call) => JSON.stringify(call.params).includes("Herr Roth"));
    expect(withNote).toEqual([shown]);
    const [refused] = await chat.press(EVA, buttonsOf(told)[1]?.callback_data ?? "");
    expect(textOf(refused)).toBe(tg("errors.forbidden", "de"));
  });

  it("Teams: the new manager reads the note from the handover card in Teams", async () => {
    const tenantId = await givenTenant();
    const eva = await givenTelegramManager(tenantId, EVA, "Eva Muster");
    await givenTeamsManager(tenantId, benInTeams, "Ben Brown");
    const { client: amina } = await givenJoinedClient(eva, CLIENT, "Amina Haddad", "ar");
    const benBefore = teams.calls(benInTeams).length;

    await handOverWithNote();
    const told = await teams.eventually("Ben's handover message in Teams", () => teams.proactive(benInTeams, benBefore)[0]);
    expect(teamsText(told)).toBe(de("manager_card.handover.received", { fromName: "Eva Muster", clientName: "Amina Haddad" }));
    expect(buttonTitlesOf(told)).toEqual(["Klientenkarte öffnen", "Übergabenotiz lesen"]);
    expect(JSON.stringify(told.body)).not.toContain("Herr Roth");

    const [shown] = await teams.submit(benInTeams, told, {}, "Übergabenotiz lesen");
    expect(teamsText(shown)).toBe(
      de("manager_card.handover.note_shown", {
        fromName: "Eva Muster",
        clientName: "Amina Haddad",
        at: { t: "date", iso: clock.now().toISOString(), zone: ZONE },
        note: NOTE,
      }),
    );
    const reads = (await listClientAudit(app.deps, operator, { clientId: amina.id })).events.filter((event) => event.action === "handover.note.read");
    expect(reads.map((event) => event.actorName)).toEqual(["Ben Brown"]);
  });
});

describe("case lifecycle: a new phone", () => {
  it("a client re-invited from the card links a new Telegram account: reminders and notices reach only the new chat; the old codes stop working", async () => {
    const tenantId = await givenTenant();
    const eva = await givenTelegramManager(tenantId, EVA, "Eva Muster");
    const { client: olena, invite: first } = await givenJoinedClient(eva, CLIENT, "Olena Koval", "uk");
    // An appointment on Wednesday 17 March, 10:00, booked while the old phone is hers: its notice reaches the old phone.
    const oldPhoneBefore = chat.chatSends(CLIENT).length;
    await createAppointment(app.deps, staffActor(eva), { clientIds: [olena.id], startsAt: "2027-03-17T09:00:00Z", place: "Rathaus, Zimmer 4" });
    expect(textOf(await chat.noticeTo(CLIENT, oldPhoneBefore, "the notice on the old phone"))).toContain("Rathaus, Zimmer 4");

    // Olena has a new phone: Eva taps "Neu einladen" on her card.
    const [card] = await chat.say(EVA, "/clients olena");
    expect(buttonsOf(card).map((b) => b.text)).toContain("Neu einladen");
    const issued = await tapLabel(EVA, "manager_card.button.invite");
    const code = inviteCodeOf(issued);
    expect(code).not.toBe("");
    expect(textOf(issued[0])).toBe(
      tg("manager.invite.issued_link", "de", {
        name: "Olena Koval",
        code,
        link: `https://t.me/lotse_test_bot?start=${code}`,
        expiresAt: { t: "date", iso: new Date(clock.now().getTime() + 7 * dayMs).toISOString(), zone: ZONE },
      }),
    );
    expect(issued.some((call) => call.method === "sendPhoto")).toBe(true);

    // The new phone (another Telegram account) links with the new code; she agreed to messages before, so Eva learns
    // at once that Olena can be reached again.
    const evaBefore = chat.chatSends(EVA).length;
    const oldPhoneAfterLink = chat.chatSends(CLIENT).length;
    const [picker] = await chat.say(NEW_PHONE, `/start ${code}`, "uk");
    expect(textOf(picker)).toBe(tg("client.onboarding.language", "uk"));
    const [chosen] = await chat.press(NEW_PHONE, "v1|lng|uk");
    expect(textOf(chosen)).toBe(tg("client.language.changed", "uk"));
    const relinked = tg("manager.reachable.relinked", "de", { client: "Olena Koval", language: { t: "key", key: "manager.language_name.uk" } });
    await chat.eventually("Eva told that Olena is reachable again", () =>
      chat
        .chatSends(EVA)
        .slice(evaBefore)
        .find((call) => textOf(call) === relinked),
    );

    // The reminder planned while the old phone was hers comes a day before, on the new phone.
    const newPhoneBefore = chat.chatSends(NEW_PHONE).length;
    clock.set("2027-03-16T09:00:00Z");
    const reminder = await chat.nextTo(NEW_PHONE, newPhoneBefore, "the reminder on the new phone");
    expect(textOf(reminder)).toContain(escapeHtml(t("client.appointment.reminder", "uk", { managerName: "Eva Muster" }).split("\n")[0] ?? ""));
    expect(textOf(reminder)).toContain("Rathaus, Zimmer 4");
    // A new appointment's notice, too.
    await createAppointment(app.deps, staffActor(eva), { clientIds: [olena.id], startsAt: "2027-03-19T09:00:00Z", place: "Jobcenter, Raum 2" });
    const notice = await chat.noticeTo(NEW_PHONE, newPhoneBefore + 1, "the new notice on the new phone");
    expect(textOf(notice)).toContain("Jobcenter, Raum 2");
    // Both are on the new phone; the old phone got nothing since.
    expect(chat.chatSends(CLIENT).slice(oldPhoneAfterLink)).toEqual([]);

    // The old phone is a stranger's chat now; its invite is used, as is the new one.
    const [hello] = await chat.say(CLIENT, "Привіт", "uk");
    expect(textOf(hello)).toBe(tg("client.stranger.intro", "uk"));
    const again = await chat.say(CLIENT, `/start ${first.code}`, "uk");
    expect(again.map(textOf)).toEqual([tg("client.invite.used_ask", "uk", { name: "Eva Muster" }), tg("client.stranger.intro", "uk")]);
    const someoneElse = await chat.say(SOMEONE, `/start ${code}`, "de");
    expect(someoneElse.map(textOf)).toEqual([tg("client.invite.used_ask", "de", { name: "Eva Muster" }), tg("client.stranger.intro", "de")]);
    expect((await app.store.identities.findByExternal("telegram", String(SOMEONE)))?.active ?? false).toBe(false);
    expect((await app.store.identities.findByExternal("telegram", String(NEW_PHONE)))?.clientId).toBe(olena.id);
  });
});

describe("case lifecycle: a manager leaves", () => {
  it("lotse manager deactivate --reassign-to: Eva's Telegram and Teams chats are told her access has ended; her clients are Ben's in the same step", async () => {
    const tenantId = await givenTenant();
    const eva = await givenTelegramManager(tenantId, EVA, "Eva Muster", { aadObjectId: EVA_AAD });
    // Her Teams account is recognised by her Entra object id on her first message (a minute later: her newest chat).
    clock.advance(60_000);
    const [greeting] = await teams.write(evaInTeams, "help");
    expect(readableText(greeting?.body)).toBe(de("manager.welcome", { name: "Eva Muster" }));
    const ben = await givenTelegramManager(tenantId, BEN, "Ben Brown");
    const { client: amina } = await givenJoinedClient(eva, CLIENT, "Amina Haddad", "ar");
    const { client: karim } = await createClient(app.deps, staffActor(eva), { name: "Karim Said", language: "de" });

    // Her caseload, as her chats show it before she leaves (the buttons stay in the chats).
    const [telegramList] = await chat.say(EVA, "/clients");
    expect(buttonsOf(telegramList).map((b) => b.text)).toEqual(expect.arrayContaining(["Amina Haddad", "Karim Said"]));
    const [teamsList] = await teams.write(evaInTeams, "clients");
    expect(buttonTitlesOf(teamsList)).toEqual(expect.arrayContaining(["Amina Haddad", "Karim Said"]));

    // With open cases and nobody named to take them, nothing changes: the command names the option.
    const refused = await operatorRuns("manager", "deactivate", "--manager", eva.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--reassign-to: 2 open case(s) are assigned to Eva Muster: name who takes them over");
    expect((await app.store.managers.get(eva.id))?.active).toBe(true);

    const benBefore = chat.chatSends(BEN).length;
    const aminaBefore = chat.chatSends(CLIENT).length;
    const deactivated = await operatorRuns("manager", "deactivate", "--manager", eva.id, "--reassign-to", ben.id);
    expect(deactivated.code).toBe(0);
    expect(deactivated.stdout).toContain("Eva Muster is deactivated.");
    expect(deactivated.stdout).toContain("Chat accounts switched off now: 2.");
    expect(deactivated.stdout).toContain("From Eva Muster to Ben Brown:");
    expect(deactivated.stdout).toContain(`  ${amina.id}  handed over (client told)`);
    expect(deactivated.stdout).toContain(`  ${karim.id}  handed over (client not told: no messaging consent)`);
    expect(deactivated.stdout).toContain("Handed over 2, no longer shared 0, skipped 0.");
    expect(deactivated.stdout).toContain("No open cases are assigned to them.");

    // Telegram: a command, a tap on her old list, a name typed: each told that her access has ended, no case shown.
    const evaTelegramBefore = chat.chatSends(EVA).length;
    const intro = tg("manager.access_ended", "de");
    expect((await chat.say(EVA, "/clients")).map(textOf)).toEqual([intro]);
    const aminaButton = buttonsOf(telegramList).find((b) => b.text === "Amina Haddad")?.callback_data ?? "";
    expect((await chat.press(EVA, aminaButton)).map(textOf)).toEqual([intro]);
    expect((await chat.say(EVA, "/newclient")).map(textOf)).toEqual([intro]);
    // Teams: the same; her Entra object id no longer links her.
    const evaTeamsBefore = teams.calls(evaInTeams).length;
    expect((await teams.write(evaInTeams, "clients")).map(teamsText)).toEqual([de("manager.access_ended")]);
    expect((await teams.submit(evaInTeams, teamsList, {}, "Amina Haddad")).map(teamsText)).toEqual([de("manager.access_ended")]);
    expect((await app.store.identities.findByExternal("teams", evaInTeams.id))?.active).toBe(false);

    // Ben is told of each case; Amina is introduced to him in Arabic.
    const received = (clientName: string) => tg("manager_card.handover.received", "de", { fromName: "Eva Muster", clientName });
    await chat.eventually("Ben told of both cases", () => {
      const texts = chat.chatSends(BEN).slice(benBefore).map(textOf);
      return texts.includes(received("Amina Haddad")) && texts.includes(received("Karim Said"));
    });
    const introduction = await chat.nextTo(CLIENT, aminaBefore, "Amina's introduction to Ben");
    expect(textOf(introduction)).toBe(tg("client.handover.introduction", "ar", { managerName: "Ben Brown" }));

    // Her cases are Ben's: his caseload, and Amina's messages are offered to him.
    const [list] = await chat.say(BEN, "/clients");
    expect(textOf(list)).toBe(tg("manager.clients.list", "de", { count: 2, page: 1, pages: 1 }));
    expect(buttonsOf(list).map((b) => b.text)).toEqual(expect.arrayContaining(["Amina Haddad", "Karim Said"]));
    const [ask] = await chat.say(CLIENT, "مرحبا، عندي سؤال");
    expect(textOf(ask)).toContain(tg("client.conversation.ask", "ar", { manager: "Ben Brown" }));

    // Nothing reached Eva's chats after she left but the answers to what she typed.
    expect(chat.chatSends(EVA).slice(evaTelegramBefore).map(textOf)).toEqual([intro, intro, intro]);
    expect(teams.proactive(evaInTeams, evaTeamsBefore)).toEqual([]);
  });
});
