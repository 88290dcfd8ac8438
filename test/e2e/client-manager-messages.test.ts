import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import type { MessageParams } from "../../src/core/dialog/messages.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeConnector, type ConnectorCall } from "../support/fake-connector.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { cardOf, cardText, elements, readableText, teamsText } from "../support/teams-text.ts";
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
 * Clients write to their manager, through real HTTP: the client on Telegram (fake Bot API), the manager on
 * Telegram or on Teams (activities POSTed to /api/messages, answers recorded by a fake Bot Framework connector).
 * The client's text or photo is offered to the manager by name; on "yes" it reaches the manager's chat through the
 * outbox dispatcher (a photo by its Telegram file_id on Telegram, fetched from the Bot API and attached on Teams);
 * the manager's answer (a standard phrase, translated, or their own words) reaches the client's chat. Inside the
 * tenant's quiet hours (21:00 to 08:00 in Berlin) both sides are told 08:00 and nothing arrives before.
 *
 * One app for the file on a fake clock; every test sets its own day and its own tenant, manager and client.
 */

const TOKEN = "123456789:AAFakeTokenForTheClientManagerTests_x";
const SECRET = "lotse-client-manager-secret-012345";
const DATA_KEY = Buffer.from("lotse-e2e-conversation-key-01234").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const ZONE = "Europe/Berlin";
const BOT_ID = "28:lotse-bot";
const TEAMS_TENANT = "11111111-2222-3333-4444-777777777777";
/** Nothing here is rate-limited: the test runs far faster than people write. */
const unlimited = { perSecond: 100_000, burst: 10_000 };

const translator = createTranslator({ localesDir });
const t = (key: string, language: string, params?: MessageParams) => translator.renderText(key, params, language, { timeZone: ZONE });
/** A text as Telegram receives it (HTML-escaped). */
const onTelegram = (text: string) => escapeHtml(text);
const datetime = (iso: string): MessageParams[string] => ({ t: "datetime", iso, zone: ZONE });
const languageName = (code: string): MessageParams[string] => ({ t: "key", key: `manager.language_name.${code}` });

const clock = new FakeClock("2027-03-01T09:00:00Z");
let started: TelegramTestApp;
let app: App;
let fake: FakeTelegram;
let chat: TelegramDriver;
let connector: FakeConnector;
let nextUser = 8700;
let nextActivity = 1;

beforeAll(async () => {
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
  chat = new TelegramDriver(started, SECRET, 870_000);
});

afterAll(async () => {
  await started?.stop();
  await connector?.stop();
});

// ---- Telegram ----------------------------------------------------------------------------------------------------

/** A client joins on Telegram with the invite code: language, consent to messages, check-ins. */
async function joinOnTelegram(code: string, language: string): Promise<number> {
  const userId = nextUser++;
  await chat.say(userId, `/start ${code}`, language);
  await chat.press(userId, `v1|lng|${language}`);
  await chat.press(userId, "v1|cns|a");
  await chat.press(userId, "v1|cck|a");
  return userId;
}

/** A tenant with Eva linked on Telegram and her client Amina joined on Telegram in `language`. */
async function telegramWorld(label: string, language: string) {
  const tenant = await addTenant(app.deps, operator, { name: `Landkreis ${label}` });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  const eva = nextUser++;
  await chat.say(eva, `/start ${invite.code}`, "de");
  const { client, invite: clientInvite } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language });
  const amina = await joinOnTelegram(clientInvite.code, language);
  // Eva hears that Amina can be reached now; from here on her chat holds only what this test causes.
  await app.runDueWork();
  await chat.eventually("Eva told that Amina joined", () => chat.chatSends(eva).some((call) => textOf(call).includes("Amina Haddad")));
  return { eva, amina, client, manager };
}

const incomingText = (call: ApiCall) => call.method === "sendMessage" && textOf(call).includes("Amina Haddad") && buttonsOf(call).length === 3;

/** The next message to the manager's chat with the client's name and her three buttons, from send `from` on. */
function incomingFor(chatId: number, from: number): Promise<ApiCall> {
  return chat.eventually("the client's message in the manager's chat", () => chat.chatSends(chatId).slice(from).find(incomingText));
}

/** The client's message and her answer "yes": returns what the question showed and what "yes" answered. */
async function writeAndPass(amina: number, fields: Record<string, unknown>) {
  const before = chat.chatSends(amina).length;
  await chat.message(amina, fields);
  const [question] = await chat.nextTo(amina, before, "the question to Amina").then(() => chat.chatSends(amina).slice(before));
  const yes = buttonsOf(question).find((button) => /^v1\|cmp\|[^|]+\|y$/.test(button.callback_data ?? ""));
  if (!yes?.callback_data) throw new Error(`no yes button in ${JSON.stringify(question?.params)}`);
  const [passed] = await chat.press(amina, yes.callback_data);
  return { question, passed };
}

const managerButtons = () => [t("manager.conversation.reply", "de"), t("manager.conversation.done", "de"), t("manager_card.button.open_card", "de")];

// ---- Teams -------------------------------------------------------------------------------------------------------

interface TeamsUser {
  id: string;
  conversation: string;
}

const activityOf = (user: TeamsUser, fields: Record<string, unknown>) => ({
  id: `act-cm-${nextActivity++}`,
  channelId: "msteams",
  serviceUrl: `${connector.url}/`,
  timestamp: new Date().toISOString(),
  locale: "de-DE",
  from: { id: user.id, name: "Eva" },
  recipient: { id: BOT_ID, name: "Lotse" },
  conversation: { id: user.conversation, conversationType: "personal", tenantId: TEAMS_TENANT },
  channelData: { tenant: { id: TEAMS_TENANT } },
  ...fields,
});

/** Posts an activity; returns what the connector received in that conversation meanwhile (the bot's replies). */
async function post(user: TeamsUser, fields: Record<string, unknown>): Promise<ConnectorCall[]> {
  const before = connector.inConversation(user.conversation).length;
  const response = await fetch(`${started.address}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activityOf(user, fields)),
  });
  expect(response.status).toBe(200);
  return connector.inConversation(user.conversation).slice(before);
}

/** A text as a card shows it: one TextBlock per line, blank lines as spacing. */
const asCardLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .join("\n");
const inputIds = (call: ConnectorCall | undefined) => ["Input.Text", "Input.ChoiceSet"].flatMap((type) => elements(call, type).map((e) => String(e.id)));
function submitAction(call: ConnectorCall | undefined, title?: string): Record<string, unknown> {
  const action = elements(call, "Action.Submit").find((element) => title === undefined || element.title === title);
  if (!action) throw new Error(`no button ${title ?? ""} in ${JSON.stringify(cardOf(call))}`);
  return action.data as Record<string, unknown>;
}
/** Fills in a card (or taps one of its buttons): Teams sends the action's data merged with the inputs. */
const submit = (user: TeamsUser, card: ConnectorCall | undefined, values: Record<string, unknown>, title?: string) =>
  post(user, { type: "message", replyToId: card?.storedId, value: { ...submitAction(card, title), ...values } });

/** Proactive messages in a conversation (not replies to an activity the person sent), from call `from` on. */
const proactive = (user: TeamsUser, from: number) =>
  connector
    .inConversation(user.conversation)
    .slice(from)
    .filter((call) => call.kind === "send" && !call.activityId?.startsWith("act-"));

// ---- The tests ---------------------------------------------------------------------------------------------------

describe("a client on Telegram writes to a manager on Telegram", () => {
  it("free text in Arabic → yes → Eva gets it with Amina's name and three buttons; her standard answer reaches Amina in Arabic", async () => {
    clock.set("2027-03-01T09:00:00Z"); // Monday, 10:00 in Berlin
    const { eva, amina } = await telegramWorld("Arabisch", "ar");
    const written = "هل يمكنك مساعدتي في رسالة من مكتب العمل؟";
    const writtenAt = clock.now().toISOString();
    const managerBefore = chat.chatSends(eva).length;

    const { question, passed } = await writeAndPass(amina, { text: written });
    // The question names Eva and, the first time, says what agreeing means; in Arabic.
    expect(textOf(question)).toBe(
      onTelegram([t("client.conversation.ask", "ar", { manager: "Eva Muster" }), t("consent.manager_messages.v1", "ar")].join("\n\n")),
    );
    expect(buttonsOf(question).map((button) => button.text)).toEqual([
      t("actions.conversation.pass", "ar", { manager: "Eva Muster" }),
      t("actions.conversation.keep", "ar"),
    ]);
    expect(buttonsOf(question)[1]?.callback_data).toMatch(/^v1\|cmp\|[^|]+\|n$/);
    expect(textOf(passed)).toBe(onTelegram(t("client.conversation.passed", "ar", { manager: "Eva Muster" })));

    await app.runDueWork();
    const incoming = await incomingFor(eva, managerBefore);
    expect(textOf(incoming)).toBe(
      onTelegram(
        t("manager.conversation.incoming", "de", { client: "Amina Haddad", language: languageName("ar"), writtenAt: datetime(writtenAt), text: written }),
      ),
    );
    expect(textOf(incoming)).toContain("Nachricht von Amina Haddad (liest Arabisch)");
    expect(buttonsOf(incoming).map((button) => button.text)).toEqual(managerButtons());
    expect(buttonsOf(incoming).map((button) => button.callback_data)).toEqual([
      expect.stringMatching(/^v1\|cmr\|/),
      expect.stringMatching(/^v1\|cmd\|/),
      expect.stringMatching(/^v1\|/),
    ]);

    // Antworten: Amina reads Arabic, so Eva learns her own text would arrive untranslated, and may pick a phrase.
    const form = await chat.press(eva, chat.buttonByText(eva, t("manager.conversation.reply", "de")));
    expect(textOf(form[0])).toBe(onTelegram(t("manager.conversation.intro_translated", "de", { name: "Amina Haddad", language: languageName("ar") })));
    expect(textOf(form.at(-1))).toContain(onTelegram(t("manager.conversation.phrase", "de")));
    const phraseLabels = buttonsOf(form.at(-1)).map((button) => button.text);
    // A standard answer is a sentence: its button is shortened to fit a phone, and the question gives it in full.
    const bringLetter = t("client.conversation.phrase.bring_letter", "de");
    const shortened = phraseLabels.find((label) => label.endsWith("…") && bringLetter.startsWith(label.slice(0, -1)));
    expect(shortened).toBeDefined();
    expect(textOf(form.at(-1))).toContain(onTelegram(`• ${bringLetter}`));
    expect(phraseLabels).toContain(t("manager.conversation.own_text", "de"));

    const clientBefore = chat.chatSends(amina).length;
    const [sent] = await chat.press(eva, chat.buttonByText(eva, shortened ?? bringLetter));
    expect(textOf(sent)).toBe(onTelegram(t("manager.conversation.sent", "de", { name: "Amina Haddad" })));

    await app.runDueWork();
    const answer = await chat.nextTo(amina, clientBefore, "Eva's answer in Amina's chat");
    expect(textOf(answer)).toBe(
      onTelegram(
        t("client.conversation.from_manager_phrase", "ar", { manager: "Eva Muster", phrase: { t: "key", key: "client.conversation.phrase.bring_letter" } }),
      ),
    );
    expect(textOf(answer)).toContain(onTelegram(t("client.conversation.phrase.bring_letter", "ar")));
    expect(textOf(answer)).toContain("Eva Muster");
    expect(fake.violations).toEqual([]);
  });

  it("a photo → yes → Eva's chat gets the photo by the same file_id, then the text saying a photo came, with the buttons", async () => {
    clock.set("2027-03-02T09:00:00Z");
    const { eva, amina } = await telegramWorld("Foto", "de");
    const fileId = "AgACAgIAAxkBAAIBQ2ZhbGxpbmdfcGhvdG9fbGFyZ2U";
    const writtenAt = clock.now().toISOString();
    const managerBefore = chat.chatSends(eva).length;

    const { question, passed } = await writeAndPass(amina, {
      photo: [
        { file_id: "AgACAgIAAxkBAAIBQ2small", file_unique_id: "AQADs", width: 90, height: 90, file_size: 1200 },
        { file_id: fileId, file_unique_id: "AQADl", width: 1280, height: 960, file_size: 98_000 },
      ],
    });
    expect(textOf(question)).toContain(onTelegram(t("client.conversation.ask", "de", { manager: "Eva Muster" })));
    expect(textOf(passed)).toBe(onTelegram(t("client.conversation.passed", "de", { manager: "Eva Muster" })));

    await app.runDueWork();
    const incoming = await incomingFor(eva, managerBefore);
    const toEva = chat.chatSends(eva).slice(managerBefore);
    const photo = toEva.find((call) => call.method === "sendPhoto");
    expect(photo?.params.photo).toBe(fileId);
    expect(toEva.indexOf(photo as ApiCall)).toBeLessThan(toEva.indexOf(incoming));
    expect(textOf(incoming)).toBe(
      onTelegram(t("manager.conversation.incoming_photo", "de", { client: "Amina Haddad", language: languageName("de"), writtenAt: datetime(writtenAt) })),
    );
    expect(buttonsOf(incoming).map((button) => button.text)).toEqual(managerButtons());
    // Telegram has the photo by reference: nothing was downloaded.
    expect(fake.callsTo("getFile")).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe("a client on Telegram writes to a manager on Teams", () => {
  it("text and photo arrive proactively in Teams (the photo's bytes attached as a data URI); Eva's own answer reaches Amina on Telegram", async () => {
    clock.set("2027-03-03T09:00:00Z");
    const eva: TeamsUser = { id: "29:eva-conversations", conversation: "a:conv-eva-conversations" };
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Teamsheim" });
    const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const [welcome] = await post(eva, { type: "message", text: `link ${invite.code}` });
    expect(readableText(welcome?.body)).toBe(t("manager.welcome", "de", { name: "Eva Muster" }));
    const { invite: clientInvite } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language: "de" });
    const amina = await joinOnTelegram(clientInvite.code, "de");
    await app.runDueWork();
    await chat.eventually("Eva told in Teams that Amina joined", () => proactive(eva, 0).some((call) => teamsText(call).includes("Amina Haddad")));

    // Free text.
    const written = "Ich habe einen Brief vom Jobcenter bekommen. Was muss ich tun?";
    const textAt = clock.now().toISOString();
    let before = connector.inConversation(eva.conversation).length;
    await writeAndPass(amina, { text: written });
    await app.runDueWork();
    const textMessage = await chat.eventually("the text in Teams", () => proactive(eva, before).find((call) => teamsText(call).includes(written)));
    expect(cardText(textMessage)).toBe(
      asCardLines(
        t("manager.conversation.incoming", "de", { client: "Amina Haddad", language: languageName("de"), writtenAt: datetime(textAt), text: written }),
      ),
    );
    expect(elements(textMessage, "Action.Submit").map((action) => action.title)).toEqual(managerButtons());
    expect(textMessage.body.attachments?.filter((attachment) => attachment.contentUrl)).toEqual([]);

    // A photo: Lotse fetches it from the Bot API (getFile, then the file URL) and attaches exactly its bytes.
    clock.advance(60_000);
    const fileId = "AgACAgIAAxkBAAIBR2Rva3VtZW50X2Zyb21fdGVhbXM";
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from("Lotse fake JPEG: a letter from the Jobcenter"),
      Buffer.from([0xff, 0xd9]),
    ]);
    const served = fake.addFile(fileId, bytes, "photos/file_42.jpg");
    const photoAt = clock.now().toISOString();
    before = connector.inConversation(eva.conversation).length;
    const { question } = await writeAndPass(amina, { photo: [{ file_id: fileId, file_unique_id: "AQADt", width: 800, height: 600 }] });
    // Agreed before: the question comes without the consent text now.
    expect(textOf(question)).toBe(onTelegram(t("client.conversation.ask", "de", { manager: "Eva Muster" })));
    await app.runDueWork();
    const photoMessage = await chat.eventually("the photo in Teams", () =>
      proactive(eva, before).find((call) => call.body.attachments?.some((attachment) => attachment.contentUrl?.startsWith("data:"))),
    );
    const [file] = photoMessage.body.attachments ?? [];
    expect(file?.contentType).toBe("image/jpeg");
    expect(file?.contentUrl).toBe(`data:image/jpeg;base64,${bytes.toString("base64")}`);
    expect(Buffer.from(file?.contentUrl?.split(",")[1] ?? "", "base64").equals(served.bytes)).toBe(true);
    expect(fake.callsTo("getFile").map((call) => call.params.file_id)).toContain(fileId);
    expect(fake.downloads).toContain(served.path);
    expect(cardText(photoMessage)).toBe(
      asCardLines(t("manager.conversation.incoming_photo", "de", { client: "Amina Haddad", language: languageName("de"), writtenAt: datetime(photoAt) })),
    );
    expect(elements(photoMessage, "Action.Submit").map((action) => action.title)).toEqual(managerButtons());

    // Antworten on the text: Amina reads German, so the form (one card) asks only for the text.
    const replies = await submit(eva, textMessage, {}, t("manager.conversation.reply", "de"));
    expect(replies.map(teamsText)).toContain(t("manager.conversation.intro", "de", { name: "Amina Haddad" }));
    const form = replies.filter((call) => cardOf(call)).at(-1);
    expect(inputIds(form)).toEqual(["text"]);
    const clientBefore = chat.chatSends(amina).length;
    const answer = "Bitte bringen Sie den Brief am Donnerstag um 10 Uhr mit.";
    const result = await submit(eva, form, { text: answer });
    expect(result.map(teamsText).join("\n")).toContain(t("manager.conversation.sent", "de", { name: "Amina Haddad" }));

    await app.runDueWork();
    const received = await chat.nextTo(amina, clientBefore, "Eva's answer in Amina's Telegram chat");
    expect(textOf(received)).toBe(onTelegram(t("client.conversation.from_manager", "de", { manager: "Eva Muster", text: answer })));
    expect(fake.violations).toEqual([]);
  });
});

describe("quiet hours (21:00 to 08:00 in Berlin)", () => {
  it("at 23:00 Amina is told 08:00 and Eva gets nothing before 08:00; Eva's answer at 23:00 reaches Amina only at 08:00", async () => {
    clock.set("2027-03-04T09:00:00Z");
    const { eva, amina } = await telegramWorld("Ruhezeit", "de");

    clock.set("2027-03-04T22:00:00Z"); // Thursday, 23:00 in Berlin
    const written = "Noch wach? Morgen früh habe ich einen Termin beim Amt.";
    const managerBefore = chat.chatSends(eva).length;
    const { passed } = await writeAndPass(amina, { text: written });
    expect(textOf(passed)).toBe(onTelegram(t("client.conversation.passed_later", "de", { manager: "Eva Muster", at: datetime("2027-03-05T07:00:00.000Z") })));
    expect(textOf(passed)).toContain("08:00");

    await app.runDueWork();
    expect(chat.chatSends(eva).slice(managerBefore)).toEqual([]);
    clock.set("2027-03-05T06:59:00Z"); // 07:59
    await app.runDueWork();
    expect(chat.chatSends(eva).slice(managerBefore)).toEqual([]);
    clock.set("2027-03-05T07:00:00Z"); // 08:00
    await app.runDueWork();
    const incoming = await incomingFor(eva, managerBefore);
    expect(textOf(incoming)).toContain(onTelegram(written));

    // Eva answers in the evening, at 23:00: she is told it arrives at 08:00, and it does, not before.
    clock.set("2027-03-05T22:00:00Z");
    const form = await chat.press(eva, chat.buttonByText(eva, t("manager.conversation.reply", "de")));
    expect(textOf(form[0])).toBe(onTelegram(t("manager.conversation.intro", "de", { name: "Amina Haddad" })));
    expect(textOf(form.at(-1))).toBe(onTelegram(t("manager.conversation.text", "de")));
    const clientBefore = chat.chatSends(amina).length;
    const answer = "Viel Erfolg morgen! Melden Sie sich danach.";
    const [sent] = await chat.say(eva, answer);
    expect(textOf(sent)).toBe(onTelegram(t("manager.conversation.sent_later", "de", { name: "Amina Haddad", at: datetime("2027-03-06T07:00:00.000Z") })));
    expect(textOf(sent)).toContain("08:00");

    await app.runDueWork();
    expect(chat.chatSends(amina).slice(clientBefore)).toEqual([]);
    clock.set("2027-03-06T06:59:00Z");
    await app.runDueWork();
    expect(chat.chatSends(amina).slice(clientBefore)).toEqual([]);
    clock.set("2027-03-06T07:00:00Z");
    await app.runDueWork();
    const received = await chat.nextTo(amina, clientBefore, "Eva's answer at 08:00");
    expect(textOf(received)).toBe(onTelegram(t("client.conversation.from_manager", "de", { manager: "Eva Muster", text: answer })));
    expect(fake.violations).toEqual([]);
  });
});
