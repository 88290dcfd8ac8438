import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { checkInsConsentAction, chooseLanguageAction, consentAnswerAction, confirmStopAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import type { ChatSession, Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { TELEGRAM_BOT_USERNAME_SETTING } from "../../../../src/core/invites/invite-link.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const chat = (externalId: string, locale: string | null = "de"): ChatSession => ({
  channel: "telegram",
  externalId,
  conversationRef: JSON.stringify({ chatId: externalId }),
  locale,
});
const command = (name: string, args = ""): Inbound => ({ kind: "command", command: name, args });
const keys = (outbound: Outbound[]) => outbound.flatMap((o) => o.parts.map((p) => p.key));
const buttonData = (outbound: Outbound[]) => outbound.flatMap((o) => o.buttons?.flat() ?? []).map((b) => b.data);

describe("the chat, channel-neutral", () => {
  it("tells a stranger what Lotse is, in their app's language, and stores nothing", async () => {
    const { deps, store } = testCore();
    const reply = await handleInbound(deps, chat("900", "ar"), command("start"));
    expect(reply).toEqual({ language: "ar", outbound: [{ parts: [{ key: "client.stranger.intro" }] }], role: "stranger" });
    expect(await store.identities.findByExternal("telegram", "900")).toBeNull();
    const unknownLanguage = await handleInbound(deps, chat("901", "ja"), { kind: "text", text: "hi" });
    expect(unknownLanguage.language).toBe("de");
  });

  it("answers a wrong code with the coded error and the introduction", async () => {
    const { deps } = testCore();
    const reply = await handleInbound(deps, chat("900", "uk"), command("start", "WRONG12345"));
    expect(keys(reply.outbound)).toEqual(["errors.invite_invalid", "client.stranger.intro"]);
  });

  it("links a manager with their invite and greets them by name in German", async () => {
    const { deps, store } = testCore();
    const { tenantId } = await seedWorld(store);
    const { invite } = await addManager(deps, operator, { tenantId, name: "Petra Neu" });
    const reply = await handleInbound(deps, chat("100", "de-DE"), command("start", invite.code));
    expect(reply.language).toBe("de");
    expect(reply.outbound[0]?.parts[0]).toEqual({ key: "manager.welcome", params: { name: "Petra Neu" } });
    const english = await handleInbound(deps, chat("100", "en-GB"), command("help"));
    expect(english.outbound[0]?.parts[0]?.key).toBe("manager.help");
  });

  it("onboards a client: language (preselected) → messages → plan check-ins, each a purpose of its own → welcome", async () => {
    const { deps, store } = testCore();
    const { manager } = await seedWorld(store);
    const { client, invite } = await createClient(deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar" });
    const linked = await handleInbound(deps, chat("200", "en"), command("start", invite.code));
    expect(linked.language).toBe("ar");
    expect(linked.outbound[0]?.buttons?.[0]?.[0]).toMatchObject({ label: "العربية", selected: true });
    const consent = await handleInbound(deps, chat("200"), { kind: "action", data: chooseLanguageAction.encode("uk") });
    expect(consent.language).toBe("uk");
    expect(keys(consent.outbound)).toEqual(["client.consent.intro", "consent.messaging.v1", "client.consent.withdraw_hint"]);
    const checkIns = await handleInbound(deps, chat("200"), { kind: "action", data: consentAnswerAction.encode("a") });
    expect(checkIns.outbound).toEqual([expect.objectContaining({ edit: true, parts: [{ key: "consent.plan_checkins.v1" }] })]);
    expect((await store.consents.listForClient(client.id)).map((c) => [c.purpose, c.given])).toEqual([["messaging", true]]);
    const welcome = await handleInbound(deps, chat("200"), { kind: "action", data: checkInsConsentAction.encode("a") });
    expect(keys(welcome.outbound)).toEqual(["client.welcome"]);
    expect((await store.clients.get(client.id))?.language).toBe("uk");
    expect((await store.consents.listForClient(client.id)).map((c) => `${c.purpose}:${c.given}`).sort()).toEqual(["messaging:true", "plan_checkins:true"]);
  });

  it("a client who declines is not messaged, and the manager is told", async () => {
    const { deps, store } = testCore();
    const { manager } = await seedWorld(store);
    const { invite } = await createClient(deps, staffActor(manager), { name: "Declines", language: "fa" });
    await handleInbound(deps, chat("201"), command("start", invite.code));
    const reply = await handleInbound(deps, chat("201"), { kind: "action", data: consentAnswerAction.encode("d") });
    expect(keys(reply.outbound)).toEqual(["client.consent.declined"]);
    expect((await store.outbox.listPendingForRecipient("manager", manager.id)).map((m) => m.messageKey)).toEqual(["manager.escalation.consent_declined"]);
  });

  it("/stop lists what is on, then 'stop all messages' withdraws consent and cancels what was pending", async () => {
    const { deps, store, clock } = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(store);
    const { client, invite } = await createClient(deps, staffActor(manager), { name: "Stops", language: "ar" });
    await handleInbound(deps, chat("202"), command("start", invite.code));
    await handleInbound(deps, chat("202"), { kind: "action", data: consentAnswerAction.encode("a") });
    clock.advance(60_000);
    await createAppointment(deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    expect((await store.outbox.listPendingForRecipient("client", client.id)).length).toBeGreaterThan(0);
    const question = await handleInbound(deps, chat("202"), command("stop"));
    // Only messages are on (check-ins were never answered): stop all messages, or nothing.
    expect(buttonData(question.outbound)).toEqual([confirmStopAction.encode("y"), confirmStopAction.encode("n")]);
    const done = await handleInbound(deps, chat("202"), { kind: "action", data: confirmStopAction.encode("y") });
    expect(keys(done.outbound)).toEqual(["client.stop.done"]);
    expect(await store.outbox.listPendingForRecipient("client", client.id)).toEqual([]);
  });

  it("/newclient asks name, language, gender, household, phone and start of follow-up housing, then gives the invite with a deep link and a QR code", async () => {
    const { deps, store } = testCore();
    const { manager } = await seedWorld(store);
    await store.settings.set(TELEGRAM_BOT_USERNAME_SETTING, "lotse_test_bot");
    const { invite } = await addManager(deps, operator, { tenantId: manager.tenantId, name: "Eva Zwei" });
    await handleInbound(deps, chat("101"), command("start", invite.code));
    const asked = await handleInbound(deps, chat("101"), command("newclient"));
    expect(keys(asked.outbound)).toEqual(["manager.newclient.name"]);
    const language = await handleInbound(deps, chat("101"), { kind: "text", text: "Mariam Tesfay" });
    expect(keys(language.outbound)).toEqual(["manager.newclient.language"]);
    const gender = await handleInbound(deps, chat("101"), { kind: "text", text: "ti" });
    expect(keys(gender.outbound)).toEqual(["manager.newclient.gender"]);
    const tapKey = (outbound: typeof gender.outbound, labelKey: string) =>
      handleInbound(deps, chat("101"), {
        kind: "action",
        data: outbound.flatMap((o) => o.buttons?.flat() ?? []).find((b) => b.labelKey === labelKey)?.data ?? "",
      });
    // An empty caseload has no family to join: a new household, not asked.
    const phone = await tapKey(gender.outbound, "manager.newclient.gender_female");
    expect(keys(phone.outbound)).toEqual(["manager.newclient.own_phone"]);
    const started = await handleInbound(deps, chat("101"), { kind: "action", data: phone.outbound[0]?.buttons?.[0]?.[0]?.data ?? "" });
    expect(keys(started.outbound)).toEqual(["manager.newclient.started_on"]);
    const wrongDate = await handleInbound(deps, chat("101"), { kind: "text", text: "31.2.2027" });
    expect(keys(wrongDate.outbound)).toEqual(["dialog.error.no_such_date", "manager.newclient.started_on"]);
    const done = await handleInbound(deps, chat("101"), { kind: "text", text: "1.3.2027" });
    expect(keys(done.outbound)).toEqual(["manager.newclient.created_link", "manager.newclient.qr_caption"]);
    const mariam = [...store.state.clients.values()].find((c) => c.name === "Mariam Tesfay");
    expect(mariam).toMatchObject({ language: "ti", gender: "female", caseStartedAt: new Date("2027-02-28T23:00:00Z") });
    const link = done.outbound[0]?.parts[0]?.params?.link;
    expect(link).toMatch(/^https:\/\/t\.me\/lotse_test_bot\?start=[A-Z0-9]{10}$/);
    expect(done.outbound[1]?.attachment).toEqual({ kind: "qr", payload: link, unsentKey: "manager.newclient.qr_unsent" });
    const list = await handleInbound(deps, chat("101"), command("clients"));
    expect(list.outbound[0]?.buttons?.flat().map((b) => b.label)).toEqual(["Mariam Tesfay"]);
  });

  it("answers a garbage button with 'out of date' and a supervisor's /newclient with forbidden and what they can do", async () => {
    const { deps, store } = testCore();
    const { tenantId } = await seedWorld(store);
    const { invite } = await addManager(deps, operator, { tenantId, name: "Sabine", role: "supervisor" });
    await handleInbound(deps, chat("300"), command("start", invite.code));
    expect(keys((await handleInbound(deps, chat("300"), { kind: "action", data: "v1|zz|garbage" })).outbound)).toEqual(["dialog.stale"]);
    expect(keys((await handleInbound(deps, chat("300"), command("newclient"))).outbound)).toEqual(["errors.forbidden", "manager.help"]);
  });
});
