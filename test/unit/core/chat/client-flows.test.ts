import { describe, expect, it } from "vitest";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { appointmentVersion, answerAppointmentAction } from "../../../../src/core/appointments/actions.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { moveAppointment } from "../../../../src/core/appointments/move-appointment.ts";
import { cancelAppointment } from "../../../../src/core/appointments/cancel-appointment.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { checkInsConsentAction, confirmDeleteAction, confirmStopAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { clientCardMessage } from "../../../../src/core/chat/client-card.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { hasCurrentConsent } from "../../../../src/core/consent/consent-state.ts";
import type { ChatSession, Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { checkInAnswerAction } from "../../../../src/core/plans/actions.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const chat = (externalId: string): ChatSession => ({
  channel: "telegram",
  externalId,
  conversationRef: JSON.stringify({ chatId: externalId }),
  locale: "ar",
});
const command = (name: string, args = ""): Inbound => ({ kind: "command", command: name, args });
/** What the client card needs of a chat: the manager's deps, actor and zone. */
const cardContext = (core: TestCore, actor: ReturnType<typeof staffActor>) =>
  ({ deps: core.deps, actor, zone: "Europe/Berlin", session: chat("manager"), language: "de" }) as unknown as Parameters<typeof clientCardMessage>[0];
const tap = (data: string): Inbound => ({ kind: "action", data });
const keys = (outbound: Outbound[]) => outbound.flatMap((o) => o.parts.map((p) => p.key));
const buttonData = (outbound: Outbound[]) => outbound.flatMap((o) => o.buttons?.flat() ?? []).map((b) => b.data);

/** A manager and a client who joined through the chat in Arabic and consented. */
async function joinedClient(core: TestCore, externalId = "500") {
  const { manager } = await seedWorld(core.store);
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar" });
  await handleInbound(core.deps, chat(externalId), command("start", invite.code));
  await handleInbound(core.deps, chat(externalId), tap(consentAnswerAction.encode("a")));
  await handleInbound(core.deps, chat(externalId), tap(checkInsConsentAction.encode("a")));
  return { manager, client, session: chat(externalId) };
}

describe("joining", () => {
  it("a double tap on “I agree”: one decision in the consent ledger, and the tapped message shows the same next step both times", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(core.store);
    const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar" });
    const session = chat("501");
    await handleInbound(core.deps, session, command("start", invite.code));
    for (let tapNumber = 0; tapNumber < 2; tapNumber += 1) {
      const reply = await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
      expect(reply.outbound).toEqual([expect.objectContaining({ edit: true, parts: [{ key: "consent.plan_checkins.v1" }] })]);
    }
    for (let tapNumber = 0; tapNumber < 2; tapNumber += 1) {
      const reply = await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("a")));
      expect(reply.outbound).toEqual([expect.objectContaining({ edit: true, parts: [{ key: "client.welcome" }] })]);
    }
    const ledger = await core.store.consents.listForClient(client.id);
    expect(ledger.map((record) => `${record.purpose}:${record.given}`).sort()).toEqual(["messaging:true", "plan_checkins:true"]);
  });
});

describe("plan check-ins, a purpose of their own", () => {
  it("/questions turns check-ins off and on; appointments stay; /start does not ask again after a no", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, session } = await joinedClient(core);
    core.clock.advance(60_000);
    const asked = await handleInbound(core.deps, session, command("questions"));
    expect(buttonData(asked.outbound)).toEqual([checkInsConsentAction.encode("a"), checkInsConsentAction.encode("d")]);
    const off = await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("d")));
    expect(keys(off.outbound)).toEqual(["client.consent.checkins_declined"]);
    const ledger = await core.store.consents.listForClient(client.id);
    expect(hasCurrentConsent(ledger, "plan_checkins")).toBe(false);
    expect(hasCurrentConsent(ledger, "messaging")).toBe(true);
    expect(keys((await handleInbound(core.deps, session, command("start"))).outbound)).toEqual(["client.welcome"]);

    core.clock.advance(60_000);
    await handleInbound(core.deps, session, command("questions"));
    const on = await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("a")));
    expect(keys(on.outbound)).toEqual(["client.consent.checkins_given"]); // connected already: no second welcome
    expect(hasCurrentConsent(await core.store.consents.listForClient(client.id), "plan_checkins")).toBe(true);
  });
});

describe("/stop and the way back", () => {
  it("/stop tells the manager and marks the card; appointments say the person was not told; /start asks again and it resumes", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    const eva = staffActor(manager);
    core.clock.advance(60_000);
    await handleInbound(core.deps, session, command("stop"));
    await handleInbound(core.deps, session, tap(confirmStopAction.encode("y")));

    const told = (await core.store.outbox.listPendingForRecipient("manager", manager.id)).map((m) => m.messageKey);
    expect(told).toContain("manager.escalation.messaging_stopped");
    expect(keys([await clientCardMessage(cardContext(core, eva), client.id)])).toContain("manager_card.card.no_messages");
    const silent = await createAppointment(core.deps, eva, { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    expect(silent.notifiedClientIds).toEqual([]);

    // The way back: /start asks again; agreeing resumes messages.
    core.clock.advance(60_000);
    const asked = await handleInbound(core.deps, session, command("start"));
    expect(buttonData(asked.outbound)).toContain(consentAnswerAction.encode("a"));
    await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
    expect(keys([await clientCardMessage(cardContext(core, eva), client.id)])).not.toContain("manager_card.card.no_messages");
    const heard = await createAppointment(core.deps, eva, { clientIds: [client.id], startsAt: "2027-03-06T09:00:00Z", place: "Rathaus" });
    expect(heard.notifiedClientIds).toEqual([client.id]);
  });
});

describe("the client's own commands in the chat", () => {
  it("a button from before a move answers nothing: the client sees the new time (and the old one) with fresh buttons", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    const appointment = await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-08T09:00:00Z", place: "Rathaus" });
    const cannotCome = answerAppointmentAction.encode(appointment.id, "x", appointmentVersion(appointment.startsAt));
    await moveAppointment(core.deps, staffActor(manager), { appointmentId: appointment.id, startsAt: "2027-03-09T09:00:00Z" });

    const stale = await handleInbound(core.deps, session, tap(cannotCome));
    expect(stale.outbound[0]?.parts[0]).toMatchObject({
      key: "client.appointment.moved",
      params: {
        startsAt: { t: "datetime", iso: "2027-03-09T09:00:00.000Z" },
        previousStartsAt: { t: "datetime", iso: "2027-03-08T09:00:00.000Z" },
        place: "Rathaus",
      },
    });
    // The moved appointment is untouched: not declined, its reminders kept, nobody told.
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("scheduled");
    expect(await core.store.escalations.listForClient(client.id)).toEqual([]);
    const fresh = buttonData(stale.outbound);
    expect(fresh).toContain(answerAppointmentAction.encode(appointment.id, "x", appointmentVersion(new Date("2027-03-09T09:00:00Z"))));
    expect(keys((await handleInbound(core.deps, session, tap(fresh[1] ?? ""))).outbound)).toEqual(["client.appointment.answer.cannot_come"]);
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("declined");
  });

  it("a button under the notice of an appointment cancelled since says it was cancelled, and changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    const appointment = await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-08T09:00:00Z", place: "Rathaus" });
    const confirm = answerAppointmentAction.encode(appointment.id, "c", appointmentVersion(appointment.startsAt));
    await cancelAppointment(core.deps, staffActor(manager), { appointmentId: appointment.id });
    const reply = await handleInbound(core.deps, session, tap(confirm));
    expect(reply.outbound[0]?.parts[0]).toMatchObject({
      key: "client.appointment.cancelled",
      params: { startsAt: { t: "datetime", iso: "2027-03-08T09:00:00.000Z" }, place: "Rathaus" },
    });
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("cancelled");
  });

  it("/appointments shows each upcoming appointment with answer buttons; confirm tells the manager", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    expect(keys((await handleInbound(core.deps, session, command("appointments"))).outbound)).toEqual(["client.appointments.none"]);
    const appointment = await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });

    const reply = await handleInbound(core.deps, session, command("appointments"));
    expect(reply.outbound).toHaveLength(1);
    expect(reply.outbound[0]?.parts[0]).toMatchObject({
      key: "client.appointments.item",
      params: { managerName: manager.name, place: "Rathaus", startsAt: { t: "datetime", iso: "2027-03-05T09:00:00.000Z", zone: "Europe/Berlin" } },
    });
    const version = appointmentVersion(appointment.startsAt);
    const confirm = answerAppointmentAction.encode(appointment.id, "c", version);
    expect(buttonData(reply.outbound)).toEqual([
      confirm,
      answerAppointmentAction.encode(appointment.id, "x", version),
      answerAppointmentAction.encode(appointment.id, "o", version),
    ]);

    const answered = await handleInbound(core.deps, session, tap(confirm));
    expect(keys(answered.outbound)).toEqual(["client.appointment.answer.confirm"]);
    const managerRows = await core.store.outbox.listPendingForRecipient("manager", manager.id);
    expect(managerRows.map((m) => m.messageKey)).toContain("manager.appointment.confirmed");

    const again = await handleInbound(core.deps, session, command("appointments"));
    expect(keys(again.outbound)).toEqual(["client.appointments.item", "client.appointments.answered.confirmed"]);
    expect(buttonData(again.outbound)).toEqual([]);
  });

  it("/plan shows goals and steps with check-in buttons, never notes; 'I need help' escalates to the manager", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    expect(keys((await handleInbound(core.deps, session, command("plan"))).outbound)).toEqual(["client.plan.none"]);
    const actor = staffActor(manager);
    const plan = await createPlan(core.deps, actor, { clientId: client.id });
    const goal = await addGoal(core.deps, actor, { planId: plan.id, area: "language", catalogueKey: "german_b1", text: "bis Sommer, Abendkurs" });
    const { step } = await addStep(core.deps, actor, {
      goalId: goal.id,
      catalogueKey: "register_integration_course",
      params: { provider: "VHS Göppingen" },
      note: "geheime Notiz",
      dueAt: "2027-03-15T22:59:00Z",
    });
    await addStep(core.deps, actor, { goalId: goal.id, customText: "Bewerbung schreiben" });
    await addGoal(core.deps, actor, { planId: plan.id, area: "work", text: "Als Pflegehelferin arbeiten" });

    const reply = await handleInbound(core.deps, session, command("plan"));
    expect(keys(reply.outbound)).toEqual([
      "client.plan.own",
      "client.plan.goal",
      "client.plan.step.open_due",
      "client.plan.step.open",
      "client.plan.goal_agreed",
    ]);
    // The catalogue goal in the client's language; a goal worded in German only by its area.
    expect(reply.outbound[1]?.parts[0]?.params).toEqual({ area: { t: "key", key: "areas.language" }, text: { t: "key", key: "goals.german_b1" } });
    expect(reply.outbound[4]?.parts[0]?.params).toEqual({ area: { t: "key", key: "areas.work" } });
    expect(reply.outbound[2]?.parts[0]?.params).toEqual({
      title: { t: "key", key: "catalogue.register_integration_course.title", params: { provider: "VHS Göppingen" } },
      dueAt: { t: "date", iso: "2027-03-15T22:59:00.000Z", zone: "Europe/Berlin" },
    });
    expect(reply.outbound[3]?.parts[0]?.params).toEqual({ title: { t: "key", key: "client.step.custom" } });
    for (const managerText of ["geheime Notiz", "Bewerbung schreiben", "bis Sommer", "Pflegehelferin"])
      expect(JSON.stringify(reply)).not.toContain(managerText);
    const needHelp = checkInAnswerAction.encode(step.id, "h");
    expect(reply.outbound[2]?.buttons?.flat().map((b) => [b.labelKey, b.data])).toEqual([
      ["actions.checkin.done", checkInAnswerAction.encode(step.id, "d")],
      ["actions.checkin.in_progress", checkInAnswerAction.encode(step.id, "p")],
      ["actions.checkin.need_help", needHelp],
    ]);

    const answered = await handleInbound(core.deps, session, tap(needHelp));
    expect(keys(answered.outbound)).toEqual(["client.checkin.answer.need_help"]);
    const escalations = await core.store.escalations.listForClient(client.id);
    expect(escalations.map((e) => [e.kind, e.managerId, e.subjectId])).toEqual([["need_help", manager.id, step.id]]);
  });

  it("/mydata gives a readable summary in the client's language and the export as a JSON document", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    const reply = await handleInbound(core.deps, session, command("mydata"));
    const translator = createTranslator({ localesDir });
    const summary = reply.outbound[0];
    if (!summary) throw new Error("no summary");
    const german = translator.renderOutbound(summary, { language: "de", timeZone: "Europe/Berlin" }).text;
    expect(german).toContain("Name: Yusuf Haddad\nBegleitet seit: Mo., 1. März\nZiele in Ihrem Plan: 0\nSchritte in Ihrem Plan: 0\nTermine: 1");
    expect(german).toContain("Eingeschaltet:\nNachrichten von Lotse\nFragen zu Ihrem Plan\n");
    const arabic = translator.renderOutbound(summary, { language: "ar", timeZone: "Europe/Berlin" }).text;
    expect(arabic).toContain("رسائل من Lotse");
    expect(arabic).not.toMatch(/[{}]|client\./);
    const attachment = reply.outbound[1]?.attachment;
    expect(attachment).toMatchObject({ kind: "document", fileName: "lotse-data.json", mimeType: "application/json" });
    if (attachment?.kind !== "document") throw new Error("expected a document");
    const data = JSON.parse(Buffer.from(attachment.base64, "base64").toString("utf8")) as { client: { name: string } };
    expect(data.client.name).toBe("Yusuf Haddad");
  });

  it("/delete asks first; no keeps everything, yes requests the erasure and tells the manager", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, session } = await joinedClient(core);
    const question = await handleInbound(core.deps, session, command("delete"));
    expect(keys(question.outbound)).toEqual(["client.delete.confirm"]);
    expect(buttonData(question.outbound)).toEqual([confirmDeleteAction.encode("y"), confirmDeleteAction.encode("n")]);

    const kept = await handleInbound(core.deps, session, tap(confirmDeleteAction.encode("n")));
    expect(kept.outbound).toEqual([{ parts: [{ key: "client.delete.kept" }], edit: true }]);
    expect(await core.store.escalations.listForClient(client.id)).toEqual([]);

    const requested = await handleInbound(core.deps, session, tap(confirmDeleteAction.encode("y")));
    expect(requested.outbound[0]?.parts[0]).toEqual({
      key: "client.delete.requested",
      params: { date: { t: "date", iso: "2027-03-31T09:00:00.000Z", zone: "Europe/Berlin" } },
    });
    const escalations = await core.store.escalations.listForClient(client.id);
    expect(escalations.map((e) => [e.kind, e.managerId])).toEqual([["erasure_requested", manager.id]]);
    const managerRows = await core.store.outbox.listPendingForRecipient("manager", manager.id);
    expect(managerRows.map((m) => m.messageKey)).toContain("manager.escalation.erasure_requested");
  });

  it("/help lists the commands", async () => {
    const core = testCore();
    const { session } = await joinedClient(core);
    expect(keys((await handleInbound(core.deps, session, command("help"))).outbound)).toEqual(["client.help"]);
  });
});
