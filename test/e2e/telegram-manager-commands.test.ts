import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { helpText } from "../support/help-text.ts";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { commandMenu } from "../../src/bots/telegram/commands-menu.ts";
import { operator } from "../../src/core/actor.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { genders } from "../../src/core/cases/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml, formatInstant } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { inviteCodeOf, managerChat, newClientInChat, newClientQuestions } from "../support/new-client-chat.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat, linkedManagerInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * Every manager command through real HTTP against the fake Bot API, one test each. Every test runs alone: each gets
 * a fresh app and clock and brings the world to the point it needs with the "given" helpers below (Petra linked,
 * Olena joined, an appointment).
 */

const TOKEN = "123456789:AAFakeTokenForTheManagerCommandTests";
const SECRET = "lotse-manager-commands-secret-0123";
const DATA_KEY = Buffer.from("lotse-e2e-manager-key-0123456789").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
/** Monday 1 March 2027, 10:00 in Berlin: office hours. */
const START = "2027-03-01T09:00:00Z";
const ZONE = "Europe/Berlin";

const MANAGER = 8301;
const OLENA = 8302;
const cyrillic = /[\u0400-\u04FF]/;

const translator = createTranslator({ localesDir });
const rendered = (key: string, language: string, params?: Record<string, string | number>) => escapeHtml(translator.renderText(key, params, language));

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ fake, app } = started);
  chat = new TelegramDriver(started, SECRET, 900_000);
  stopApp = started.stop;
});

afterEach(async () => {
  const stop = stopApp;
  stopApp = undefined;
  await noRefusedCallsThenStop(fake, stop);
});

// ---- Given: the world a command needs, built by the test itself ----------------------------------------------------

/** Petra Neu, linked in her chat with /start <code>. */
const givenManager = (): Promise<Manager> => linkedManagerInChat(app, chat, MANAGER, "Landkreis Befehlsheim");

/**
 * Olena, Petra's client (created in the core, as /newclient does), who joins in Ukrainian; Petra's notice that she can
 * be reached now is waited for, so that it does not come in the middle of the next command.
 */
async function givenOlena(manager: Manager): Promise<string> {
  const { client, invite } = await createClient(app.deps, staffActor(manager), { name: "Olena Koval", language: "uk", gender: "female" });
  await joinInChat(chat, OLENA, invite.code, "uk", { chatId: MANAGER, translator });
  return client.id;
}

const lastText = (calls: { params: Record<string, unknown> }[]) => textOf(calls.at(-1) as never);

describe("Telegram manager commands", () => {
  it("/start <code> links the manager, greets them by name and gives the chat the staff commands in German", async () => {
    // At start the default menus hold the client commands: German without a language, and each client language.
    expect(fake.menu("default")?.map((c) => c.command)).toEqual([
      "appointments",
      "plan",
      "mydata",
      "language",
      "offers",
      "questions",
      "quiet",
      "stop",
      "unlink",
      "delete",
      "help",
    ]);
    expect(fake.menu("default:uk")).toEqual(commandMenu("client", "uk", translator));
    expect(fake.menu("default:ar")?.every((c) => /[\u0600-\u06FF]/.test(c.description))).toBe(true);

    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Befehlsheim" });
    const added = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Petra Neu" });
    const [greeting] = await chat.say(MANAGER, `/start ${added.invite.code}`, "de");
    expect(textOf(greeting)).toBe(rendered("manager.welcome", "de", { name: "Petra Neu" }));
    expect(textOf(greeting)).toContain("Petra Neu");
    const menu = await chat.eventually("the manager's menu", () => fake.menu(`chat:${MANAGER}`));
    // A manager's menu: every staff command of the command table but the supervisors' /report.
    expect(menu.map((c) => c.command)).toEqual([
      "newclient",
      "invite",
      "clients",
      "appointment",
      "log",
      "contacts",
      "quiet",
      "consents",
      "plan",
      "review",
      "agenda",
      "messages",
      "write",
      "offers",
      "offeradd",
      "volunteers",
      "volunteeradd",
      "match",
      "matchend",
      "periods",
      "extend",
      "unlink",
      "cancel",
      "help",
    ]);
    expect(menu.find((c) => c.command === "appointment")?.description).toBe(translator.renderText("manager_commands.staff.appointment", undefined, "de"));
  });

  it("/newclient: name, language, gender, own phone and start date → the invite as deep link and as QR code image; the client joins in Ukrainian", async () => {
    const manager = await givenManager();
    const label = (key: string) => translator.renderText(key, undefined, "de");
    const texts = (calls: ApiCall[]) => buttonsOf(calls.at(-1)).map((b) => b.text);
    expect(lastText(await chat.say(MANAGER, "/newclient"))).toBe(rendered("manager.newclient.name", "de"));
    expect(lastText(await chat.say(MANAGER, "Olena Koval"))).toBe(rendered("manager.newclient.language", "de"));
    const gender = await chat.press(MANAGER, chat.buttonByText(MANAGER, "Українська"));
    expect(lastText(gender)).toBe(rendered("manager.newclient.gender", "de"));
    expect(texts(gender)).toEqual([...genders.map((g) => label(`manager.newclient.gender_${g}`)), label("dialog.button.cancel")]);
    // An empty caseload in a tenant without municipalities: a new household without one, nothing to ask about it.
    const ownPhone = await chat.press(MANAGER, chat.buttonByText(MANAGER, label("manager.newclient.gender_female")));
    expect(lastText(ownPhone)).toBe(rendered("manager.newclient.own_phone", "de"));
    expect(texts(ownPhone)).toEqual([label("dialog.button.yes"), label("dialog.button.no"), label("dialog.button.cancel")]);
    const startedOn = await chat.press(MANAGER, chat.buttonByText(MANAGER, label("dialog.button.yes")));
    expect(lastText(startedOn)).toBe(rendered("manager.newclient.started_on", "de"));
    expect(texts(startedOn)).toEqual([label("dialog.button.skip"), label("dialog.button.cancel")]);
    const created = await chat.press(MANAGER, chat.buttonByText(MANAGER, label("dialog.button.skip")));
    const withLink = created.find((call) => /start=/.test(textOf(call)));
    expect(textOf(withLink)).toContain("Olena Koval");
    const code = /https:\/\/t\.me\/lotse_test_bot\?start=([\w-]+)/.exec(textOf(withLink))?.[1] ?? "";
    expect(code).not.toBe("");
    const photo = created.find((call) => call.method === "sendPhoto");
    expect(photo?.files.photo?.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    // Skipped: the follow-up housing (and the case) starts today.
    const { clients } = await app.store.clients.search({ tenantId: manager.tenantId, nameContains: "Olena" });
    expect(clients).toMatchObject([{ name: "Olena Koval", gender: "female", municipalityId: null, caseStartedAt: clock.now() }]);

    await chat.say(OLENA, `/start ${code}`, "uk");
    await chat.press(OLENA, "v1|lng|uk");
    await chat.press(OLENA, "v1|cns|a");
    const [welcome] = await chat.press(OLENA, "v1|cck|a");
    expect(textOf(welcome)).toBe(rendered("client.welcome", "uk"));
    // The manager is told through the outbox that she can be reached now (before the next command asks anything).
    const openCard = translator.renderText("manager_card.button.open_card", undefined, "de");
    await chat.eventually("the notice that Olena joined", () =>
      chat.chatSends(MANAGER).find((call) => textOf(call).startsWith("Olena Koval") && buttonsOf(call).some((b) => b.text === openCard)),
    );
  });

  it("/clients lists the caseload with paging and finds a client by name", async () => {
    const manager = await givenManager();
    await givenOlena(manager);
    for (let i = 1; i <= 9; i++) await createClient(app.deps, staffActor(manager), { name: `Test Person ${String(i).padStart(2, "0")}`, language: "de" });
    const [list] = await chat.say(MANAGER, "/clients");
    expect(textOf(list)).toBe(rendered("manager.clients.list", "de", { count: 10, page: 1, pages: 2 }));
    expect(buttonsOf(list).filter((b) => b.callback_data?.startsWith("v1|cli|"))).toHaveLength(8);
    const next = chat.button(MANAGER, (b) => b.text === translator.renderText("manager.clients.next", undefined, "de"), "next page");
    const [page2] = await chat.press(MANAGER, next);
    expect(page2?.method).toBe("editMessageText");
    expect(textOf(page2)).toBe(rendered("manager.clients.list", "de", { count: 10, page: 2, pages: 2 }));
    expect(buttonsOf(page2).map((b) => b.text)).toContain(translator.renderText("manager.clients.previous", undefined, "de"));

    const [several] = await chat.say(MANAGER, "/clients test person");
    expect(textOf(several)).toBe(rendered("manager.clients.list", "de", { count: 9, page: 1, pages: 2 }));
    expect(buttonsOf(several).map((b) => b.text)).not.toContain("Olena Koval");
    // One match: listed alone (or opened at once as the client card).
    const found = await chat.say(MANAGER, "/clients koval");
    const shown = found.map((call) => [textOf(call), ...buttonsOf(call).map((b) => b.text)].join("\n")).join("\n");
    expect(shown).toContain("Olena Koval");
    expect(shown).not.toContain("Test Person");
  });

  async function bookUntilPlace(when: () => Promise<void>): Promise<string> {
    await chat.say(MANAGER, "/appointment");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "Olena Koval"));
    await when();
    await chat.say(MANAGER, "Rathaus, Zimmer 4");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("manager.kind.office", undefined, "de")));
    const summary = await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("manager.appointment.duration_option", { minutes: 45 }, "de")));
    // The appointment read back before "create": the place and 45 minutes as given.
    expect(lastText(summary)).toContain("Rathaus, Zimmer 4");
    expect(lastText(summary)).toContain("(45 Min.)");
    const done = await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("dialog.button.yes", undefined, "de")));
    return lastText(done);
  }

  it("/appointment with the time typed naturally: booked, and the client is told at once in Ukrainian", async () => {
    await givenOlena(await givenManager());
    const olenaBefore = chat.chatSends(OLENA).length;
    const created = await bookUntilPlace(async () => {
      await chat.say(MANAGER, "morgen 10");
    });
    const startsAt = "2027-03-02T09:00:00.000Z";
    expect(created).toBe(
      rendered("manager.appointment.created", "de", {
        startsAt: formatInstant(startsAt, "datetime", { language: "de", zone: ZONE }) ?? "",
        place: "Rathaus, Zimmer 4",
      }),
    );
    const notice = await chat.noticeTo(OLENA, olenaBefore, "Olena's notice");
    expect(textOf(notice)).toMatch(cyrillic);
    expect(textOf(notice)).toContain("Rathaus, Zimmer 4");
    expect(textOf(notice)).toContain("Petra Neu");
  });

  it("/appointment with day and time picked from buttons", async () => {
    const manager = await givenManager();
    await givenOlena(manager);
    const olenaBefore = chat.chatSends(OLENA).length;
    const created = await bookUntilPlace(async () => {
      const [when] = chat.chatSends(MANAGER).slice(-1);
      const days = buttonsOf(when).map((b) => b.text);
      // Monday 10:00: today still has afternoon times; tomorrow and the day after are offered with their date.
      expect(days.slice(0, 3)).toEqual([
        rendered("manager_time_picker.today", "de", { date: formatInstant("2027-03-01", "date", { language: "de", zone: ZONE }) ?? "" }),
        rendered("manager_time_picker.tomorrow", "de", { date: formatInstant("2027-03-02", "date", { language: "de", zone: ZONE }) ?? "" }),
        rendered("manager_time_picker.day_after", "de", { date: formatInstant("2027-03-03", "date", { language: "de", zone: ZONE }) ?? "" }),
      ]);
      const times = await chat.press(
        MANAGER,
        chat.button(MANAGER, (b) => b.text === days[2], "day after tomorrow"),
      );
      expect(lastText(times)).toBe(rendered("manager_time_picker.time", "de"));
      expect(buttonsOf(times.at(-1)).map((b) => b.text)).toContain("14:00");
      await chat.press(MANAGER, chat.buttonByText(MANAGER, "14:00"));
    });
    const startsAt = "2027-03-03T13:00:00.000Z";
    expect(created).toContain(escapeHtml(formatInstant(startsAt, "datetime", { language: "de", zone: ZONE }) ?? ""));
    const stored = await app.store.appointments.listForManager(manager.id, new Date(START), new Date("2027-03-10T00:00:00Z"));
    expect(stored.map((a) => a.startsAt.toISOString())).toContain(startsAt);
    const notice = await chat.noticeTo(OLENA, olenaBefore, "Olena's notice of the picked time");
    expect(textOf(notice)).toMatch(cyrillic);
  });

  it("/appointment: a picked day and then another time typed", async () => {
    await givenOlena(await givenManager());
    const created = await bookUntilPlace(async () => {
      await chat.press(
        MANAGER,
        chat.button(MANAGER, (b) => b.text.startsWith("Morgen"), "tomorrow"),
      );
      const typed = await chat.press(MANAGER, chat.buttonByText(MANAGER, translator.renderText("manager_time_picker.other", undefined, "de")));
      expect(lastText(typed)).toBe(rendered("manager_time_picker.typed", "de"));
      await chat.say(MANAGER, "Di 9:15");
    });
    expect(created).toContain(escapeHtml(formatInstant("2027-03-02T08:15:00.000Z", "datetime", { language: "de", zone: ZONE }) ?? ""));
  });

  it("/log: a visit logged in four taps (client, kind, areas done, no note) and the duration typed; and in one line", async () => {
    await givenOlena(await givenManager());
    let taps = 0;
    const tapped = async (data: string) => {
      taps += 1;
      return chat.press(MANAGER, data);
    };
    await chat.say(MANAGER, "/log");
    await tapped(chat.buttonByText(MANAGER, "Olena Koval"));
    await tapped(chat.buttonByText(MANAGER, translator.renderText("manager.kind.home_visit", undefined, "de")));
    const duration = await tapped(chat.buttonByText(MANAGER, translator.renderText("dialog.button.done", undefined, "de")));
    expect(lastText(duration)).toBe(rendered("manager.contact.duration", "de"));
    await chat.say(MANAGER, "45");
    const logged = await tapped(chat.buttonByText(MANAGER, translator.renderText("dialog.button.skip", undefined, "de")));
    expect(taps).toBeLessThanOrEqual(4);
    expect(lastText(logged)).toContain("45");
    const clients = await app.store.identities.findByExternal("telegram", String(OLENA));
    expect(await app.store.contacts.latestForClient(clients?.clientId ?? "")).toMatchObject({ kind: "home_visit", durationMin: 45 });

    const [oneLine] = await chat.say(MANAGER, "/log Olena 30 Telefon Wohnen: Vermieter angerufen");
    expect(textOf(oneLine)).toContain("30");
    expect(await app.store.contacts.latestForClient(clients?.clientId ?? "")).toMatchObject({ kind: "phone", durationMin: 30, areas: ["housing"] });
  });

  it("/appointment in one line: the summary shows the date as understood, a wrong place is changed from it, and Olena is told the corrected one", async () => {
    const manager = await givenManager();
    await givenOlena(manager);
    const olenaBefore = chat.chatSends(OLENA).length;
    const de = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");
    const kind = await chat.say(MANAGER, "/appointment Olena morgen 10 Rathaus 45min");
    expect(lastText(kind)).toBe(rendered("manager.appointment.kind", "de"));
    const summary = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.kind.office")));
    const tomorrowAtTen = escapeHtml(formatInstant("2027-03-02T09:00:00.000Z", "datetime", { language: "de", zone: ZONE }) ?? "");
    expect(lastText(summary)).toContain(tomorrowAtTen);
    expect(lastText(summary)).toContain("Olena Koval");
    expect(lastText(summary)).toContain("(45 Min.)");
    expect(buttonsOf(summary.at(-1)).map((b) => b.text)).toEqual([de("dialog.button.yes"), de("dialog.button.change"), de("dialog.button.cancel")]);

    // "Ändern": which answer; the place is given anew, the rest kept.
    const which = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.change")));
    expect(lastText(which)).toContain(rendered("dialog.change.which", "de"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.labels.place")));
    const corrected = await chat.say(MANAGER, "Rathaus, Zimmer 4");
    expect(lastText(corrected)).toContain("Rathaus, Zimmer 4");
    expect(lastText(corrected)).toContain(tomorrowAtTen);
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.yes")));

    const stored = await app.store.appointments.listForManager(manager.id, new Date(START), new Date("2027-03-10T00:00:00Z"));
    expect(stored).toMatchObject([{ startsAt: new Date("2027-03-02T09:00:00Z"), place: "Rathaus, Zimmer 4", durationMin: 45, kind: "office" }]);
    const notice = await chat.nextTo(OLENA, olenaBefore, "Olena's notice");
    expect(textOf(notice)).toMatch(cyrillic);
    expect(textOf(notice)).toContain("Rathaus, Zimmer 4");
  });

  it("/log in one line with 'gestern' is dated yesterday, the card shows it, and it is corrected the same day", async () => {
    await givenOlena(await givenManager());
    const de = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");
    const yesterday = escapeHtml(formatInstant("2027-02-28T11:00:00.000Z", "date", { language: "de", zone: ZONE }) ?? "");
    const [logged] = await chat.say(MANAGER, "/log Olena gestern 30 Hausbesuch Wohnen");
    expect(textOf(logged)).toContain("Olena Koval");
    expect(textOf(logged)).toContain(yesterday);
    expect(textOf(logged)).toContain(de("manager.kind.home_visit"));
    const link = await app.store.identities.findByExternal("telegram", String(OLENA));
    const olena = link?.clientId ?? "";
    expect(await app.store.contacts.latestForClient(olena)).toMatchObject({ kind: "home_visit", durationMin: 30, at: new Date("2027-02-28T11:00:00Z") });

    const card = await chat.say(MANAGER, "/clients Olena Koval");
    const shown = card.map((call) => textOf(call)).join("\n");
    expect(shown).toContain(`${yesterday}: ${de("manager.kind.home_visit")}`);

    // Within 24 hours: "Korrigieren" → a phone call of 45 minutes, the day kept.
    clock.advance(2 * 60 * 60 * 1000);
    const correct = buttonsOf(logged).find((b) => b.text === de("manager.contact.correct_button"));
    // The contact as logged is read back; "Ändern" gives the kind and then the duration anew.
    const asLogged = await chat.press(MANAGER, correct?.callback_data ?? "no correct button under the logged contact");
    expect(lastText(asLogged)).toContain(de("manager.kind.home_visit"));
    expect(lastText(asLogged)).toContain(yesterday);
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.change")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.labels.contact_kind")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.kind.phone")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.change")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.labels.duration")));
    const summary = await chat.say(MANAGER, "45");
    expect(lastText(summary)).toContain(de("manager.kind.phone"));
    const done = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.yes")));
    expect(lastText(done)).toContain(yesterday);
    expect(lastText(done)).toContain("45");
    expect(await app.store.contacts.latestForClient(olena)).toMatchObject({ kind: "phone", durationMin: 45, at: new Date("2027-02-28T11:00:00Z") });
  });

  it("/plan <name>: a plan with a catalogue goal and a catalogue step takes six interactions, the area asked once", async () => {
    await givenOlena(await givenManager());
    const label = (key: string) => translator.renderText(key, undefined, "de");
    let interactions = 0;
    const typed = async (text: string) => {
      interactions += 1;
      return chat.say(MANAGER, text);
    };
    const tapped = async (text: string) => {
      interactions += 1;
      return chat.press(MANAGER, chat.buttonByText(MANAGER, text));
    };
    const empty = await typed("/plan olena");
    expect(lastText(empty)).toContain("Olena Koval");
    // Creating the plan asks for its first goal at once.
    expect(lastText(await tapped(label("manager.plan.create_button")))).toBe(rendered("manager.plan.goal_form.area", "de"));
    expect(lastText(await tapped(label("areas.housing")))).toBe(rendered("manager.plan.goal_form.goal", "de"));
    // The goal saved, its first step is asked in the goal's area.
    // (Long step titles are shortened on their buttons and given in full under the question.)
    expect(lastText(await tapped(label("goals.own_flat"))).startsWith(rendered("manager.plan.step_form.step", "de"))).toBe(true);
    expect(lastText(await tapped(label("catalogue.get_rent_approval.title")))).toBe(rendered("manager.plan.step_form.due", "de"));
    const added = await typed("in 2 Wochen");
    expect(interactions).toBeLessThanOrEqual(6);
    const view = added.map(textOf).join("\n");
    expect(view).toContain(escapeHtml(label("goals.own_flat")));
    expect(view).toContain(escapeHtml(label("catalogue.get_rent_approval.title")));
    expect(view).toContain(formatInstant("2027-03-15T22:59:00.000Z", "date", { language: "de", zone: ZONE }));
    // The catalogue step's own rhythm: every 7 days for the rent approval.
    const olena = await app.store.identities.findByExternal("telegram", String(OLENA));
    const checkIns = (await app.store.outbox.listPendingForRecipient("client", olena?.clientId ?? "")).filter((m) => m.messageKey === "client.step.checkin");
    expect(checkIns.map((m) => m.dueAt.toISOString())).toEqual(["2027-03-08T09:00:00.000Z"]);
  });

  it("/agenda shows today and tomorrow with the booked appointment", async () => {
    const manager = await givenManager();
    const olena = await givenOlena(manager);
    // Booked for tomorrow, 10:00 (as /appointment does).
    await createAppointment(app.deps, staffActor(manager), { clientIds: [olena], startsAt: "2027-03-02T09:00:00.000Z", place: "Rathaus, Zimmer 4" });
    const [agenda] = await chat.say(MANAGER, "/agenda");
    const text = textOf(agenda);
    expect(text).toContain("Olena Koval");
    expect(text).toContain("Rathaus, Zimmer 4");
    expect(text).toContain(formatInstant("2027-03-02T09:00:00.000Z", "time", { language: "de", zone: ZONE }));
  });

  it("/review: plans due, with begin, appointment and snooze; a plan without goals goes straight to the next review day", async () => {
    const manager = await givenManager();
    const client = await createClient(app.deps, staffActor(manager), { name: "Ramin Ahmadi", language: "fa" });
    const plan = await createPlan(app.deps, staffActor(manager), { clientId: client.client.id, nextReviewAt: "2027-03-02T08:00:00Z" });
    expect(lastText(await chat.say(MANAGER, "/review"))).not.toContain("Ramin Ahmadi");
    clock.advance(2 * 24 * 60 * 60 * 1000);
    const due = await chat.say(MANAGER, "/review");
    const entry = due.find((call) => textOf(call).includes("Ramin Ahmadi"));
    const label = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");
    expect(buttonsOf(entry).map((b) => b.text)).toEqual([
      label("manager.review.begin_button"),
      label("manager.review.appointment_button"),
      label("manager.review.snooze_button"),
    ]);
    const begin = buttonsOf(entry)[0];
    expect(begin?.callback_data).toBe(`v1|rvd|${plan.id}`);
    const begun = await chat.press(MANAGER, begin?.callback_data ?? "");
    expect(textOf(begun.at(-1))).toBe(rendered("manager.review.finish", "de"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, label("manager.review.next_months.in_3")));
    expect(await app.store.plans.get(plan.id)).toMatchObject({ version: 2, nextReviewAt: new Date("2027-06-03T21:59:59.999Z") });
  });

  it("/cancel stops the current question; what follows is no answer to it", async () => {
    await givenManager();
    await chat.say(MANAGER, "/appointment");
    const [cancelled] = await chat.say(MANAGER, "/cancel");
    expect(textOf(cancelled)).toBe(rendered("dialog.cancelled", "de"));
    const [after] = await chat.say(MANAGER, "Olena Koval");
    expect(textOf(after)).toBe(escapeHtml(helpText(translator, "manager", "de")));
  });

  it("/help lists the staff commands", async () => {
    await givenManager();
    const [help] = await chat.say(MANAGER, "/help");
    expect(textOf(help)).toBe(escapeHtml(helpText(translator, "manager", "de")));
  });

  it("/newclient in a family: a member joins a household of the caseload without a phone, from a typed date; a new household is asked its municipality", async () => {
    const manager = await givenManager();
    await givenOlena(manager);
    const label = (key: string, params?: Record<string, string>) => translator.renderText(key, params, "de");
    const nordstadt = await addMunicipality(app.deps, operator, { tenantId: manager.tenantId, name: "Nordstadt" });
    await addMunicipality(app.deps, operator, { tenantId: manager.tenantId, name: "Südheim" });
    const client = async (name: string) => (await app.store.clients.search({ tenantId: manager.tenantId, nameContains: name })).clients[0];
    const olena = await client("Olena Koval");
    const q = newClientQuestions;

    const child = await newClientInChat(managerChat(chat, MANAGER), translator, {
      name: "Mykola Koval",
      language: "Українська",
      gender: "male",
      household: { family: "Olena Koval" },
      ownPhone: false,
      startedOn: "15.2.2027",
    });
    // A family member lives where the family does: no municipality to ask.
    expect(child.asked).toEqual([q.name, q.language, q.gender, q.household, q.ownPhone, q.startedOn]);
    const households = buttonsOf(child.questions[q.household]).map((b) => b.text);
    expect(households[0]).toBe(label("manager.newclient.household_new"));
    expect(households).toContain(label("manager.newclient.household_join", { names: "Olena Koval" }));
    expect(child.created.map(textOf)).toContain(rendered("manager.newclient.created_without_phone", "de", { name: "Mykola Koval", household: "Olena Koval" }));
    expect(inviteCodeOf(child.created)).toBe("");
    expect(child.created.some((call) => call.method === "sendPhoto")).toBe(false);
    // 15 February 2027 from midnight in Berlin.
    expect(await client("Mykola Koval")).toMatchObject({ householdId: olena?.householdId, gender: "male", caseStartedAt: new Date("2027-02-14T23:00:00Z") });

    const karim = await newClientInChat(managerChat(chat, MANAGER), translator, {
      name: "Karim Said",
      language: "Deutsch",
      gender: "not_stated",
      household: "new",
      municipality: "Nordstadt",
    });
    expect(karim.asked).toEqual([q.name, q.language, q.gender, q.household, q.municipality, q.ownPhone, q.startedOn]);
    expect(buttonsOf(karim.questions[q.municipality]).map((b) => b.text)).toEqual([
      "Nordstadt",
      "Südheim",
      label("manager.newclient.municipality_none"),
      label("dialog.button.cancel"),
    ]);
    expect(inviteCodeOf(karim.created)).not.toBe("");
    expect(karim.created.some((call) => call.method === "sendPhoto")).toBe(true);
    const stored = await client("Karim Said");
    expect(stored).toMatchObject({ municipalityId: nordstadt.id, gender: "not_stated", caseStartedAt: clock.now() });
    expect(stored?.householdId).not.toBe(olena?.householdId);
  });
});
