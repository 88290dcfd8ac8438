import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { FILE_CONSENT_CARD } from "../../src/bots/teams/file-consent.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeConnector, type ConnectorCall } from "../support/fake-connector.ts";
import { cardOf, elements, teamsText } from "../support/teams-text.ts";
import { joinInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
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
 * The plan agreed in writing with the manager at the desk in Microsoft Teams (cards through a fake Bot Framework
 * connector) and the client on her phone in Telegram: the manager sends the plan from its card, Amira agrees in Arabic
 * with one tap, the manager's plan card says so (version and time) and the manager gets the plan document; a question
 * reaches the manager in Teams.
 */

const TOKEN = "123456789:AAFakeTokenForTheTeamsAgreement_xy";
const SECRET = "lotse-teams-agreement-secret-01234";
const DATA_KEY = Buffer.from("lotse-e2e-teams-agreement-key-01").toString("base64");
const BOT_ID = "28:lotse-bot";
const TENANT = "11111111-2222-3333-4444-777777777777";
const ZONE = "Europe/Berlin";
/** Monday 1 March 2027, 10:00 in Berlin. */
const START = "2027-03-01T09:00:00Z";
const AMIRA = 8802;

const translator = createTranslator({ localesDir });
const de = (key: string, params?: Record<string, unknown>) =>
  translator.renderText(key, params as Record<string, string>, "de", { timeZone: ZONE, now: new Date(START) });
const eva = { id: "29:eva-agreement", conversation: "a:conv-eva-agreement", locale: "de-DE" };

let clock: FakeClock;
let started: TelegramTestApp;
let app: App;
let chat: TelegramDriver;
let connector: FakeConnector;
let nextActivity = 1;

beforeEach(async () => {
  clock = new FakeClock(START);
  connector = new FakeConnector();
  await connector.start();
  started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram", env: { TEAMS_DEV_UNAUTHENTICATED: "true" } },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  app = started.app;
  chat = new TelegramDriver(started, SECRET, 880_000);
});

afterEach(async () => {
  await noRefusedCallsThenStop(started.fake, started.stop);
  await connector.stop();
});

async function post(fields: Record<string, unknown>): Promise<ConnectorCall[]> {
  const before = connector.inConversation(eva.conversation).length;
  const response = await fetch(`${started.address}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
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
    }),
  });
  expect(response.status).toBe(200);
  return connector.inConversation(eva.conversation).slice(before);
}
const write = (text: string) => post({ type: "message", text });

/** The card (among the calls) with a button of this title, and that button's data. */
function button(calls: ConnectorCall[], title: string): { card: ConnectorCall; data: Record<string, unknown> } {
  for (const call of calls) {
    const action = elements(call, "Action.Submit").find((element) => element.title === title);
    if (action) return { card: call, data: action.data as Record<string, unknown> };
  }
  throw new Error(`no button ${title} in ${JSON.stringify(calls.map(cardOf))}`);
}
const press = (calls: ConnectorCall[], title: string) => {
  const { card, data } = button(calls, title);
  return post({ type: "message", replyToId: card.storedId, value: data });
};

/** Waits for the connector to carry a proactive message to Eva (from the outbox) whose text contains `part`. */
async function proactive(from: number, part: string): Promise<ConnectorCall> {
  return chat.eventually(`a message to Eva in Teams with "${part}"`, () =>
    connector
      .inConversation(eva.conversation)
      .slice(from)
      .find((call) => teamsText(call)?.includes(part)),
  );
}

/** Eva linked in Teams; Amira joined in Telegram (Arabic) with a plan: a catalogue goal and a step with her son's name. */
async function givenWorld(): Promise<{ actor: Actor; planId: string }> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Teamszustimmung" });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  await write(`link ${invite.code}`);
  const actor: Actor = { kind: "staff", managerId: manager.id, tenantId: tenant.id, role: "manager" };
  const { client, invite: clientInvite } = await createClient(app.deps, actor, { name: "Amira Saleh", language: "ar" });
  const joined = connector.inConversation(eva.conversation).length;
  await joinInChat(chat, AMIRA, clientInvite.code, "ar");
  await proactive(joined, "Amira Saleh"); // Eva hears that Amira can be reached now
  const plan = await createPlan(app.deps, actor, { clientId: client.id });
  const goal = await addGoal(app.deps, actor, { planId: plan.id, area: "education", catalogueKey: "children_in_school_or_kita" });
  await addStep(app.deps, actor, { goalId: goal.id, catalogueKey: "find_kita_place", params: { childName: "Yusuf" }, dueAt: "2027-04-15T10:00:00Z" });
  return { actor, planId: plan.id };
}

describe("Teams: the plan agreed in writing (manager in Teams, client in Telegram)", () => {
  it("Eva sends the plan from its card; Amira agrees in Arabic; the card shows version and time; Eva gets the document", async () => {
    await givenWorld();
    const shown = await write("plan Amira Saleh");
    expect(shown.map(teamsText).join("\n")).toContain(de("manager.plan.agreement.none"));

    const aminaFrom = chat.chatSends(AMIRA).length;
    const sent = await press(shown, de("manager.plan.agreement.send_button"));
    expect(sent.map(teamsText).join("\n")).toContain(de("manager.plan.agreement.sent", { version: 1, count: 1 }));
    const request = await chat.nextTo(AMIRA, aminaFrom, "the plan to agree to");
    expect(textOf(request)).toContain(translator.renderText("client.plan.agreement.request", { version: 1 }, "ar").slice(0, 20));
    expect(textOf(request)).toContain("Yusuf");
    const agree = buttonsOf(request).find((b) => b.text === translator.renderText("actions.plan.agree", undefined, "ar"));
    clock.set("2027-03-01T09:05:00Z");
    await chat.press(AMIRA, agree?.callback_data ?? "");

    const again = await write("plan Amira Saleh");
    const at = { t: "datetime", iso: "2027-03-01T09:05:00.000Z", zone: ZONE };
    expect(again.map(teamsText).join("\n")).toContain(de("manager.plan.agreement.agreed", { name: "Amira Saleh", version: 1, at }));
    expect(again.map(teamsText).join("\n")).toContain("Mo., 1. März, 10:05");

    // The plan as a document, the same file Amira keeps (German beside her language): Teams offers it with its file
    // consent card, and "Allow" uploads it to Eva's OneDrive.
    const file = await press(again, de("manager.plan.agreement.file_button"));
    const call = file.find((reply) => reply.body.attachments?.some((a) => a.contentType === FILE_CONSENT_CARD));
    const card = call?.body.attachments?.find((a) => a.contentType === FILE_CONSENT_CARD) as unknown as
      { name: string; content: { acceptContext: Record<string, unknown> } } | undefined;
    expect(card?.name).toMatch(/\.html$/);
    const uploadsBefore = connector.uploads.length;
    await post({
      type: "invoke",
      name: "fileConsent/invoke",
      replyToId: call?.storedId,
      value: {
        type: "fileUpload",
        action: "accept",
        context: card?.content.acceptContext,
        uploadInfo: {
          name: card?.name,
          uploadUrl: connector.uploadUrl(card?.name ?? ""),
          contentUrl: `https://contoso-my.sharepoint.com/personal/eva/Documents/Applications/Lotse/${card?.name ?? ""}`,
          uniqueId: "2250D938-8870-4044-9F2C-5BBDEBA70C9D",
          fileType: "html",
        },
      },
    });
    const [upload] = connector.uploads.slice(uploadsBefore);
    const html = upload?.bytes.toString("utf8") ?? "";
    expect(html).toContain('dir="rtl"');
    expect(html).toContain("Yusuf");
    expect(html).toContain("Integrationsplan");
  });

  it("Amira's 'I have a question' reaches Eva in Teams at once, with the version", async () => {
    await givenWorld();
    const shown = await write("plan Amira Saleh");
    const aminaFrom = chat.chatSends(AMIRA).length;
    await press(shown, de("manager.plan.agreement.send_button"));
    const request = await chat.nextTo(AMIRA, aminaFrom, "the plan to agree to");
    const question = buttonsOf(request).find((b) => b.text === translator.renderText("actions.plan.question", undefined, "ar"));
    const evaFrom = connector.inConversation(eva.conversation).length;
    await chat.press(AMIRA, question?.callback_data ?? "");
    const told = await proactive(evaFrom, "Amira Saleh");
    expect(teamsText(told)).toContain(de("manager.escalation.plan_question", { clientName: "Amira Saleh", version: 1, askedAt: "" }).slice(0, 15));
    const card = await write("plan Amira Saleh");
    expect(card.map(teamsText).join("\n")).toContain("Amira Saleh hat zu Version 1 eine Frage gestellt");
  });
});
