import { describe, expect, it } from "vitest";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { extendCounsellingPeriod } from "../../../../src/core/counselling/extend-period.ts";
import { referClient } from "../../../../src/core/referrals/refer-client.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { button, byKey, command, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, staffActor } from "../../../support/seed.ts";

/** The client card's counselling period, the client's answer about an appointment, and the referrals behind a button. */

const yearsBetween = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / (365.25 * 24 * 3600 * 1000);
const partOf = (outbound: Outbound[], key: string) => outbound.flatMap((o) => o.parts).find((p) => p.key === key);

describe("the client card: period, answer, referrals", () => {
  it("shows since when the client is counselled and the last day; after an extension, until when", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0]!;
    const card = await send(command("clients", "Amina"));
    const running = partOf(card, "manager_card.card.period_running");
    expect(running?.params).toMatchObject({ started: { t: "date", zone: "Europe/Berlin" }, lastDay: { t: "date" } });
    const lastDay = (running?.params?.lastDay as { iso: string }).iso;
    const started = (running?.params?.started as { iso: string }).iso;
    expect(yearsBetween(started, lastDay)).toBeCloseTo(3, 1);

    await extendCounsellingPeriod(core.deps, staffActor(manager), { clientId: amina.id, reason: "Ausbildung beginnt im Herbst" });
    const extended = partOf(await send(command("clients", "Amina")), "manager_card.card.period_extended");
    expect(yearsBetween(started, (extended?.params?.lastDay as { iso: string }).iso)).toBeCloseTo(4, 1);
    expect(JSON.stringify(await send(command("clients", "Amina")))).not.toContain("Ausbildung");
  });

  it("shows what the client wrote with “other time” to the manager, and records that it was read", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0]!;
    const appointment = await createAppointment(core.deps, staffActor(manager), { clientIds: [amina.id], startsAt: "2027-03-04T09:00:00Z", place: "Rathaus" });
    expect(keys(await send(command("clients", "Amina")))).not.toContain("manager_card.card.client_answer");

    await answerAppointment(core.deps, clientActor(amina), { appointmentId: appointment.id, answer: "other_time", text: "lieber nachmittags" });
    const card = await send(command("clients", "Amina"));
    expect(partOf(card, "manager_card.card.client_answer")?.params).toEqual({ text: "lieber nachmittags" });
    expect(core.store.state.audit.map((e) => e.action)).toContain("appointment.read");
  });

  it("“Vermittlungen” lists the referrals, newest first; an outcome button records how it went and the buttons go", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0]!;
    const eva = staffActor(manager);
    const none = await send(tap(button(await send(command("clients", "Amina")), byKey("manager_card.button.referrals"))));
    expect(keys(none)).toEqual(["manager_card.referrals.none"]);

    const jobcenter = await referClient(core.deps, eva, {
      clientId: amina.id,
      targetKind: "service",
      service: "jobcenter",
      followUpAt: "2027-03-15T09:00:00Z",
    });
    core.clock.advance(60_000);
    await referClient(core.deps, eva, { clientId: amina.id, targetKind: "volunteer", target: "Lesepatin Frau Maier" });
    const list = await send(tap(button(await send(command("clients", "Amina")), byKey("manager_card.button.referrals"))));
    expect(keys(list)).toEqual(["manager_card.referrals.title", "manager_card.referrals.item", "manager_card.referrals.item_follow_up"]);
    expect(list[1]?.parts[0]?.params).toMatchObject({ target: "Lesepatin Frau Maier", status: { t: "key", key: "manager_card.referrals.status.open" } });
    expect(list[2]?.parts[0]?.params).toMatchObject({ target: { t: "key", key: "manager_referrals.service.jobcenter" } });
    expect(list[2]?.buttons?.map((row) => row.map((b) => b.labelKey))).toEqual([
      ["manager_card.referrals.button.attended", "manager_card.referrals.button.not_attended"],
      ["manager_card.referrals.button.closed", "manager_card.referrals.button.snooze"],
    ]);

    const [after] = await send(tap(button([list[2]!], byKey("manager_card.referrals.button.attended"))));
    expect(after).toMatchObject({
      edit: true,
      parts: [
        { key: "manager_card.referrals.of_client", params: { clientName: "Amina Haddad" } },
        { key: "manager_card.referrals.item", params: { status: { key: "manager_card.referrals.status.attended" } } },
      ],
    });
    expect(after?.buttons).toBeUndefined();
    expect(await core.store.referrals.get(jobcenter.id)).toMatchObject({ status: "attended" });
  });
});
