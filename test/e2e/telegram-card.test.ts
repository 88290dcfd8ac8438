import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import type { Client } from "../../src/core/cases/model.ts";
import { handOverCase } from "../../src/core/handover/hand-over-case.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml, formatInstant } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * The manager's client card through real HTTP against the fake Bot API: opened from /clients, move and
 * cancel the next appointment (the client is told in Arabic), assessment, referral, close and reopen, an escalation
 * message with buttons, and the handover to a colleague (the client is introduced in Arabic, the colleague is told).
 *
 * Every test runs alone: each gets a fresh app and clock and sets up its world with `givenWorld` (two managers linked,
 * Amina joined with a plan and, unless the test needs none, her next appointment).
 */

const TOKEN = "123456789:AAFakeTokenForTheClientCardTests_x";
const SECRET = "lotse-client-card-secret-0123456";
const DATA_KEY = Buffer.from("lotse-e2e-card-key-0123456789abc").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
/** Monday 1 March 2027, 10:00 in Berlin: office hours. */
const START = "2027-03-01T09:00:00Z";
const ZONE = "Europe/Berlin";

const EVA = 8601;
const JONAS = 8602;
const AMINA = 8603;
const arabic = /[\u0600-\u06FF]/;

const translator = createTranslator({ localesDir });
const de = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");
const rendered = (key: string, language: string, params?: Record<string, string | number>) => escapeHtml(translator.renderText(key, params, language));
const when = (iso: string, language = "de") => formatInstant(iso, "datetime", { language, zone: ZONE }) ?? "";

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;
let eva: Manager;
let jonas: Manager;
let amina: Client;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ fake, app } = started);
  chat = new TelegramDriver(started, SECRET, 950_000);
  stopApp = started.stop;
});

afterEach(async () => {
  const stop = stopApp;
  stopApp = undefined;
  await noRefusedCallsThenStop(fake, stop);
});

const texts = (calls: ApiCall[]) => calls.map(textOf);
const pressLabel = (userId: number, key: string, params?: Record<string, string | number>) => chat.press(userId, chat.buttonByText(userId, de(key, params)));
/** Taps the card's button `key` on the last card sent to Eva. */
const onCard = (key: string) => pressLabel(EVA, key);

/**
 * A minute passes before each step: the clock is frozen otherwise, and an appointment's notices are keyed by the time
 * they are planned (a move within the same millisecond as the booking would be taken for the same notice).
 */
async function openCard(): Promise<ApiCall> {
  clock.advance(60_000);
  await chat.say(EVA, "/clients");
  const [card] = await chat.press(EVA, chat.buttonByText(EVA, "Amina Haddad"));
  return card as ApiCall;
}

/** Books an appointment for Amina and waits for her notice (in Arabic); returns the appointment id and the notice. */
async function booked(startsAt: string): Promise<{ id: string; notice: ApiCall }> {
  clock.advance(60_000);
  const before = chat.chatSends(AMINA).length;
  const appointment = await createAppointment(app.deps, staffActor(eva), { clientIds: [amina.id], startsAt, place: "Rathaus, Zimmer 12" });
  return { id: appointment.id, notice: await chat.noticeTo(AMINA, before, "Amina's appointment notice") };
}

/**
 * The world of every test: Eva and Jonas link, Amina (Eva's client) joins in Arabic and consents, she has a plan with
 * a step with weekly check-ins and, unless `appointmentAt` is null, her next appointment (Thursday 4 March, 10:00,
 * unless given). Eva's notice that Amina can be reached is waited for, so that it does not come in the middle of a step.
 */
async function givenWorld({ appointmentAt = "2027-03-04T09:00:00Z" }: { appointmentAt?: string | null } = {}) {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Kartenheim" });
  const first = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  const second = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Jonas Kern" });
  ({ manager: eva } = first);
  ({ manager: jonas } = second);
  await chat.say(EVA, `/start ${first.invite.code}`, "de");
  await chat.say(JONAS, `/start ${second.invite.code}`, "de");
  const created = await createClient(app.deps, staffActor(eva), { name: "Amina Haddad", language: "ar" });
  amina = created.client;
  const welcome = await joinInChat(chat, AMINA, created.invite.code, "ar", { chatId: EVA, translator });
  const plan = await createPlan(app.deps, staffActor(eva), { clientId: amina.id, nextReviewAt: "2027-09-01T08:00:00Z" });
  const goal = await addGoal(app.deps, staffActor(eva), { planId: plan.id, area: "language", text: "Deutsch B1" });
  // A step with weekly check-ins: the first question comes on Monday 8 March, 10:00.
  await addStep(app.deps, staffActor(eva), { goalId: goal.id, customText: "Kurs anmelden", cadenceDays: 7 });
  const appointment = appointmentAt === null ? null : await booked(appointmentAt);
  return { welcome, notice: appointment?.notice };
}

describe("Telegram: the manager's client card", () => {
  it("sets up: two managers link, Amina joins in Arabic and consents, she has a plan and an appointment", async () => {
    const { welcome, notice } = await givenWorld();
    expect(textOf(welcome[0])).toBe(rendered("client.welcome", "ar"));
    expect(textOf(notice)).toMatch(arabic);
  });

  it("/clients → Amina: the card shows language, next appointment, last contact, plan and help requests, with its buttons", async () => {
    await givenWorld();
    const card = await openCard();
    const text = textOf(card);
    expect(text).toContain(escapeHtml(de("manager_card.card.header", { name: "Amina Haddad", language: "Arabisch" })));
    expect(text).toContain(when("2027-03-04T09:00:00Z"));
    expect(text).toContain("Rathaus, Zimmer 12");
    expect(text).toContain(de("manager_card.card.no_contact"));
    expect(text).toContain(escapeHtml(de("manager_card.card.plan", { goalsOpen: 1, goalsDone: 0, stepsOpen: 1, stepsDone: 0 })));
    expect(text).toContain(de("manager_card.card.no_help_requests"));
    expect(text).toContain("Beratung seit Mo., 1. März, letzter Tag Do., 28. Februar 2030");
    expect(buttonsOf(card).map((b) => b.text)).toEqual(
      [
        "new_appointment",
        "log",
        "move",
        "cancel",
        "plan",
        "assessment",
        "assessment_view",
        "assessment_history",
        "referral",
        "referrals",
        "handover",
        "share",
        "earlier_work",
        "consents",
        "quiet",
        "write",
        "invite",
        "close",
      ].map((name) => de(`manager_card.button.${name}`)),
    );
    // One match of a search opens the card at once.
    const [found] = await chat.say(EVA, "/clients haddad");
    expect(textOf(found)).toBe(text);
  });

  it("moves the next appointment to a time typed naturally; Amina is told in Arabic at once", async () => {
    await givenWorld();
    await openCard();
    const [prompt] = await onCard("manager_card.button.move");
    // The appointment is named above the question.
    expect(textOf(prompt)).toContain(escapeHtml(de("manager_card.move.starts_at")));
    expect(textOf(prompt)).toContain("Rathaus, Zimmer 12");
    const aminaBefore = chat.chatSends(AMINA).length;
    const replies = await chat.say(EVA, "Fr 14:30");
    expect(texts(replies)[0]).toBe(escapeHtml(de("manager_card.move.done", { startsAt: when("2027-03-05T13:30:00Z"), place: "Rathaus, Zimmer 12" })));
    expect(textOf(replies[1])).toContain(when("2027-03-05T13:30:00Z"));
    const notice = await chat.noticeTo(AMINA, aminaBefore, "Amina's notice of the new time");
    expect(textOf(notice)).toMatch(arabic);
    expect(textOf(notice)).toContain(when("2027-03-05T13:30:00Z", "ar"));
  });

  it("cancels the next appointment after a confirmation; Amina is told in Arabic", async () => {
    // Her next appointment: Friday 5 March, 14:30.
    await givenWorld({ appointmentAt: "2027-03-05T13:30:00Z" });
    await openCard();
    const [confirm] = await onCard("manager_card.button.cancel");
    expect(textOf(confirm)).toContain(escapeHtml(de("manager_card.cancel.confirm")));
    expect(textOf(confirm)).toContain(when("2027-03-05T13:30:00Z"));
    const aminaBefore = chat.chatSends(AMINA).length;
    const replies = await pressLabel(EVA, "dialog.button.yes");
    expect(texts(replies)[0]).toBe(escapeHtml(de("manager_card.cancel.done", { startsAt: when("2027-03-05T13:30:00Z") })));
    expect(textOf(replies[1])).toContain(de("manager_card.card.no_appointment"));
    const notice = await chat.noticeTo(AMINA, aminaBefore, "Amina's cancellation notice");
    expect(textOf(notice)).toMatch(arabic);
    expect(textOf(notice)).toContain(when("2027-03-05T13:30:00Z", "ar"));
  });

  it("a tap on the notice from before a move answers nothing: Amina sees the new time in Arabic, the moved appointment stays as it is", async () => {
    await givenWorld({ appointmentAt: null });
    const { id, notice } = await booked("2027-03-08T09:00:00Z");
    const cannotCome = buttonsOf(notice).find((b) => b.callback_data?.startsWith(`v1|apc|${id}|x|`))?.callback_data ?? "";
    await openCard();
    await onCard("manager_card.button.move");
    const aminaBefore = chat.chatSends(AMINA).length;
    await chat.say(EVA, "09.03.2027 10:00");
    await chat.noticeTo(AMINA, aminaBefore, "Amina's notice of the new time");
    const evaBefore = chat.chatSends(EVA).length;

    const [answer] = await chat.press(AMINA, cannotCome);
    expect(textOf(answer)).toMatch(arabic);
    expect(textOf(answer)).toContain(when("2027-03-09T09:00:00Z", "ar"));
    expect(textOf(answer)).toContain(when("2027-03-08T09:00:00Z", "ar"));
    expect(buttonsOf(answer).some((b) => b.callback_data?.startsWith(`v1|apc|${id}|x|`) && b.callback_data !== cannotCome)).toBe(true);
    expect((await app.store.appointments.get(id))?.status).toBe("scheduled");
    expect(await app.store.escalations.listForClient(amina.id)).toEqual([]);
    expect(chat.chatSends(EVA).slice(evaBefore)).toEqual([]);
  });

  it("'I cannot come' reaches Eva with buttons: open the card, move the appointment (Amina is told), then 'handled' is already done", async () => {
    await givenWorld({ appointmentAt: null });
    const { id, notice } = await booked("2027-03-08T09:00:00Z");
    const cannotCome = buttonsOf(notice).find((b) => b.callback_data?.startsWith(`v1|apc|${id}|x|`))?.callback_data ?? "";
    expect(cannotCome).not.toBe("");
    const evaBefore = chat.chatSends(EVA).length;
    await chat.press(AMINA, cannotCome);
    const alert = await chat.nextTo(EVA, evaBefore, "Eva's alert");
    expect(textOf(alert)).toContain("Amina Haddad");
    expect(buttonsOf(alert).map((b) => b.text)).toEqual(["open_card", "handled", "move"].map((name) => de(`manager_card.button.${name}`)));
    const [open, handled, move] = buttonsOf(alert).map((b) => b.callback_data ?? "");

    const [card] = await chat.press(EVA, open ?? "");
    expect(textOf(card)).toContain(escapeHtml(de("manager_card.escalation.cannot_come")));
    clock.advance(60_000);
    const [prompt] = await chat.press(EVA, move ?? "");
    // The appointment is named above the question.
    expect(textOf(prompt)).toContain(escapeHtml(de("manager_card.move.starts_at")));
    expect(textOf(prompt)).toContain("Rathaus, Zimmer 12");
    const aminaBefore = chat.chatSends(AMINA).length;
    const [moved] = await chat.say(EVA, "09.03.2027 11:00");
    expect(textOf(moved)).toBe(escapeHtml(de("manager_card.move.done", { startsAt: when("2027-03-09T10:00:00Z"), place: "Rathaus, Zimmer 12" })));
    expect(textOf(await chat.nextTo(AMINA, aminaBefore, "Amina's new time"))).toMatch(arabic);
    // Moving resolved the request; the "handled" button says so instead of failing.
    const [already] = await chat.press(EVA, handled ?? "");
    expect(textOf(already)).toBe(escapeHtml(de("manager_card.escalation.already_handled", { kind: de("manager_card.escalation.cannot_come") })));
  });

  it("'I need help' on a check-in reaches Eva with buttons: open the card, mark it handled", async () => {
    await givenWorld({ appointmentAt: null });
    const aminaBefore = chat.chatSends(AMINA).length;
    clock.set("2027-03-08T09:05:00Z");
    const question = await chat.eventually("Amina's check-in question", () =>
      chat
        .chatSends(AMINA)
        .slice(aminaBefore)
        .find((call) => buttonsOf(call).some((b) => /^v1\|pci\|/.test(b.callback_data ?? ""))),
    );
    expect(textOf(question)).toMatch(arabic);
    const needHelp = buttonsOf(question).find((b) => /\|h$/.test(b.callback_data ?? ""))?.callback_data ?? "";
    const evaBefore = chat.chatSends(EVA).length;
    await chat.press(AMINA, needHelp);
    const alert = await chat.eventually("Eva's help alert", () =>
      chat
        .chatSends(EVA)
        .slice(evaBefore)
        .find((call) => textOf(call).includes("Amina Haddad")),
    );
    expect(buttonsOf(alert).map((b) => b.text)).toEqual([de("actions.escalation.open"), de("manager_card.button.handled")]);
    const [open, handled] = buttonsOf(alert).map((b) => b.callback_data ?? "");
    const [card] = await chat.press(EVA, open ?? "");
    expect(textOf(card)).toContain(escapeHtml(de("manager_card.escalation.need_help")));
    const [done] = await chat.press(EVA, handled ?? "");
    expect(textOf(done)).toBe(escapeHtml(de("manager_card.escalation.handled", { kind: de("manager_card.escalation.need_help") })));
    expect(textOf(await openCard())).toContain(de("manager_card.card.no_help_requests"));
  });

  it("records the assessment section by section, each question skippable; health is not offered without consent", async () => {
    await givenWorld();
    await openCard();
    const started = await onCard("manager_card.button.assessment");
    expect(texts(started)).toEqual([de("manager_card.assessment.sensitive_without_consent"), escapeHtml(de("manager_card.assessment.sections"))]);
    expect(buttonsOf(started[1]).map((b) => b.text)).not.toContain(de("manager_card.assessment.section.health"));
    for (const section of ["languages", "schooling", "interests", "children"]) await pressLabel(EVA, `manager_card.assessment.section.${section}`);
    const [level] = await pressLabel(EVA, "dialog.button.done");
    expect(textOf(level)).toBe(escapeHtml(de("manager_card.assessment.german_level")));
    await chat.press(EVA, chat.buttonByText(EVA, "B1"));
    await pressLabel(EVA, "dialog.button.skip");
    await chat.say(EVA, "8");
    await pressLabel(EVA, "dialog.button.skip");
    await chat.say(EVA, "Kochen, Fußball");
    await chat.say(EVA, "3");
    const [saved] = await pressLabel(EVA, "dialog.button.skip");
    expect(textOf(saved)).toBe(de("manager_card.assessment.saved"));
    expect((await app.store.assessments.get(amina.id))?.data).toEqual({
      languages: [{ code: "de", level: "B1" }],
      schooling: { years: 8 },
      interests: ["Kochen", "Fußball"],
      household: { childrenCount: 3 },
    });
  });

  it("refers Amina to the Jobcenter", async () => {
    await givenWorld();
    await openCard();
    await onCard("manager_card.button.referral");
    const [followUp] = await pressLabel(EVA, "manager_referrals.service.jobcenter");
    expect(textOf(followUp)).toBe(escapeHtml(de("manager_card.referral.follow_up")));
    const [saved] = await pressLabel(EVA, "dialog.button.skip");
    expect(textOf(saved)).toBe(de("manager_card.referral.saved"));
    expect((await app.store.referrals.listForClient(amina.id)).map((r) => [r.targetKind, r.target, r.status])).toEqual([["service", "jobcenter", "open"]]);
  });

  it("closes the case with a reason and reopens it", async () => {
    await givenWorld();
    await openCard();
    await onCard("manager_card.button.close");
    await pressLabel(EVA, "manager_card.close.reason.moved_away");
    const closed = await pressLabel(EVA, "dialog.button.yes");
    expect(textOf(closed[0])).toBe(de("manager_card.close.done"));
    expect(buttonsOf(closed[1]).map((b) => b.text)).toEqual([de("manager_card.button.plan"), de("manager_card.button.reopen")]);
    expect((await app.store.clients.get(amina.id))?.status).toBe("closed");
    const reopened = await onCard("manager_card.button.reopen");
    expect(textOf(reopened[0])).toBe(de("manager_card.reopened"));
    expect((await app.store.clients.get(amina.id))?.status).toBe("open");
  });

  it("hands the case over to Jonas: Amina is introduced to him in Arabic, Jonas is told and opens the card", async () => {
    await givenWorld();
    await openCard();
    await onCard("manager_card.button.handover");
    await chat.press(EVA, chat.buttonByText(EVA, "Jonas Kern"));
    await pressLabel(EVA, "dialog.button.no");
    await pressLabel(EVA, "dialog.button.skip");
    const aminaBefore = chat.chatSends(AMINA).length;
    const jonasBefore = chat.chatSends(JONAS).length;
    const [done] = await pressLabel(EVA, "dialog.button.yes");
    expect(textOf(done)).toBe(escapeHtml(de("manager_card.handover.done", { managerName: "Jonas Kern" })));
    expect((await app.store.assignments.listForClient(amina.id)).map((a) => [a.managerId, a.kind])).toEqual([[jonas.id, "primary"]]);
    const introduction = await chat.nextTo(AMINA, aminaBefore, "Amina's introduction");
    expect(textOf(introduction)).toBe(rendered("client.handover.introduction", "ar", { managerName: "Jonas Kern" }));
    const told = await chat.nextTo(JONAS, jonasBefore, "Jonas's notice");
    expect(textOf(told)).toBe(escapeHtml(de("manager_card.handover.received", { fromName: "Eva Muster", clientName: "Amina Haddad" })));
    const [card] = await chat.press(JONAS, buttonsOf(told)[0]?.callback_data ?? "");
    expect(textOf(card)).toContain("Amina Haddad");
    expect(buttonsOf(card).map((b) => b.text)).toContain(de("manager_card.button.handover"));
    // Eva no longer has the case.
    const [refused] = await chat.say(EVA, "/clients haddad");
    expect(textOf(refused)).toBe(escapeHtml(de("manager.clients.none_found", { query: "haddad" })));
  });

  it("a card button for something unknown or out of date is answered clearly and changes nothing", async () => {
    await givenWorld();
    // Eva has handed Amina's case over to Jonas; his notice is waited for, so that it is not taken for an answer below.
    const jonasBefore = chat.chatSends(JONAS).length;
    await handOverCase(app.deps, staffActor(eva), { clientId: amina.id, toManagerId: jonas.id });
    await chat.nextTo(JONAS, jonasBefore, "Jonas's notice of the handover");
    const [unknown] = await chat.press(JONAS, "v1|esh|01JUNKNOWNESCALATION000000");
    expect(textOf(unknown)).toBe(escapeHtml(de("errors.not_found")));
    const [garbage] = await chat.press(JONAS, "v1|ccm|not|valid");
    expect(textOf(garbage)).toBe(escapeHtml(de("dialog.stale")));
    const [stranger] = await chat.press(EVA, `v1|ccc|${amina.id}`);
    expect(textOf(stranger)).toBe(escapeHtml(de("errors.forbidden")));
    expect((await app.store.clients.get(amina.id))?.status).toBe("open");
  });
});
