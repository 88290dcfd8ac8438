import { describe, expect, it } from "vitest";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { openSensitive } from "../../../../src/core/assessment/sensitive.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { checkInsConsentAction, confirmStopAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { hasCurrentConsent } from "../../../../src/core/consent/consent-state.ts";
import { giveConsent } from "../../../../src/core/consent/give-consent.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { buttons, command, keys, tap } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

/** A client who joined in `language`, agreed to messages and check-ins, and agreed in person to health details, which were recorded. */
async function clientWithEverythingOn(core: TestCore, language: string) {
  const { manager } = await seedWorld(core.store);
  const session: ChatSession = { channel: "telegram", externalId: "700", conversationRef: JSON.stringify({ chatId: "700" }), locale: language };
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Haddad", language });
  await handleInbound(core.deps, session, command("start", invite.code));
  await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
  await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("a")));
  await giveConsent(core.deps, staffActor(manager), { clientId: client.id, purposes: ["data_health"], channel: "in_person" });
  await recordAssessment(core.deps, staffActor(manager), { clientId: client.id, health: { text: "Diabetes", flags: [] } });
  core.clock.advance(60_000);
  const send = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, session, inbound)).outbound;
  // What the manager hears after joining (the join notice itself is client-manager-messages.test.ts's).
  const managerMessages = () =>
    [...core.store.state.outbox.values()].filter((m) => m.recipientKind === "manager" && m.messageKey !== "manager.reachable.joined").map((m) => m.messageKey);
  const ledger = () => core.store.consents.listForClient(client.id);
  return { manager, client, send, managerMessages, ledger };
}

describe("/stop lists what is on and stops one purpose or all", () => {
  it("lists the three purposes that are on; a button each for the questions and the health details, all messages, nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await clientWithEverythingOn(core, "de");
    const question = await send(command("stop"));
    expect(keys(question)).toEqual(["client.stop.on"]);
    expect(buttons(question).map((b) => b.data)).toEqual(["c", "h", "y", "n"].map((code) => confirmStopAction.encode(code as "y")));
    const rendered = translator.renderOutbound(question[0]!, { language: "de" });
    expect(rendered.text).toContain("Nachrichten von Lotse\nFragen zu Ihrem Plan\nAngaben zu Ihrer Gesundheit");
    expect(rendered.buttons.flat().map((b) => b.label)).toEqual([
      "Beenden: Fragen zu Ihrem Plan",
      "Beenden: Angaben zu Ihrer Gesundheit",
      "Alle Nachrichten beenden",
      "Nichts beenden",
    ]);
  });

  it("stopping check-ins alone keeps appointment messages; the manager is told once", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, send, managerMessages, ledger } = await clientWithEverythingOn(core, "uk");
    const done = await send(tap(confirmStopAction.encode("c")));
    expect(keys(done)).toEqual(["client.stop.ended"]);
    expect(translator.renderOutbound(done[0]!, { language: "uk" }).text).toBe("Гаразд. Зупинено: Питання про Ваш план. Ваш менеджер з інтеграції знає про це.");
    expect(hasCurrentConsent(await ledger(), "plan_checkins")).toBe(false);
    expect(hasCurrentConsent(await ledger(), "messaging")).toBe(true);
    expect(managerMessages()).toEqual(["manager.escalation.withdrawn.plan_checkins"]);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    expect((await core.store.outbox.listPendingForRecipient("client", client.id)).length).toBeGreaterThan(0);
    // A second tap on the same button (a double tap) changes nothing more and tells nobody again.
    await send(tap(confirmStopAction.encode("c")));
    expect(managerMessages()).toEqual(["manager.escalation.withdrawn.plan_checkins"]);
  });

  it("withdrawing the health consent in Arabic deletes the recorded health details (audited) and tells the manager", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, send, managerMessages } = await clientWithEverythingOn(core, "ar");
    const done = await send(tap(confirmStopAction.encode("h")));
    expect(keys(done)).toEqual(["client.stop.ended_data"]);
    expect(translator.renderOutbound(done[0]!, { language: "ar" }).text).toContain("معلومات عن صحتك");
    const stored = await core.store.assessments.get(client.id);
    expect(openSensitive(core.deps.crypto, stored?.sensitive ?? null).health).toBeUndefined();
    expect(core.store.state.audit.map((e) => e.action)).toContain("assessment.sensitive.clear:health");
    expect(managerMessages()).toEqual(["manager.escalation.withdrawn.data_health"]);
  });

  it("'stop all messages' turns messages and questions off (the recorded health details stay), tells the manager once", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, send, managerMessages, ledger } = await clientWithEverythingOn(core, "de");
    expect(keys(await send(tap(confirmStopAction.encode("y"))))).toEqual(["client.stop.done"]);
    const after = await ledger();
    expect((["messaging", "plan_checkins", "data_health"] as const).map((p) => hasCurrentConsent(after, p))).toEqual([false, false, true]);
    expect(managerMessages()).toEqual(["manager.escalation.messaging_stopped"]);
    expect(openSensitive(core.deps.crypto, (await core.store.assessments.get(client.id))?.sensitive ?? null).health).toBeDefined();
    // What is left on can still be stopped; without messages there is no "stop all messages".
    const question = await send(command("stop"));
    expect(buttons(question).map((b) => b.data)).toEqual([confirmStopAction.encode("h"), confirmStopAction.encode("n")]);
    await send(tap(confirmStopAction.encode("h")));
    expect(keys(await send(command("stop")))).toEqual(["client.stop.nothing"]);
  });

  it("stopping twice opens one 'no messages' request on the card; agreeing again with /start settles it", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, send, managerMessages } = await clientWithEverythingOn(core, "de");
    const openRequests = async () =>
      (await core.store.escalations.listForClient(client.id)).filter((e) => e.kind === "consent_declined" && e.status === "open");
    await send(tap(confirmStopAction.encode("y")));
    core.clock.advance(60_000);
    await send(command("start"));
    await send(tap(consentAnswerAction.encode("a")));
    expect(await openRequests()).toEqual([]);
    core.clock.advance(60_000);
    await send(tap(confirmStopAction.encode("y")));
    core.clock.advance(60_000);
    await send(tap(confirmStopAction.encode("m")));
    expect(await openRequests()).toHaveLength(1);
    expect(managerMessages().filter((key) => key === "manager.escalation.messaging_stopped")).toHaveLength(2);
  });

  it("'nothing' keeps everything on", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send, ledger, managerMessages } = await clientWithEverythingOn(core, "de");
    expect(keys(await send(tap(confirmStopAction.encode("n"))))).toEqual(["client.stop.kept"]);
    expect(hasCurrentConsent(await ledger(), "messaging")).toBe(true);
    expect(managerMessages()).toEqual([]);
  });
});
