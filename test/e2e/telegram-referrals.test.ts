import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Client } from "../../src/core/cases/model.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * Referrals that follow up, through real HTTP against the fake Bot API: Eva refers Amina to the Jobcenter
 * from the card with "in 14 Tagen"; on that day Eva is asked how it went (with the outcome buttons) and Amina is asked
 * in Arabic whether she went; Eva's tap records the outcome; /agenda lists the follow-up on its day, in one reply with an
 * open help request and an overdue review (the "done when"); Amina's "not yet"
 * reaches Eva with the day Lotse asks again.
 *
 * Every test runs alone: each gets a fresh app and clock and brings the world to its step with the "given" helpers.
 */

const TOKEN = "123456789:AAFakeTokenForTheReferralsTest_xyz";
const SECRET = "lotse-referrals-secret-012345678";
const DATA_KEY = Buffer.from("lotse-e2e-referral-key-012345678").toString("base64");
/** Monday 1 March 2027, 10:00 in Berlin. */
const START = "2027-03-01T09:00:00Z";
/** Monday 15 March 2027, 10:00 in Berlin: "in 14 Tagen", at the hour a day alone means. */
const FOLLOW_UP = "2027-03-15T09:00:00Z";

const EVA = 8701;
const AMINA = 8702;
const arabic = /[\u0600-\u06FF]/;

const translator = createTranslator({ localesDir });
const de = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;
let eva: Manager;
let amina: Client;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ fake, app } = started);
  chat = new TelegramDriver(started, SECRET, 970_000);
  stopApp = started.stop;
});

afterEach(async () => {
  const stop = stopApp;
  stopApp = undefined;
  await noRefusedCallsThenStop(fake, stop);
});

const pressLabel = (userId: number, key: string) => chat.press(userId, chat.buttonByText(userId, de(key)));

// ---- Given: the world a step needs, built by the test itself -------------------------------------------------------

/** Eva links; Amina, her client, joins in Arabic and agrees to messages and check-ins (Eva's notice waited for). */
async function givenAminaJoined(): Promise<void> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Vermittlungsheim" });
  const added = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  eva = added.manager;
  await chat.say(EVA, `/start ${added.invite.code}`, "de");
  const created = await createClient(app.deps, staffActor(eva), { name: "Amina Haddad", language: "ar" });
  amina = created.client;
  await joinInChat(chat, AMINA, created.invite.code, "ar", { chatId: EVA, translator });
}

/** Eva opens Amina's card and refers her to the Jobcenter, asking again "in 14 Tagen"; returns the confirmation. */
async function givenReferredToJobcenter(): Promise<ApiCall[]> {
  await chat.say(EVA, "/clients");
  await chat.press(EVA, chat.buttonByText(EVA, "Amina Haddad"));
  await pressLabel(EVA, "manager_card.button.referral");
  await pressLabel(EVA, "manager_referrals.service.jobcenter");
  return chat.say(EVA, "in 14 Tagen");
}

/** The follow-up day comes: Eva's question and Amina's arrive. */
async function givenFollowUpDay(): Promise<{ ask: ApiCall; question: ApiCall }> {
  const evaFrom = chat.chatSends(EVA).length;
  const aminaFrom = chat.chatSends(AMINA).length;
  clock.set(FOLLOW_UP);
  const ask = await chat.nextTo(EVA, evaFrom, "Eva's follow-up question");
  const question = await chat.nextTo(AMINA, aminaFrom, "Amina's question");
  return { ask, question };
}

describe("Telegram: referrals that follow up", () => {
  it("a Jobcenter referral with a follow-up in 14 days asks Eva on that day, with the outcome buttons, and Amina in Arabic", async () => {
    await givenAminaJoined();
    const saved = await givenReferredToJobcenter();
    expect(textOf(saved[0])).toBe(de("manager_card.referral.saved"));
    expect(await app.store.referrals.listForClient(amina.id)).toEqual([
      expect.objectContaining({ targetKind: "service", target: "jobcenter", status: "open", followUpAt: new Date(FOLLOW_UP) }),
    ]);
    // The day before, the question waits for its day.
    clock.set("2027-03-14T09:00:00Z");
    expect((await app.store.outbox.listPendingForRecipient("manager", eva.id)).map((m) => [m.messageKey, m.dueAt])).toContainEqual([
      "manager_referrals.ask.service",
      new Date(FOLLOW_UP),
    ]);

    const { ask, question } = await givenFollowUpDay();
    expect(textOf(ask)).toBe("Nachfrage zur Vermittlung: Amina Haddad – Jobcenter. Wie ist es ausgegangen?");
    expect((ask.params.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ["Wahrgenommen", "Nicht wahrgenommen"],
      ["Erledigt", "Eine Woche später"],
    ]);
    expect(textOf(question)).toBe(
      escapeHtml(translator.renderText("referrals.check_in.question", { service: { t: "key", key: "referrals.service.jobcenter" } }, "ar")),
    );
    expect(textOf(question)).toContain("مركز العمل (Jobcenter)");
    expect(buttonsOf(question).map((b) => b.text)).toEqual(["نعم، ذهبت", "ليس بعد", "أحتاج مساعدة"]);
  });

  it("Eva's tap under the question records the outcome; the referral is closed and nobody is asked again", async () => {
    await givenAminaJoined();
    await givenReferredToJobcenter();
    await givenFollowUpDay();
    const [recorded] = await pressLabel(EVA, "manager_card.referrals.button.attended");
    expect(recorded?.method).toBe("editMessageText");
    expect(textOf(recorded)).toContain(escapeHtml(de("manager_card.referrals.of_client", { clientName: "Amina Haddad" })));
    expect(textOf(recorded)).toContain(`${de("manager_referrals.service.jobcenter")} (seit Mo., 1. März): ${de("manager_card.referrals.status.attended")}`);
    expect(buttonsOf(recorded)).toEqual([]);
    expect(await app.store.referrals.listForClient(amina.id)).toEqual([expect.objectContaining({ status: "attended" })]);
    expect(await app.store.outbox.listPendingForRecipient("manager", eva.id)).toEqual([]);
    // Listed so under "Vermittlungen" on the card.
    await chat.say(EVA, "/clients");
    await chat.press(EVA, chat.buttonByText(EVA, "Amina Haddad"));
    const listed = await pressLabel(EVA, "manager_card.button.referrals");
    expect(listed.map(textOf)).toContain(`${de("manager_referrals.service.jobcenter")} (seit Mo., 1. März): ${de("manager_card.referrals.status.attended")}`);
  });

  it("/agenda lists the referral follow-up on its day, once", async () => {
    await givenAminaJoined();
    await givenReferredToJobcenter();
    clock.set("2027-03-15T06:30:00Z"); // 07:30, before the question goes out
    const [agenda] = await chat.say(EVA, "/agenda");
    const line = escapeHtml(de("manager.agenda.referral_follow_up", { clientName: "Amina Haddad" }));
    expect(textOf(agenda).split(line)).toHaveLength(2);
    expect(textOf(agenda)).toContain("Vermittlung nachfragen: Amina Haddad");
  });

  it("/agenda lists in one reply the open help request (with its button), the overdue review and the referral follow-up", async () => {
    await givenAminaJoined();
    await givenReferredToJobcenter();
    // Amina's plan was due for review on 10 March; one step, which she answers in her chat with "I need help".
    const plan = await createPlan(app.deps, staffActor(eva), { clientId: amina.id, nextReviewAt: "2027-03-10T12:00:00Z" });
    const goal = await addGoal(app.deps, staffActor(eva), { planId: plan.id, area: "language", catalogueKey: "german_b1" });
    const { step } = await addStep(app.deps, staffActor(eva), { goalId: goal.id, catalogueKey: "register_integration_course", params: { provider: "VHS" } });
    await chat.say(AMINA, "/plan");
    const evaFrom = chat.chatSends(EVA).length;
    const [thanks] = await chat.press(AMINA, `v1|pci|${step.id}|h`);
    expect(textOf(thanks)).toMatch(arabic);
    await chat.nextTo(EVA, evaFrom, "Eva's alert of the help request");

    clock.set("2027-03-15T06:30:00Z"); // Monday 07:30, the follow-up's day; the review is overdue since 11 March
    const replies = await chat.say(EVA, "/agenda");
    expect(replies).toHaveLength(1);
    const agenda = textOf(replies[0]);
    const lines = [
      de("manager.agenda.request_step", {
        kind: de("manager_card.escalation.need_help"),
        clientName: "Amina Haddad",
        step: de("catalogue.register_integration_course.title", { provider: "VHS" }),
        since: "Mo., 1. März",
      }),
      de("manager.agenda.review_overdue", { clientName: "Amina Haddad", due: "Mi., 10. März" }),
      de("manager.agenda.referral_follow_up", { clientName: "Amina Haddad" }),
    ];
    for (const line of lines) expect(agenda).toContain(escapeHtml(line));
    // The overdue review is listed once (under today), not again under tomorrow.
    expect(agenda.split("Fortschreibung des Plans").length - 1).toBe(1);
    // the help request's button (its label shortened to fit a phone, given in full below the message) opens Amina's card
    const card = await chat.press(
      EVA,
      chat.buttonByText(EVA, de("manager.agenda.request_button", { clientName: "Amina Haddad", kind: de("manager_card.escalation.need_help") })),
    );
    expect(textOf(card[0])).toContain("Amina Haddad");
  });

  it("Amina's 'not yet' thanks her in Arabic and tells Eva when Lotse asks again", async () => {
    await givenAminaJoined();
    await givenReferredToJobcenter();
    const { question } = await givenFollowUpDay();
    const evaFrom = chat.chatSends(EVA).length;
    const notYet = buttonsOf(question).find((b) => b.callback_data?.endsWith("|n"))?.callback_data ?? "";
    const [thanks] = await chat.press(AMINA, notYet);
    expect(textOf(thanks)).toBe(escapeHtml(translator.renderText("referrals.check_in.thanks_not_yet", undefined, "ar")));
    expect(textOf(thanks)).toMatch(arabic);
    const told = await chat.nextTo(EVA, evaFrom, "Eva's notice of the answer");
    expect(textOf(told)).toBe(
      escapeHtml("Amina Haddad war nach eigener Antwort noch nicht dort: Jobcenter. Lotse fragt am Mo., 22. März, 10:00 noch einmal nach."),
    );
    expect(await app.store.referrals.listForClient(amina.id)).toEqual([
      expect.objectContaining({ status: "open", followUpAt: new Date("2027-03-22T09:00:00Z") }),
    ]);
  });
});
