import { describe, expect, it } from "vitest";
import { button, buttons, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { quickLogClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { reviewBeginAction, reviewSnoozeAction } from "../../../../src/core/chat/review-actions.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const chat = telegramChat("100");

describe("staff chat flows", () => {
  it("/appointment: client tapped, time typed naturally, place, kind, confirm → stored, the client is told", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"], chat);
    const asked = await send(command("appointment"));
    expect(keys(asked)).toEqual(["manager.appointment.client"]);
    expect(
      buttons(asked)
        .filter((b) => b.label)
        .map((b) => b.label),
    ).toEqual(["Amina Haddad", "Yusuf Karimi"]);
    expect(keys(await send(tap(button(asked, byLabel("Amina Haddad")))))).toEqual(["manager.appointment.starts_at"]);
    expect(keys(await send(text("morgen 10")))).toEqual(["manager.appointment.place"]);
    const kind = await send(text("Rathaus, Zimmer 3"));
    expect(keys(kind)).toEqual(["manager.appointment.kind"]);
    const duration = await send(tap(button(kind, byKey("manager.kind.home_visit"))));
    expect(keys(duration)).toEqual(["manager.appointment.duration"]);
    const confirm = await send(tap(button(duration, (b) => b.labelKey === "manager.appointment.duration_option" && b.labelParams?.minutes === 45)));
    // Before "create": the appointment read back, the typed "morgen 10" as the day and time it was understood.
    expect(keys(confirm)).toEqual(["manager.appointment.summary", "manager.appointment.confirm"]);
    expect(confirm[0]?.parts[0]?.params).toEqual({
      client: "Amina Haddad",
      startsAt: { t: "datetime", iso: "2027-03-02T09:00:00.000Z", zone: "Europe/Berlin" },
      minutes: 45,
      place: "Rathaus, Zimmer 3",
      kind: { t: "key", key: "manager.kind.home_visit" },
    });
    const done = await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(done).toEqual([
      {
        parts: [
          {
            key: "manager.appointment.created",
            params: { startsAt: { t: "datetime", iso: "2027-03-02T09:00:00.000Z", zone: "Europe/Berlin" }, place: "Rathaus, Zimmer 3" },
          },
        ],
      },
    ]);
    const stored = await core.store.appointments.listForClient(clients[1]?.id ?? "");
    expect(stored).toMatchObject([
      { managerId: manager.id, place: "Rathaus, Zimmer 3", kind: "home_visit", durationMin: 45, startsAt: new Date("2027-03-02T09:00:00Z") },
    ]);
    expect((await core.store.outbox.listPendingForRecipient("client", clients[1]?.id ?? "")).map((m) => m.messageKey)).toContain("client.appointment.created");
  });

  it("/appointment: 'change' at the summary gives one answer anew (a wrong place, a new day and its time); 'cancel' stops", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const amina = clients[0]?.id ?? "";
    await send(command("appointment"));
    await send(text("Amina"));
    await send(text("morgen 10"));
    // "Di 9" typed where the place was asked: the summary shows it as the place, and "change" corrects it.
    const kind = await send(text("Di 9"));
    const duration = await send(tap(button(kind, byKey("manager.kind.home_visit"))));
    const summary = await send(tap(button(duration, byKey("dialog.button.skip"))));
    expect(summary[0]?.parts[0]?.params).toMatchObject({ place: "Di 9", minutes: 60 });
    expect(buttons(summary).map((b) => b.labelKey)).toEqual(["dialog.button.yes", "dialog.button.change", "dialog.button.cancel"]);

    const which = await send(tap(button(summary, byKey("dialog.button.change"))));
    expect(keys(which)).toEqual(["manager.appointment.summary", "dialog.change.which"]);
    expect(which[0]?.edit).toBe(true);
    expect(buttons(which).map((b) => b.labelKey)).toEqual([
      "manager.labels.client",
      "manager.labels.starts_at",
      "manager.labels.place",
      "manager.labels.appointment_kind",
      "manager.labels.appointment_duration",
      "dialog.button.cancel",
    ]);
    expect(keys(await send(tap(button(which, byKey("manager.labels.place")))))).toEqual(["manager.appointment.place"]);
    const corrected = await send(text("Rathaus, Zimmer 3"));
    // Only the place was asked again: the summary is back with the other answers kept.
    expect(keys(corrected)).toEqual(["manager.appointment.summary", "manager.appointment.confirm"]);
    expect(corrected[0]?.parts[0]?.params).toMatchObject({
      place: "Rathaus, Zimmer 3",
      startsAt: { t: "datetime", iso: "2027-03-02T09:00:00.000Z", zone: "Europe/Berlin" },
      kind: { t: "key", key: "manager.kind.home_visit" },
    });

    // A new day: its time is asked again (the old one belonged to the old day); typing the answer's label works too.
    await send(tap(button(corrected, byKey("dialog.button.change"))));
    const days = await send(text("Datum"));
    expect(keys(days)).toEqual(["manager.appointment.starts_at"]);
    const times = await send(tap(button(days, (b) => b.labelKey === "manager_time_picker.day_after")));
    expect(keys(times)).toEqual(["manager_time_picker.time"]);
    const moved = await send(tap(button(times, byLabel("14:00"))));
    expect(moved[0]?.parts[0]?.params).toMatchObject({
      startsAt: { t: "datetime", iso: "2027-03-03T13:00:00.000Z", zone: "Europe/Berlin" },
      place: "Rathaus, Zimmer 3",
    });
    await send(tap(button(moved, byKey("dialog.button.yes"))));
    expect(await core.store.appointments.listForClient(amina)).toMatchObject([
      { place: "Rathaus, Zimmer 3", kind: "home_visit", durationMin: 60, startsAt: new Date("2027-03-03T13:00:00Z") },
    ]);

    // "Cancel" at the summary stops: nothing is created.
    await send(command("appointment"));
    await send(text("Amina"));
    await send(text("übermorgen 11"));
    await send(text("Büro"));
    const secondDuration = await send(text("Büro"));
    const secondSummary = await send(tap(button(secondDuration, byKey("dialog.button.skip"))));
    expect(keys(await send(tap(button(secondSummary, byKey("dialog.button.cancel")))))).toEqual(["dialog.cancelled"]);
    expect(await core.store.appointments.listForClient(amina)).toHaveLength(1);
  });

  it("/appointment: 'Nein' typed at the summary means change, 'ja' creates", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    await send(command("appointment", "Amina morgen 10 Rathaus Hausbesuch 30min"));
    const which = await send(text("Nein"));
    expect(keys(which)).toEqual(["manager.appointment.summary", "dialog.change.which"]);
    await send(text("Ort"));
    expect(keys(await send(text("Jobcenter")))).toEqual(["manager.appointment.summary", "manager.appointment.confirm"]);
    await send(text("ja"));
    expect(await core.store.appointments.listForClient(clients[0]?.id ?? "")).toMatchObject([{ place: "Jobcenter", kind: "home_visit", durationMin: 30 }]);
  });

  it("/appointment: a time typed after a picked day ('Andere Uhrzeit') is on that day, not today", async () => {
    const core = testCore("2027-03-01T15:49:00Z"); // Monday 16:49 in Berlin
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    await send(command("appointment"));
    const days = await send(text("Amina"));
    const times = await send(tap(button(days, (b) => b.labelKey === "manager_time_picker.day_after")));
    const typed = await send(tap(button(times, byKey("manager_time_picker.other"))));
    expect(keys(typed)).toEqual(["manager_time_picker.typed"]);
    expect(keys(await send(text("14:30")))).toEqual(["manager.appointment.place"]);
    await send(text("Rathaus"));
    const duration = await send(text("Hausbesuch"));
    const summary = await send(tap(button(duration, byKey("dialog.button.skip"))));
    expect(summary[0]?.parts[0]?.params).toMatchObject({ startsAt: { t: "datetime", iso: "2027-03-03T13:30:00.000Z", zone: "Europe/Berlin" } });
  });

  it("/appointment: a time typed at the time buttons ('9:30', '14 Uhr') is on the picked day; one past today is refused", async () => {
    const core = testCore("2027-03-01T09:49:00Z"); // Monday 10:49 in Berlin
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    await send(command("appointment"));
    const days = await send(text("Amina"));
    await send(tap(button(days, (b) => b.labelKey === "manager_time_picker.today")));
    const past = await send(text("9:30"));
    expect(keys(past)).toEqual(["manager_time_picker.error.past", "manager_time_picker.time"]);
    expect(keys(await send(text("14 Uhr")))).toEqual(["manager.appointment.place"]);
    await send(text("Rathaus"));
    const duration = await send(text("Hausbesuch"));
    const summary = await send(tap(button(duration, byKey("dialog.button.skip"))));
    expect(summary[0]?.parts[0]?.params).toMatchObject({ startsAt: { t: "datetime", iso: "2027-03-01T13:00:00.000Z", zone: "Europe/Berlin" } });
  });

  it("/appointment in one line: 'Telefonat' after the time is the kind, and the place is asked", async () => {
    const core = testCore("2027-03-01T09:49:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    expect(keys(await send(command("appointment", "Amina morgen 10 Telefonat")))).toEqual(["manager.appointment.place"]);
    const duration = await send(text("Telefon"));
    const summary = await send(tap(button(duration, byKey("dialog.button.skip"))));
    expect(summary[0]?.parts[0]?.params).toMatchObject({ place: "Telefon", kind: { t: "key", key: "manager.kind.phone" } });
  });

  it("/appointment in one line: only what is missing is asked, then the same summary; a wrong line says what was wrong", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Fatemeh Ahmadi", "Amina Haddad"], chat);
    const fatemeh = clients[0]?.id ?? "";
    const kind = await send(command("appointment", "Fatemeh morgen 10 Rathaus 45min"));
    expect(keys(kind)).toEqual(["manager.appointment.kind"]);
    const summary = await send(text("Hausbesuch"));
    expect(keys(summary)).toEqual(["manager.appointment.summary", "manager.appointment.confirm"]);
    expect(summary[0]?.parts[0]?.params).toEqual({
      client: "Fatemeh Ahmadi",
      startsAt: { t: "datetime", iso: "2027-03-02T09:00:00.000Z", zone: "Europe/Berlin" },
      minutes: 45,
      place: "Rathaus",
      kind: { t: "key", key: "manager.kind.home_visit" },
    });
    await send(tap(button(summary, byKey("dialog.button.yes"))));
    expect(await core.store.appointments.listForClient(fatemeh)).toMatchObject([
      { place: "Rathaus", kind: "home_visit", durationMin: 45, startsAt: new Date("2027-03-02T09:00:00Z") },
    ]);

    // Everything in the line: straight to the summary.
    const whole = await send(command("appointment", "Amina übermorgen 14:30 Jobcenter Begleitung 1h"));
    expect(keys(whole)).toEqual(["manager.appointment.summary", "manager.appointment.confirm"]);
    expect(whole[0]?.parts[0]?.params).toMatchObject({ client: "Amina Haddad", minutes: 60, place: "Jobcenter" });

    // A day alone: its time is asked with the buttons; a name nobody has and a date that does not exist are said first.
    expect(keys(await send(command("appointment", "Amina übermorgen Jobcenter")))).toEqual(["manager_time_picker.time"]);
    expect(keys(await send(command("appointment", "Ali morgen 10 Rathaus")))).toEqual(["manager.appointment.line.no_client", "manager.appointment.client"]);
    expect(keys(await send(command("appointment", "Amina 31.02. 10 Uhr Rathaus")))).toEqual(["dialog.error.no_such_date", "manager.appointment.starts_at"]);
    const past = await send(command("appointment", "Amina heute 8 Rathaus"));
    expect(past[0]).toMatchObject({
      parts: [{ key: "manager_time_picker.error.past", params: { at: { t: "datetime", iso: "2027-03-01T07:00:00.000Z", zone: "Europe/Berlin" } } }],
    });
  });

  it("/appointment in one line on a Teams card: the line's values are filled in, each still to be changed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const teams = { channel: "teams", externalId: "29:petra", conversationRef: null, locale: "de-DE", forms: "whole" } as const;
    const { clients, send } = await linkedManager(core, ["Fatemeh Ahmadi"], teams);
    const [card] = await send(command("appointment", "Fatemeh morgen 10 Rathaus 45min"));
    expect(card?.form?.kind).toBe("started");
    const form = card?.form?.kind === "started" ? card.form.form : null;
    expect(form?.fixed).toEqual({});
    expect(form?.given).toEqual({ client: clients[0]?.id, startsAt: "2027-03-02 10:00", place: "Rathaus", durationMin: "45" });
  });

  it("/log: client typed, kind, areas, duration typed, note skipped → the contact is stored", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"], chat);
    expect(keys(await send(command("log")))).toEqual(["manager.contact.client"]);
    const kind = await send(text("yusuf"));
    expect(keys(kind)).toEqual(["manager.contact.kind"]);
    const areas = await send(tap(button(kind, byKey("manager.kind.phone"))));
    expect(keys(areas)).toEqual(["manager.contact.areas"]);
    const toggled = await send(tap(button(areas, byKey("areas.housing"))));
    expect(toggled[0]?.edit).toBe(true);
    expect(buttons(toggled).find(byKey("areas.housing"))?.selected).toBe(true);
    expect(keys(await send(tap(button(toggled, byKey("dialog.button.done")))))).toEqual(["manager.contact.duration"]);
    const note = await send(text("45 min"));
    // The day is not asked in a chat (the one-line log names it): the contact is today's.
    expect(keys(note)).toEqual(["manager.contact.note"]);
    const logged = await send(tap(button(note, byKey("dialog.button.skip"))));
    expect(logged).toEqual([
      {
        buttons: [
          [expect.objectContaining({ labelKey: "manager.contact.correct_button" }), expect.objectContaining({ labelKey: "manager.contact.delete_button" })],
        ],
        parts: [
          {
            key: "manager.contact.logged",
            params: {
              client: "Yusuf Karimi",
              kind: { t: "key", key: "manager.kind.phone" },
              day: { t: "date", iso: "2027-03-01T09:00:00.000Z", zone: "Europe/Berlin" },
              minutes: 45,
            },
          },
          { key: "manager.contact.logged_areas", params: { areas: { t: "list", items: [{ t: "key", key: "areas.housing" }] } } },
        ],
      },
    ]);
    expect(await core.store.contacts.latestForClient(clients[0]?.id ?? "")).toMatchObject({
      kind: "phone",
      durationMin: 45,
      areas: ["housing"],
      note: null,
      at: core.clock.now(),
    });
  });

  it("/log: skipping the areas still saves the contact, with no areas", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi"], chat);
    await send(command("log"));
    const kind = await send(text("yusuf"));
    const areas = await send(tap(button(kind, byKey("manager.kind.phone"))));
    expect(keys(await send(tap(button(areas, byKey("dialog.button.skip")))))).toEqual(["manager.contact.duration"]);
    const note = await send(text("20"));
    const logged = await send(tap(button(note, byKey("dialog.button.skip"))));
    expect(keys(logged)).toEqual(["manager.contact.logged"]);
    // No day named: now.
    expect(await core.store.contacts.latestForClient(clients[0]?.id ?? "")).toMatchObject({ kind: "phone", durationMin: 20, areas: [], at: core.clock.now() });
  });

  it("a one-line log with an ambiguous name asks which client, then logs for the one tapped", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad", "Amina Said", "Yusuf Karimi"], chat);
    const which = await send(text("log Amina 30 Hausbesuch Wohnen: Vermieter angerufen"));
    expect(keys(which)).toEqual(["manager.contact.which_client"]);
    expect(
      buttons(which)
        .map((b) => b.label)
        .sort(),
    ).toEqual(["Amina Haddad", "Amina Said"]);
    const said = clients[1]?.id ?? "";
    expect(button(which, byLabel("Amina Said"))).toBe(quickLogClientAction.encode(said));
    expect(keys(await send(tap(quickLogClientAction.encode(said))))).toEqual(["manager.contact.logged", "manager.contact.logged_areas"]);
    expect(await core.store.contacts.latestForClient(said)).toMatchObject({ kind: "home_visit", durationMin: 30, areas: ["housing"] });
    expect(await core.store.contacts.latestForClient(clients[0]?.id ?? "")).toBeNull();
    expect(keys(await send(tap(quickLogClientAction.encode(said))))).toEqual(["dialog.stale"]);
    expect(keys(await send(command("log", "Yusuf tel 1h Arbeit")))).toEqual(["manager.contact.logged", "manager.contact.logged_areas"]);
  });

  it("/log in one line names the day ('gestern', '3.12.'); the answer names client, kind, day, duration and areas; a wrong line says what to type", async () => {
    const core = testCore("2027-03-03T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Omar Said"], chat);
    const omar = clients[0]?.id ?? "";
    const [yesterday] = await send(command("log", "Omar gestern 30 Hausbesuch Wohnen"));
    expect(yesterday?.parts[0]?.params).toMatchObject({ client: "Omar Said", day: { t: "date", iso: "2027-03-02T11:00:00.000Z" }, minutes: 30 });
    expect(await core.store.contacts.latestForClient(omar)).toMatchObject({ at: new Date("2027-03-02T11:00:00Z"), kind: "home_visit", areas: ["housing"] });
    // A date without a year that lies ahead is last year's.
    await send(command("log", "Omar 28.12. 15 Telefon"));
    expect((await core.store.contacts.listForClient(omar, 10)).map((c) => c.at.toISOString())).toContain("2026-12-28T11:00:00.000Z");
    const refused = await send(command("log", "Omar morgen 30 Hausbeusch"));
    expect(refused[0]?.parts).toEqual([
      { key: "manager.contact.error.date", params: { word: "morgen" } },
      { key: "manager.contact.error.words", params: { word: "Hausbeusch" } },
      { key: "manager.contact.error.kind", params: { word: "" } },
      { key: "manager.contact.error.example" },
    ]);
    expect(keys(await send(command("log", "Omar 31.02. 30 Büro")))).toEqual(["manager.contact.error.date", "manager.contact.error.example"]);
    expect(await core.store.contacts.listForClient(omar, 10)).toHaveLength(2);
  });

  it("/agenda shows today's appointment with time, client and place, and tomorrow", async () => {
    const core = testCore("2027-03-01T07:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [clients[0]?.id], startsAt: "2027-03-01T13:00:00Z", place: "Büro" });
    const [agenda] = await send(command("agenda"));
    expect(agenda?.parts.map((p) => p.key)).toEqual(["manager.agenda.today", "manager.agenda.appointment", "manager.agenda.tomorrow_none"]);
    expect(agenda?.parts[1]?.params).toMatchObject({ time: { t: "time", iso: "2027-03-01T13:00:00.000Z" }, clientName: "Amina Haddad", place: "Büro" });
  });

  it("/agenda: today's and tomorrow's appointments in one reply, each client shown audited once", async () => {
    const core = testCore("2027-03-01T07:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Yusuf Karimi"], chat);
    const [amina, yusuf] = [clients[0]?.id, clients[1]?.id];
    await createAppointment(core.deps, staffActor(manager), { clientIds: [amina], startsAt: "2027-03-01T13:00:00Z", place: "Büro" });
    await createAppointment(core.deps, staffActor(manager), { clientIds: [amina, yusuf], startsAt: "2027-03-02T08:30:00Z", place: "Rathaus" });
    await createAppointment(core.deps, staffActor(manager), { clientIds: [yusuf], startsAt: "2027-03-03T08:30:00Z", place: "Jobcenter" });
    core.store.state.audit = [];
    const reply = await send(command("agenda"));
    expect(reply).toHaveLength(1);
    expect(keys(reply)).toEqual(["manager.agenda.today", "manager.agenda.appointment", "manager.agenda.tomorrow", "manager.agenda.appointment"]);
    const parts = reply[0]?.parts ?? [];
    expect(parts[0]?.params).toMatchObject({ date: { t: "date", iso: "2027-02-28T23:00:00.000Z", zone: "Europe/Berlin" }, count: 1 });
    expect(parts[1]?.params).toMatchObject({ clientName: "Amina Haddad", place: "Büro" });
    expect(parts[2]?.params).toMatchObject({ date: { t: "date", iso: "2027-03-01T23:00:00.000Z" }, count: 1 });
    expect(parts[3]?.params).toMatchObject({
      time: { t: "time", iso: "2027-03-02T08:30:00.000Z" },
      clientName: "Amina Haddad, Yusuf Karimi",
      place: "Rathaus",
    });
    expect(core.store.state.audit.map((e) => `${e.action}:${e.clientId}`).sort()).toEqual([`agenda.read:${amina}`, `agenda.read:${yusuf}`].sort());
  });

  it("/agenda on the day the clocks go back: today has 25 hours, tomorrow starts at local midnight", async () => {
    const core = testCore("2027-10-31T08:00:00Z"); // Sunday 09:00 CET
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const at = (startsAt: string, place: string) => createAppointment(core.deps, staffActor(manager), { clientIds: [clients[0]?.id], startsAt, place });
    await at("2027-10-31T22:30:00Z", "Sonntag spät"); // Sunday 23:30 CET
    await at("2027-10-31T23:00:00Z", "Montag früh"); // Monday 00:00 CET
    const [agenda] = await send(command("agenda"));
    expect(agenda?.parts.map((p) => [p.key, p.params?.place])).toEqual([
      ["manager.agenda.today", undefined],
      ["manager.agenda.appointment", "Sonntag spät"],
      ["manager.agenda.tomorrow", undefined],
      ["manager.agenda.appointment", "Montag früh"],
    ]);
    expect(agenda?.parts[0]?.params?.date).toEqual({ t: "date", iso: "2027-10-30T22:00:00.000Z", zone: "Europe/Berlin" });
    expect(agenda?.parts[2]?.params?.date).toEqual({ t: "date", iso: "2027-10-31T23:00:00.000Z", zone: "Europe/Berlin" });
  });

  it("/agenda on the day the clocks go forward: today has 23 hours", async () => {
    const core = testCore("2027-03-27T23:30:00Z"); // Sunday 00:30 CET
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const at = (startsAt: string, place: string) => createAppointment(core.deps, staffActor(manager), { clientIds: [clients[0]?.id], startsAt, place });
    await at("2027-03-28T21:30:00Z", "Sonntag spät"); // Sunday 23:30 CEST
    await at("2027-03-28T22:00:00Z", "Montag früh"); // Monday 00:00 CEST
    const [agenda] = await send(command("agenda"));
    expect(agenda?.parts.map((p) => [p.key, p.params?.place])).toEqual([
      ["manager.agenda.today", undefined],
      ["manager.agenda.appointment", "Sonntag spät"],
      ["manager.agenda.tomorrow", undefined],
      ["manager.agenda.appointment", "Montag früh"],
    ]);
    expect(agenda?.parts[2]?.params?.date).toEqual({ t: "date", iso: "2027-03-28T22:00:00.000Z", zone: "Europe/Berlin" });
  });

  it("/review lists due plans; 'begin' starts the review goal by goal, 'snooze' moves the date a week", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Yusuf Karimi"], chat);
    const first = await createPlan(core.deps, staffActor(manager), { clientId: clients[0]?.id, nextReviewAt: "2027-03-02T08:00:00Z" });
    const second = await createPlan(core.deps, staffActor(manager), { clientId: clients[1]?.id, nextReviewAt: "2027-03-02T08:00:00Z" });
    expect(keys(await send(command("review")))).toEqual(["manager.review.none"]);
    core.clock.advance(2 * 24 * 60 * 60 * 1000);
    const due = await send(command("review"));
    expect(keys(due)).toEqual(["manager.review.overdue", "manager.review.overdue"]);
    const begun = await send(tap(button(due, (b) => b.data === reviewBeginAction.encode(first.id))));
    expect(keys(begun)).toEqual(["manager.review.begin", "manager.review.finish"]);
    const done = await send(tap(button(begun, byKey("manager.review.next_months.in_6"))));
    expect(keys(done)).toEqual(["manager.review.done", "manager.review.unchanged"]);
    expect((await core.store.plans.get(first.id))?.version).toBe(2);
    expect(keys(await send(tap(reviewSnoozeAction.encode(second.id))))).toEqual(["manager.review.snoozed"]);
    // 3 March + 7 days: due the whole of 10 March in Berlin.
    expect((await core.store.plans.get(second.id))?.nextReviewAt).toEqual(new Date("2027-03-10T22:59:59.999Z"));
    expect(keys(await send(command("review")))).toEqual(["manager.review.none"]);
  });
});
