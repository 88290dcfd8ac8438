import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { planAgreementAction } from "../../src/core/chat/plan-actions.ts";
import type { MessageParams } from "../../src/core/dialog/messages.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat, linkedManagerInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
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
 * The plan agreed in writing through real HTTP against the fake Bot API: the manager sends the plan for
 * agreement; an Arabic and a Tigrinya client read it fully in their language (a catalogue goal, a step with their
 * child's name, its due day), agree with one tap and get the plan as an HTML file (their language and German, the pact
 * "schriftlich fixiert" and "verbindlich"); "I have a question" reaches the manager.
 */

const TOKEN = "123456789:AAFakeTokenForThePlanAgreementTest_x";
const SECRET = "lotse-plan-agreement-secret-0123456";
const DATA_KEY = Buffer.from("lotse-e2e-plan-agreement-key-012").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const ZONE = "Europe/Berlin";
/** Monday 1 March 2027, 10:00 in Berlin. */
const START = "2027-03-01T09:00:00Z";
const DUE = "2027-04-15T10:00:00Z";

const MANAGER = 8601;
const AMIRA = 8602;
const TESFAY = 8603;

const translator = createTranslator({ localesDir });
const render = (language: string, key: string, params?: MessageParams) =>
  translator.renderText(key, params, language, { timeZone: ZONE, now: new Date(START) });

let clock: FakeClock;
let started: TelegramTestApp;
let app: App;
let fake: FakeTelegram;
let chat: TelegramDriver;

beforeEach(async () => {
  clock = new FakeClock(START);
  started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ app, fake } = started);
  chat = new TelegramDriver(started, SECRET, 860_000);
});

afterEach(async () => {
  await noRefusedCallsThenStop(fake, started?.stop);
});

const givenManager = async () => staffActor(await linkedManagerInChat(app, chat, MANAGER, "Landkreis Zustimmung"));

/** A client joined in their language, with a plan: the catalogue goal "children in school or Kita", a step with the child's name, due 15 April. */
async function givenPlan(petra: Awaited<ReturnType<typeof givenManager>>, name: string, language: string, chatId: number, child: string) {
  const { client, invite } = await createClient(app.deps, petra, { name, language });
  await joinInChat(chat, chatId, invite.code, language, { chatId: MANAGER, translator });
  const plan = await createPlan(app.deps, petra, { clientId: client.id });
  const goal = await addGoal(app.deps, petra, { planId: plan.id, area: "education", catalogueKey: "children_in_school_or_kita" });
  await addStep(app.deps, petra, { goalId: goal.id, catalogueKey: "find_kita_place", params: { childName: child }, dueAt: DUE, cadenceDays: null });
  return { client, plan };
}

const cases = [
  { language: "ar", name: "Amira Saleh", chatId: AMIRA, child: "Lina", script: /[\u0600-\u06FF]/ },
  { language: "ti", name: "Tesfay Gebru", chatId: TESFAY, child: "Selam", script: /[\u1200-\u137F]/ },
] as const;

describe("the plan agreed in writing on Telegram", () => {
  it.each(cases)("$language: the client reads the plan in their language, agrees with one tap and gets the plan document", async (c) => {
    const petra = await givenManager();
    const { plan } = await givenPlan(petra, c.name, c.language, c.chatId, c.child);

    const before = chat.chatSends(c.chatId).length;
    const [sentReply] = await chat.press(MANAGER, planAgreementAction.encode(plan.id));
    expect(textOf(sentReply)).toBe(escapeHtml(render("de", "manager.plan.agreement.sent", { version: 1, count: 1 })));

    // The request: the plan in the client's language (goal, step with the child's name, due day), then the question.
    const request = await chat.nextTo(c.chatId, before, "the agreement request");
    const text = textOf(request);
    const goal = render(c.language, "goals.children_in_school_or_kita");
    const step = render(c.language, "catalogue.find_kita_place.title", { childName: c.child });
    const due = render(c.language, "client.plan.agreement.step_due", { title: step, dueAt: { t: "date", iso: DUE, zone: ZONE } });
    expect(text).toContain(escapeHtml(render(c.language, "client.plan.agreement.request", { version: 1 })));
    expect(text).toContain(escapeHtml(goal));
    expect(text).toContain(escapeHtml(due));
    expect(text).toContain(c.child);
    expect(text).toContain(escapeHtml(render(c.language, "client.plan.agreement.ask")));
    expect(text).toMatch(c.script);
    expect(text).not.toMatch(/Kita-Platz|Kinder|Ziel/);
    expect(buttonsOf(request).map((b) => b.text)).toEqual([render(c.language, "actions.plan.agree"), render(c.language, "actions.plan.question")]);

    // One tap: thanks, and the plan as an HTML file in the client's language and German.
    const answered = await chat.press(c.chatId, buttonsOf(request)[0]?.callback_data ?? "no agree button");
    expect(textOf(answered[0])).toBe(escapeHtml(render(c.language, "client.plan.agreement.agreed", { version: 1 })));
    const document = await chat.eventually("the plan document", () => chat.chatSends(c.chatId).find((call) => call.method === "sendDocument"));
    expect(document.files.document?.fileName).toBe("Integrationsplan-v1-2027-03-01.html");
    const html = document.files.document?.bytes.toString("utf8") ?? "";
    expect(html).toContain(`lang="${c.language}"`);
    expect(html).toContain(`dir="${c.language === "ar" ? "rtl" : "ltr"}"`);
    expect(html).toContain(escapeHtml(goal));
    expect(html).toContain(c.child);
    expect(html).toContain("schriftlich fixiert");
    expect(html).toContain("verbindlich");
    expect(html).toContain(escapeHtml(render("de", "goals.children_in_school_or_kita")));
    expect(html).toContain("@page");
    expect(html).not.toMatch(/<link|<script|src=/);

    // The answer is kept with its time and version; a second tap records nothing new.
    await chat.press(c.chatId, buttonsOf(request)[0]?.callback_data ?? "no agree button");
    const answers = await app.deps.store.planAnswers.listForPlan(plan.id);
    expect(answers.map((a) => [a.version, a.answer, a.at.toISOString()])).toEqual([[1, "agreed", new Date(START).toISOString()]]);
  });

  it("'I have a question' reaches the manager at once, with the version, and is kept", async () => {
    const petra = await givenManager();
    const { plan } = await givenPlan(petra, "Amira Saleh", "ar", AMIRA, "Lina");
    const before = chat.chatSends(AMIRA).length;
    await chat.press(MANAGER, planAgreementAction.encode(plan.id));
    const request = await chat.nextTo(AMIRA, before, "the agreement request");
    const toManager = chat.chatSends(MANAGER).length;
    const [reply] = await chat.press(AMIRA, buttonsOf(request)[1]?.callback_data ?? "no question button");
    expect(textOf(reply)).toBe(escapeHtml(render("ar", "client.plan.agreement.question_sent")));
    const told = await chat.nextTo(MANAGER, toManager, "the manager is told");
    expect(textOf(told)).toBe(
      escapeHtml(
        render("de", "manager.escalation.plan_question", { clientName: "Amira Saleh", version: 1, askedAt: { t: "datetime", iso: START, zone: ZONE } }),
      ),
    );
    expect((await app.deps.store.planAnswers.listForPlan(plan.id)).map((a) => a.answer)).toEqual(["question"]);
  });
});
