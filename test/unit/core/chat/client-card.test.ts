import { describe, expect, it } from "vitest";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { escalationHandledAction, escalationMoveAction } from "../../../../src/core/chat/card-actions.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import { decodeAction } from "../../../../src/core/dialog/action-codec.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../../src/core/plans/answer-check-in.ts";
import { openHelpRequestAction } from "../../../../src/core/plans/actions.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { button, buttons, byKey, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, staffActor } from "../../../support/seed.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { operator } from "../../../../src/core/actor.ts";

const chat = telegramChat("100");

/** Eva with Amina (appointment, contact, plan with a goal and a step) and Yusuf. */
async function world(core: TestCore) {
  const linked = await linkedManager(core, ["Amina Haddad", "Yusuf Karimi"], chat);
  const [amina, yusuf] = linked.clients;
  if (!amina || !yusuf) throw new Error("no clients");
  const eva = staffActor(linked.manager);
  const appointment = await createAppointment(core.deps, eva, { clientIds: [amina.id], startsAt: "2027-03-04T09:00:00Z", place: "Rathaus" });
  await logContact(core.deps, eva, { clientId: amina.id, kind: "phone", durationMin: 15, note: "vertraulich" });
  const plan = await createPlan(core.deps, eva, { clientId: amina.id, nextReviewAt: "2027-06-01T08:00:00Z" });
  const goal = await addGoal(core.deps, eva, { planId: plan.id, area: "language", text: "Deutsch B1" });
  const { step } = await addStep(core.deps, eva, { goalId: goal.id, customText: "Kurs anmelden", cadenceDays: 7 });
  return { ...linked, amina, yusuf, appointment, step };
}

const pendingTo = (core: TestCore, kind: "client" | "manager", id: string) => core.store.outbox.listPendingForRecipient(kind, id);

describe("the manager's client card", () => {
  it("opens from /clients and shows language, next appointment, last contact, plan summary and help requests, never a note", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const list = await send(command("clients"));
    const [card] = await send(tap(button(list, (b) => b.label === "Amina Haddad")));
    expect(card?.parts.map((p) => p.key)).toEqual([
      "manager_card.card.header",
      "manager_card.card.consents",
      "manager_card.card.period_running",
      "manager_card.card.next_appointment",
      "manager_card.card.recent_contacts",
      "manager_card.card.plan",
      "manager_card.card.review_due",
      "manager_card.card.no_help_requests",
    ]);
    expect(card?.parts[0]?.params).toEqual({ name: "Amina Haddad", language: { t: "key", key: "manager.language_name.ar" } });
    expect(card?.parts[3]?.params).toMatchObject({ startsAt: { t: "datetime", iso: "2027-03-04T09:00:00.000Z", zone: "Europe/Berlin" }, place: "Rathaus" });
    expect(card?.parts[4]?.params).toMatchObject({
      contacts: { t: "lines", items: [{ t: "key", key: "manager_card.card.contact", params: { kind: { t: "key", key: "manager.kind.phone" } } }] },
    });
    expect(card?.parts[5]?.params).toEqual({ goalsOpen: 1, goalsDone: 0, stepsOpen: 1, stepsDone: 0 });
    expect(JSON.stringify(card)).not.toContain("vertraulich");
    expect(buttons([card!]).map((b) => b.labelKey)).toEqual([
      "manager_card.button.new_appointment",
      "manager_card.button.log",
      "manager_card.button.move",
      "manager_card.button.cancel",
      "manager_card.button.plan",
      "manager_card.button.assessment",
      "manager_card.button.assessment_view",
      "manager_card.button.assessment_history",
      "manager_card.button.referral",
      "manager_card.button.referrals",
      "manager_card.button.handover",
      "manager_card.button.share",
      "manager_card.button.earlier_work",
      "manager_card.button.consents",
      "manager_card.button.quiet",
      "manager_card.button.write",
      "manager_card.button.invite",
      "manager_card.button.close",
    ]);
    expect(core.store.state.audit.at(-1)).toMatchObject({ action: "client.card", clientId: amina.id });
    expect(card?.parts[1]).toEqual({
      key: "manager_card.card.consents",
      params: {
        list: {
          t: "lines",
          items: [
            { t: "key", key: "manager.consents.purpose.messaging" },
            { t: "key", key: "manager.consents.purpose.plan_checkins" },
          ],
        },
      },
    });
    // "Invite again" gives a fresh invite for this client at once (no question which client).
    expect(keys(await send(tap(button([card!], byKey("manager_card.button.invite")))))).toContain("manager.invite.issued");
    // The consents button shows where the client stands per purpose, with the Art. 9 questions.
    const consents = await send(tap(button([card!], byKey("manager_card.button.consents"))));
    expect(keys(consents)).toEqual(["manager.consents.list"]);
    expect(buttons(consents).map((b) => b.labelKey)).toContain("manager.consents.ask_button");
  });

  it("/clients <search> with one match opens the card; several matches list them", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await world(core);
    expect(keys(await send(command("clients", "yusuf")))).toEqual([
      "manager_card.card.header",
      "manager_card.card.consents",
      "manager_card.card.period_running",
      "manager_card.card.no_appointment",
      "manager_card.card.no_contact",
      "manager_card.card.no_plan",
      "manager_card.card.no_help_requests",
    ]);
    expect(keys(await send(command("clients", "a")))).toEqual(["manager.clients.list"]);
  });

  it("moves the next appointment to a time typed naturally; the client is told and the card shows the new time", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, appointment, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    // The appointment it is about is named above the question.
    expect(keys(await send(tap(button(card, byKey("manager_card.button.move")))))).toEqual(["manager_card.appointment_about", "manager_card.move.starts_at"]);
    expect(keys(await send(text("irgendwann")))).toEqual(["dialog.error.datetime", "manager_card.appointment_about", "manager_card.move.starts_at"]);
    const moved = await send(text("Fr 14:30"));
    expect(keys(moved).slice(0, 2)).toEqual(["manager_card.move.done", "manager_card.card.header"]);
    expect((await core.store.appointments.get(appointment.id))?.startsAt).toEqual(new Date("2027-03-05T13:30:00Z"));
    expect((await pendingTo(core, "client", amina.id)).map((m) => m.messageKey)).toContain("client.appointment.moved");
  });

  it("cancels the next appointment after a confirmation; the client is told", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, appointment, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    const confirm = await send(tap(button(card, byKey("manager_card.button.cancel"))));
    expect(keys(confirm)).toEqual(["manager_card.appointment_about", "manager_card.cancel.confirm"]);
    expect(confirm[0]?.parts[0]?.params).toMatchObject({ place: "Rathaus", clients: "Amina Haddad" });
    // Naming the appointment does not turn "no" into "change": cancelling an appointment has nothing to change. And no
    // third "cancel" beside "no": "Really cancel the appointment? [Yes] [No] [Cancel]" read as two ways to cancel it.
    expect(buttons(confirm).map((b) => b.labelKey)).toEqual(["dialog.button.yes", "dialog.button.no"]);
    const done = await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(keys(done)).toContain("manager_card.card.no_appointment");
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("cancelled");
    expect((await pendingTo(core, "client", amina.id)).map((m) => m.messageKey)).toContain("client.appointment.cancelled");
  });

  it("records the assessment section by section, each question skippable; health is not offered without the client's consent", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    const sections = await send(tap(button(card, byKey("manager_card.button.assessment"))));
    expect(keys(sections)).toEqual(["manager_card.assessment.sensitive_without_consent", "manager_card.assessment.sections"]);
    expect(buttons(sections).map((b) => b.labelKey)).not.toContain("manager_card.assessment.section.health");
    let step = await send(tap(button(sections, byKey("manager_card.assessment.section.languages"))));
    step = await send(tap(button(step, byKey("manager_card.assessment.section.training"))));
    step = await send(tap(button(step, byKey("manager_card.assessment.section.interests"))));
    step = await send(tap(button(step, byKey("manager_card.assessment.section.children"))));
    const level = await send(tap(button(step, byKey("dialog.button.done"))));
    expect(keys(level)).toEqual(["manager_card.assessment.german_level"]);
    const others = await send(tap(button(level, (b) => b.label === "A2")));
    expect(keys(others)).toEqual(["manager_card.assessment.other_languages"]);
    const training = await send(tap(button(others, byKey("dialog.button.skip"))));
    expect(keys(training)).toEqual(["manager_card.assessment.training"]);
    expect(keys(await send(text("Schneiderin")))).toEqual(["manager_card.assessment.training_country"]);
    const completed = await send(text("Syrien"));
    expect(keys(completed)).toEqual(["manager_card.assessment.training_completed"]);
    expect(keys(await send(tap(button(completed, byKey("manager_card.assessment.completed_yes")))))).toEqual(["manager_card.assessment.interests"]);
    expect(keys(await send(text("Fußball, Kochen")))).toEqual(["manager_card.assessment.children"]);
    expect(keys(await send(text("2")))).toEqual(["manager_card.assessment.children_ages"]);
    const saved = await send(text("4, 9"));
    expect(keys(saved)[0]).toBe("manager_card.assessment.saved");
    expect(await core.store.assessments.get(amina.id)).toMatchObject({
      data: {
        languages: [{ code: "de", level: "A2" }],
        vocationalTraining: [{ title: "Schneiderin", country: "SY", completed: true }],
        interests: ["Fußball", "Kochen"],
        household: { childrenCount: 2, childrenAges: [4, 9] },
      },
      sensitive: null,
    });
  });

  it("asks health details only after the client's explicit consent to that purpose", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    await core.store.consents.append({
      id: "c-health",
      clientId: amina.id,
      purpose: "data_health",
      version: 1,
      given: true,
      channel: "in_person",
      at: core.clock.now(),
    });
    const sections = await send(tap(button(await send(tap(openClientAction.encode(amina.id))), byKey("manager_card.button.assessment"))));
    expect(keys(sections)).toEqual(["manager_card.assessment.sensitive_without_consent", "manager_card.assessment.sections"]);
    expect(buttons(sections).map((b) => b.labelKey)).not.toContain("manager_card.assessment.section.residence");
    const chosen = await send(tap(button(sections, byKey("manager_card.assessment.section.health"))));
    const step = await send(tap(button(chosen, byKey("dialog.button.done"))));
    expect(keys(step)).toEqual(["manager_card.assessment.health_flags"]);
    const toggled = await send(tap(button(step, byKey("manager_card.assessment.health_flag.pregnancy"))));
    const saved = await send(tap(button(toggled, byKey("dialog.button.done"))));
    expect(keys(saved)[0]).toBe("manager_card.assessment.saved");
    const stored = await core.store.assessments.get(amina.id);
    expect(stored?.sensitive).toContain("pregnancy");
    expect(core.store.state.audit.map((a) => a.action)).toContain("assessment.record:health");
    // Health details are never a version of the assessment's history.
    expect(core.store.state.assessmentVersions).toEqual([]);
  });

  it("a whole-form submission (Teams) cannot record health details without the client's consent", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const values = { client: amina.id, healthConsent: "true", germanLevel: "B1", healthFlags: "pregnancy" };
    expect(keys(await send({ kind: "form", formId: "assess", values }))).toEqual(["errors.consent_required"]);
    expect(await core.store.assessments.get(amina.id)).toBeNull();
    await core.store.consents.append({
      id: "c-health",
      clientId: amina.id,
      purpose: "data_health",
      version: 1,
      given: true,
      channel: "in_person",
      at: core.clock.now(),
    });
    expect(keys(await send({ kind: "form", formId: "assess", values }))[0]).toBe("manager_card.assessment.saved");
    expect((await core.store.assessments.get(amina.id))?.sensitive).toContain("pregnancy");
  });

  it("refers to a standard service, and to a local offer with a short description", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    const target = await send(tap(button(card, byKey("manager_card.button.referral"))));
    expect(keys(target)).toEqual(["manager_card.referral.target"]);
    const followUp = await send(tap(button(target, byKey("manager_referrals.service.integration_course_provider"))));
    expect(keys(followUp)).toEqual(["manager_card.referral.follow_up"]);
    expect(keys(await send(text("15.03.2027 10:00")))[0]).toBe("manager_card.referral.saved");
    const offer = await send(tap(button(await send(tap(button(card, byKey("manager_card.button.referral")))), byKey("manager_card.referral.offer"))));
    expect(keys(offer)).toEqual(["manager_card.referral.description"]);
    const skip = await send(text("Sprachcafé St. Markus"));
    expect(keys(await send(tap(button(skip, byKey("dialog.button.skip")))))[0]).toBe("manager_card.referral.saved");
    expect((await core.store.referrals.listForClient(amina.id)).map((r) => [r.targetKind, r.target, r.followUpAt?.toISOString() ?? null])).toEqual([
      ["service", "integration_course_provider", "2027-03-15T09:00:00.000Z"],
      ["offer", "Sprachcafé St. Markus", null],
    ]);
  });

  it("hands the case over: the client is introduced in their language, the new manager is told, the note stays private", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, manager, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(keys(await send(tap(button(card, byKey("manager_card.button.handover")))))).toEqual(["manager_card.handover.nobody"]);
    const { manager: jonas } = await addManager(core.deps, operator, { tenantId: manager.tenantId, name: "Jonas Kern" });
    const pick = await send(tap(button(card, byKey("manager_card.button.handover"))));
    expect(keys(pick)).toEqual(["manager_card.handover.manager"]);
    expect(
      buttons(pick)
        .filter((b) => b.label)
        .map((b) => b.label),
    ).toEqual(["Jonas Kern"]);
    const keep = await send(tap(button(pick, (b) => b.label === "Jonas Kern")));
    expect(keys(keep)).toEqual(["manager_card.handover.keep_shared"]);
    expect(keys(await send(tap(button(keep, byKey("dialog.button.no")))))).toEqual(["manager_card.handover.note"]);
    const confirm = await send(text("Wohnungssuche läuft"));
    const done = await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(done).toEqual([{ parts: [{ key: "manager_card.handover.done", params: { managerName: "Jonas Kern" } }] }]);
    expect((await core.store.assignments.listForClient(amina.id)).map((a) => [a.managerId, a.kind])).toEqual([[jonas.id, "primary"]]);
    expect((await pendingTo(core, "client", amina.id)).find((m) => m.messageKey === "client.handover.introduction")?.params).toEqual({
      managerName: "Jonas Kern",
    });
    expect((await pendingTo(core, "manager", jonas.id)).map((m) => m.messageKey)).toEqual(["manager_card.handover.received"]);
    expect(JSON.stringify(core.store.state.outbox)).not.toContain("Wohnungssuche");
    expect(keys(await send(tap(openClientAction.encode(amina.id))))).toEqual(["errors.forbidden"]);
  });

  it("records what the earlier refugee social work handed over: agency and day on the card, the summary only behind its button", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(keys(await send(tap(button(card, byKey("manager_card.button.earlier_work")))))).toEqual(["manager_card.earlier_work.agency"]);
    expect(keys(await send(text("Caritas Göppingen")))).toEqual(["manager_card.earlier_work.day"]);
    // A day in the future is not a handover that took place: asked again, naming the day understood.
    const future = await send(text("10.03.2027"));
    expect(future[0]?.parts[0]).toEqual({
      key: "manager_time_picker.error.future_day",
      params: { day: { t: "date", iso: "2027-03-09T23:00:00.000Z", zone: "Europe/Berlin" } },
    });
    expect(keys(await send(text("gestern")))).toEqual(["manager_card.earlier_work.summary"]);
    const saved = await send(text("Wohnungssuche, Kita-Platz beantragt"));
    expect(saved.map((m) => m.parts[0]?.key)).toEqual(["manager_card.earlier_work.saved", "manager_card.card.header"]);
    const shown = saved[1]!;
    expect(shown.parts.find((p) => p.key === "manager_card.card.earlier_work")?.params).toEqual({
      agency: "Caritas Göppingen",
      at: { t: "date", iso: "2027-02-27T23:00:00.000Z", zone: "Europe/Berlin" },
    });
    expect(JSON.stringify(shown)).not.toContain("Kita");
    const stored = [...core.store.state.handovers.values()];
    expect(stored).toMatchObject([{ fromManagerId: null, fromAgency: "Caritas Göppingen" }]);
    expect(stored[0]?.note).not.toBe("Wohnungssuche, Kita-Platz beantragt");
    const note = await send(tap(button([shown], byKey("manager_card.button.earlier_work_note"))));
    expect(note[0]?.parts[0]?.params).toMatchObject({ fromName: "Caritas Göppingen", clientName: "Amina Haddad", note: "Wohnungssuche, Kita-Platz beantragt" });
    expect(core.store.state.audit.map((a) => a.action)).toEqual(expect.arrayContaining(["handover.earlier_work.record", "handover.note.read"]));
    // The case stays with Eva; nobody is introduced to the client.
    expect((await pendingTo(core, "client", amina.id)).map((m) => m.messageKey)).not.toContain("client.handover.introduction");
  });

  it("closes the case with a reason and reopens it", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    const reason = await send(tap(button(card, byKey("manager_card.button.close"))));
    expect(keys(reason)).toEqual(["manager_card.close.reason_prompt"]);
    const confirm = await send(tap(button(reason, byKey("manager_card.close.reason.moved_away"))));
    const closed = await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(keys(closed).slice(0, 2)).toEqual(["manager_card.close.done", "manager_card.card.header_closed"]);
    expect(buttons(closed).map((b) => b.labelKey)).toEqual(["manager_card.button.plan", "manager_card.button.reopen"]);
    expect(core.store.state.audit.map((a) => a.action)).toContain("case.close:moved_away");
    expect(await pendingTo(core, "client", amina.id)).toEqual([]);
    const reopened = await send(tap(button(closed, byKey("manager_card.button.reopen"))));
    expect(keys(reopened).slice(0, 2)).toEqual(["manager_card.reopened", "manager_card.card.header"]);
    expect((await core.store.clients.get(amina.id))?.status).toBe("open");
  });

  it("new appointment and log contact start their forms with the client given", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(keys(await send(tap(button(card, byKey("manager_card.button.log")))))).toEqual(["manager.contact.kind"]);
    expect(keys(await send(command("cancel")))).toEqual(["dialog.cancelled"]);
    expect(keys(await send(tap(button(card, byKey("manager_card.button.new_appointment")))))).not.toContain("manager.appointment.client");
  });

  it("a colleague not on the case gets 'forbidden' for the card and its buttons", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, manager, send } = await world(core);
    const card = await send(tap(openClientAction.encode(amina.id)));
    const { invite } = await addManager(core.deps, operator, { tenantId: manager.tenantId, name: "Jonas Kern" });
    const other = telegramChat("200");
    await handleInbound(core.deps, other, command("start", invite.code));
    const asJonas = async (data: string) => keys((await handleInbound(core.deps, other, tap(data))).outbound);
    expect(await asJonas(openClientAction.encode(amina.id))).toEqual(["errors.forbidden"]);
    expect(await asJonas(button(card, byKey("manager_card.button.move")))).toEqual(["errors.forbidden"]);
    expect(await asJonas(button(card, byKey("manager_card.button.assessment")))).toEqual(["errors.forbidden"]);
    expect(await asJonas(button(card, byKey("manager_card.button.close")))).toEqual(["errors.forbidden"]);
    expect((await core.store.clients.get(amina.id))?.status).toBe("open");
  });
});

describe("escalation messages with buttons", () => {
  it("'I need help': open the card (the request is listed), then mark it handled once", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, manager, step, send } = await world(core);
    const { escalation } = await answerCheckIn(core.deps, clientActor(amina), { stepId: step.id, answer: "need_help" });
    const [message] = (await pendingTo(core, "manager", manager.id)).filter((m) => m.messageKey === "manager.escalation.need_help");
    expect(message?.actions.map((a) => a.data)).toEqual([
      openHelpRequestAction.encode(escalation?.id ?? ""),
      escalationHandledAction.encode(escalation?.id ?? ""),
    ]);
    const card = await send(tap(message?.actions[0]?.data));
    // The request names the step it is about.
    expect(card[0]?.parts.find((p) => p.key === "manager_card.card.help_request_step")?.params).toMatchObject({
      kind: { t: "key", key: "manager_card.escalation.need_help" },
      step: expect.anything(),
    });
    expect(keys(await send(tap(message?.actions[1]?.data)))).toEqual(["manager_card.escalation.handled"]);
    expect((await core.store.escalations.get(escalation?.id ?? ""))?.status).toBe("resolved");
    expect(keys(await send(tap(message?.actions[1]?.data)))).toEqual(["manager_card.escalation.already_handled"]);
    expect(keys(await send(tap(openClientAction.encode(amina.id))))).toContain("manager_card.card.no_help_requests");
  });

  it("'cannot come': the message offers card, handled and move; moving resolves the request and tells the client", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, manager, appointment, send } = await world(core);
    await answerAppointment(core.deps, clientActor(amina), { appointmentId: appointment.id, answer: "cannot_come" });
    const [message] = (await pendingTo(core, "manager", manager.id)).filter((m) => m.messageKey === "manager.appointment.declined");
    expect(message?.actions.map((a) => decodeAction(a.data)?.verb)).toEqual(["phr", "esh", "esm"]);
    const [escalation] = (await core.store.escalations.listForClient(amina.id)).filter((e) => e.kind === "cannot_come");
    expect(message?.actions[2]?.data).toBe(escalationMoveAction.encode(escalation?.id ?? ""));
    expect(keys(await send(tap(message?.actions[0]?.data)))).toContain("manager_card.card.help_requests");
    expect(keys(await send(tap(message?.actions[2]?.data)))).toEqual(["manager_card.appointment_about", "manager_card.move.starts_at"]);
    expect(keys(await send(text("morgen 11")))[0]).toBe("manager_card.move.done");
    expect((await core.store.escalations.get(escalation?.id ?? ""))?.status).toBe("resolved");
    expect((await pendingTo(core, "client", amina.id)).map((m) => m.messageKey)).toContain("client.appointment.moved");
  });

  it("a garbage or unknown escalation id answers clearly and changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await world(core);
    expect(keys(await send(tap(escalationHandledAction.encode("nope"))))).toEqual(["errors.not_found"]);
    expect(keys(await send(tap("v1|esh|a|b")))).toEqual(["dialog.stale"]);
  });
});
