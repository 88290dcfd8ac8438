import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { cancelAppointment } from "../../src/core/appointments/cancel-appointment.ts";
import { moveAppointment } from "../../src/core/appointments/move-appointment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { icsEvent, icsGeo, icsInstant, icsText, icsValue, readIcs, type IcsComponent } from "../support/ics-reader.ts";
import { staffActor } from "../support/seed.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";
import { joinInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";

/**
 * An appointment notice carries an "add to calendar" file, and a map location where the place has
 * coordinates. Through real HTTP: the manager books in the chat, the dispatcher sends the notice (text with the answer
 * buttons), then the file as a document and the place as a venue; the test reads the file back with a strict
 * iCalendar reader. The clock stands on Monday 1 March 2027 (winter time); the appointment lies after the switch to
 * summer time on 28 March, so a file written with the wrong offset would read back an hour off.
 */

const TOKEN = "123456789:AAFakeTokenForTheCalendarTests_xyz";
const SECRET = "lotse-calendar-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-calendar-key-0123456ab").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const MANAGER = 8101;
const AMINA = 8201;
const translator = createTranslator({ localesDir });

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;

beforeEach(async () => {
  clock = new FakeClock("2027-03-01T09:00:00Z");
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

/** Eva Muster linked in her chat, and Amina (Arabic) joined in hers; returns Eva and Amina's client id. */
async function givenEvaAndAmina(): Promise<{ eva: Manager; tenantId: string; aminaId: string }> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Kalenderheim" });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  await chat.say(MANAGER, `/start ${invite.code}`, "de");
  const { client, invite: clientInvite } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language: "ar", gender: "female" });
  await joinInChat(chat, AMINA, clientInvite.code, "ar", { chatId: MANAGER, translator });
  return { eva: manager, tenantId: tenant.id, aminaId: client.id };
}

/** /appointment → Amina → the time typed → the place (typed, or a known place tapped) → kind → duration skipped → yes. */
async function book(when: string, place: { typed: string } | { tapped: string }): Promise<void> {
  await chat.say(MANAGER, "/appointment");
  await chat.press(MANAGER, chat.buttonByText(MANAGER, "Amina Haddad"));
  await chat.say(MANAGER, when);
  if ("typed" in place) await chat.say(MANAGER, place.typed);
  else await chat.press(MANAGER, chat.buttonByText(MANAGER, place.tapped));
  await chat.press(MANAGER, chat.buttonByData(MANAGER, /^v1\|fa\|/));
  await chat.press(MANAGER, chat.buttonByData(MANAGER, /^v1\|fs\|/));
  await chat.press(MANAGER, chat.buttonByData(MANAGER, /^v1\|fa\|[\w-]+\|y$/));
}

/** The sends to Amina's chat from `from` on, once the one with `method` has come. */
async function amina(from: number, method: string, what: string): Promise<ApiCall[]> {
  await chat.eventually(what, () =>
    chat
      .chatSends(AMINA)
      .slice(from)
      .some((call) => call.method === method),
  );
  return chat.chatSends(AMINA).slice(from);
}

function calendarOf(call: ApiCall | undefined): { fileName: string; calendar: IcsComponent; event: IcsComponent } {
  const document = call?.files.document;
  if (!document) throw new Error(`no calendar file in ${call?.method ?? "nothing"}`);
  const calendar = readIcs(document.bytes);
  return { fileName: document.fileName, calendar, event: icsEvent(calendar) };
}

describe("appointment notices carry a calendar file (and a map location)", () => {
  it("the client gets the notice with its buttons, then an .ics that reads back at the right instant in her language", async () => {
    await givenEvaAndAmina();
    const before = chat.chatSends(AMINA).length;
    // 29 March 2027, 10:00 in Berlin: summer time (UTC+2), the day after the switch.
    await book("29.03.2027 10:00", { typed: "Rathaus, Zimmer 12" });
    const sends = await amina(before, "sendDocument", "the calendar file");
    const [notice, document] = sends;
    expect(notice?.method).toBe("sendMessage");
    // The answer buttons stay on the text; the file comes after it and carries none.
    expect(buttonsOf(notice).map((button) => button.callback_data?.split("|")[3])).toEqual(["c", "x", "o"]);
    expect(document?.method).toBe("sendDocument");
    expect(document?.params.reply_markup).toBeUndefined();

    const { fileName, calendar, event } = calendarOf(document);
    expect(fileName).toBe("Termin-2027-03-29.ics");
    expect(icsValue(calendar, "METHOD")).toBe("PUBLISH");
    expect(icsInstant(event, "DTSTART")).toEqual(new Date("2027-03-29T08:00:00Z"));
    expect(icsInstant(event, "DTEND")).toEqual(new Date("2027-03-29T09:00:00Z"));
    expect(icsText(event, "SUMMARY")).toBe(translator.renderText("client.appointment.calendar.summary", { managerName: "Eva Muster" }, "ar"));
    expect(icsText(event, "SUMMARY")).toMatch(/[\u0600-\u06FF]/);
    expect(icsText(event, "DESCRIPTION")).toBe(translator.renderText("client.appointment.calendar.description", { managerName: "Eva Muster" }, "ar"));
    expect(icsText(event, "LOCATION")).toBe("Rathaus, Zimmer 12");
    expect(icsValue(event, "SEQUENCE")).toBe("0");
    // A typed place has no map position: no venue, no GEO.
    expect(event.hasProperty("geo")).toBe(false);
    expect(sends.some((call) => call.method === "sendVenue")).toBe(false);
  });

  it("a moved appointment's file replaces the entry (same UID, higher SEQUENCE, the new time); a cancellation cancels it", async () => {
    const { eva } = await givenEvaAndAmina();
    const before = chat.chatSends(AMINA).length;
    await book("29.03.2027 10:00", { typed: "Rathaus, Zimmer 12" });
    const first = calendarOf((await amina(before, "sendDocument", "the first calendar file")).find((call) => call.method === "sendDocument"));
    const [appointment] = await app.store.appointments.listForManager(eva.id, new Date("2027-03-29T00:00:00Z"), new Date("2027-03-30T00:00:00Z"));
    if (!appointment) throw new Error("the appointment was not created");

    const beforeMove = chat.chatSends(AMINA).length;
    // Moved back across the switch: 26 March, 14:30 winter time (UTC+1).
    await moveAppointment(app.deps, staffActor(eva), { appointmentId: appointment.id, startsAt: "2027-03-26T13:30:00Z" });
    const moved = calendarOf((await amina(beforeMove, "sendDocument", "the moved calendar file")).find((call) => call.method === "sendDocument"));
    expect(moved.fileName).toBe("Termin-2027-03-26.ics");
    expect(icsValue(moved.event, "UID")).toBe(icsValue(first.event, "UID"));
    expect(icsValue(moved.event, "SEQUENCE")).toBe("1");
    expect(icsInstant(moved.event, "DTSTART")).toEqual(new Date("2027-03-26T13:30:00Z"));

    const beforeCancel = chat.chatSends(AMINA).length;
    await cancelAppointment(app.deps, staffActor(eva), { appointmentId: appointment.id });
    const sends = await amina(beforeCancel, "sendDocument", "the cancelling calendar file");
    expect(buttonsOf(sends[0])).toEqual([]);
    const cancelled = calendarOf(sends.find((call) => call.method === "sendDocument"));
    expect(icsValue(cancelled.calendar, "METHOD")).toBe("CANCEL");
    expect(icsValue(cancelled.event, "STATUS")).toBe("CANCELLED");
    expect(icsValue(cancelled.event, "UID")).toBe(icsValue(first.event, "UID"));
    expect(icsValue(cancelled.event, "SEQUENCE")).toBe("2");
  });

  it("a known place picked with a tap: the client also gets the map location (a venue), and the file its GEO", async () => {
    const { tenantId } = await givenEvaAndAmina();
    await app.store.municipalities.create({ id: "plochingen", tenantId, name: "Plochingen", createdAt: new Date("2027-01-01T00:00:00Z") });
    await app.store.localOffers.create({
      id: "offer-caritas",
      tenantId,
      municipalityId: "plochingen",
      source: "integreat",
      sourceKey: "location:7",
      kind: "place",
      area: "everyday",
      texts: { de: { title: "Migrationsberatung der Caritas", summary: "" }, ar: { title: "استشارة الهجرة من كاريتاس", summary: "" } },
      address: "Hermannstraße 2, 73207 Plochingen",
      startsAt: null,
      endsAt: null,
      timeText: null,
      url: null,
      coordinates: { latitude: 48.7012, longitude: 9.4187 },
      createdBy: null,
      updatedAt: new Date("2027-02-01T00:00:00Z"),
    });
    const place = "Migrationsberatung der Caritas, Hermannstraße 2, 73207 Plochingen";
    const before = chat.chatSends(AMINA).length;
    await book("29.03.2027 10:00", { tapped: place });
    const sends = await amina(before, "sendVenue", "the map location");
    expect(sends.map((call) => call.method)).toEqual(["sendMessage", "sendDocument", "sendVenue"]);
    expect(textOf(sends[0])).toContain(place);
    expect(sends[2]?.params).toMatchObject({
      chat_id: AMINA,
      latitude: 48.7012,
      longitude: 9.4187,
      address: place,
      title: translator.renderText("client.appointment.calendar.summary", { managerName: "Eva Muster" }, "ar"),
    });
    const { event } = calendarOf(sends[1]);
    expect(icsGeo(event)).toEqual({ latitude: 48.7012, longitude: 9.4187 });
    expect(icsText(event, "LOCATION")).toBe(place);
  });

  it("a calendar file Telegram refuses does not send the notice twice: the text went, so the row is sent", async () => {
    const { eva, aminaId } = await givenEvaAndAmina();
    fake.failNext("sendDocument", { error_code: 400, description: "Bad Request: file is empty" });
    const before = chat.chatSends(AMINA).length;
    await book("29.03.2027 10:00", { typed: "Rathaus, Zimmer 12" });
    await amina(before, "sendDocument", "the refused calendar file");
    const [appointment] = await app.store.appointments.listForManager(eva.id, new Date("2027-03-29T00:00:00Z"), new Date("2027-03-30T00:00:00Z"));
    const key = `appt:${appointment?.id ?? ""}:notice:created:${clock.now().getTime()}:${aminaId}`;
    // The dispatcher marks the row right after the send; a retry would need the frozen clock to move.
    let row = await app.store.outbox.findByDedupeKey(key);
    for (let tries = 0; row?.status !== "sent" && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      row = await app.store.outbox.findByDedupeKey(key);
    }
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(
      chat
        .chatSends(AMINA)
        .slice(before)
        .filter((call) => call.method === "sendMessage"),
    ).toHaveLength(1);
  });
});
