import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/core/actor.ts";
import { createAppointment } from "../../../src/core/appointments/create-appointment.ts";
import { moveAppointment } from "../../../src/core/appointments/move-appointment.ts";
import type { OutboxMessage } from "../../../src/core/outbox/model.ts";
import { appointmentFiles } from "../../../src/delivery/appointment-files.ts";
import { localesDir } from "../../../src/i18n/locales-dir.ts";
import { createTranslator } from "../../../src/i18n/translator.ts";
import { icsEvent, icsInstant, icsText, icsValue, readIcs } from "../../support/ics-reader.ts";
import { testCore, type TestCore } from "../../support/core-deps.ts";
import { outbox, seedWorld, staffActor, type World } from "../../support/seed-appointments.ts";

const translator = createTranslator({ localesDir });
const text = (language: string) => (key: string, params: Parameters<typeof translator.renderText>[1]) => translator.renderText(key, params, language);
const berlin = { timezone: "Europe/Berlin" };

describe("an appointment notice's calendar file, made when it is sent", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
  });

  const noticeTo = (clientId: string): OutboxMessage => {
    const row = outbox(core).find((message) => message.recipientId === clientId && message.dedupeKey.includes(":notice:"));
    if (!row) throw new Error("no notice planned");
    return row;
  };

  it("carries the time the appointment has at sending, not the one it had when the row was planned", async () => {
    const created = await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", place: "Rathaus" });
    const planned = noticeTo(world.amina.id);
    // Moved before the first notice went (it waited out the quiet hours, say): the old row's file has the new time.
    const stored = await core.store.appointments.get(created.id);
    if (!stored) throw new Error("not stored");
    await core.store.appointments.update({ ...stored, startsAt: new Date("2027-03-05T08:00:00Z"), sequence: 1 });
    const { calendar } = await appointmentFiles(core.store, planned, berlin, text("de"), core.clock.now());
    const event = icsEvent(readIcs(calendar?.content ?? ""));
    expect(icsInstant(event, "DTSTART")).toEqual(new Date("2027-03-05T08:00:00Z"));
    expect(icsValue(event, "SEQUENCE")).toBe("1");
    expect(icsText(event, "SUMMARY")).toBe("Termin mit Eva Muster");
  });

  it("names the file by the appointment's day where the client lives (00:30 in Berlin is the day after in UTC)", async () => {
    await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-28T23:30:00Z", place: "Rathaus" });
    const { calendar } = await appointmentFiles(core.store, noticeTo(world.amina.id), berlin, text("de"), core.clock.now());
    expect(calendar?.fileName).toBe("Termin-2027-03-29.ics");
  });

  it("nothing for a row that names no appointment, for another client's row, or once the appointment is over", async () => {
    const created = await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", place: "Rathaus" });
    const notice = noticeTo(world.amina.id);
    const reminder = { ...notice, messageKey: "client.appointment.reminder", params: { ...notice.params } };
    expect(await appointmentFiles(core.store, reminder, berlin, text("de"), core.clock.now())).toEqual({});
    expect(await appointmentFiles(core.store, { ...notice, recipientId: world.yusuf.id }, berlin, text("de"), core.clock.now())).toEqual({});
    expect(await appointmentFiles(core.store, notice, berlin, text("de"), new Date("2027-03-04T09:00:00Z"))).toEqual({});
    await moveAppointment(core.deps, eva, { appointmentId: created.id, startsAt: "2027-03-06T08:00:00Z" });
    expect((await appointmentFiles(core.store, notice, berlin, text("de"), new Date("2027-03-04T09:00:00Z"))).calendar).toBeDefined();
  });
});
