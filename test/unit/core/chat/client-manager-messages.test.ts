import { describe, expect, it } from "vitest";
import { closeCase } from "../../../../src/core/cases/close-case.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction, checkInsConsentAction, confirmStopAction, openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { hasCurrentConsent } from "../../../../src/core/consent/consent-state.ts";
import type { ChatSession, Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { createTranslator, renderOutboxMessage } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { button, buttons, byKey, command, keys, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedManager, seedWorld, staffActor } from "../../../support/seed.ts";
import { handOverCase } from "../../../../src/core/handover/hand-over-case.ts";
import { applyRetention } from "../../../../src/core/privacy/apply-retention.ts";

const translator = createTranslator({ localesDir });
const photo: Inbound = { kind: "file", file: { kind: "photo", ref: "AgACAgIAAxkBAAIBQ2", name: null, mimeType: "image/jpeg" }, caption: "" };

/** A manager in a Telegram chat, and their client Amina who joined in `language` and agreed to messages. */
async function world(core: TestCore, language = "ar") {
  const { manager, tenantId } = await seedWorld(core.store);
  const managerChat = telegramChat("100");
  await core.store.identities.upsert({
    id: "identity-manager",
    channel: "telegram",
    externalId: "100",
    conversationRef: JSON.stringify({ chatId: 100 }),
    managerId: manager.id,
    clientId: null,
    locale: "de",
    active: true,
    linkedAt: core.clock.now(),
    deactivatedAt: null,
  });
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Yousef", language });
  const clientChat: ChatSession = { ...telegramChat("700", language) };
  await handleInbound(core.deps, clientChat, command("start", invite.code));
  await handleInbound(core.deps, clientChat, tap(consentAnswerAction.encode("a")));
  await handleInbound(core.deps, clientChat, tap(checkInsConsentAction.encode("a")));
  const asClient = async (inbound: Inbound) => (await handleInbound(core.deps, clientChat, inbound)).outbound;
  const asManager = async (inbound: Inbound) => (await handleInbound(core.deps, managerChat, inbound)).outbound;
  const outbox = (kind: "client" | "manager", key?: string): OutboxMessage[] =>
    [...core.store.state.outbox.values()].filter((m) => m.recipientKind === kind && (!key || m.messageKey.startsWith(key)));
  return { manager, tenantId, client, asClient, asManager, outbox };
}

const render = (message: OutboxMessage, language: string) => renderOutboxMessage(translator, message, { language, timezone: "Europe/Berlin" });

describe("a client writes to their manager", () => {
  it("free text is offered to the manager by name, with the consent text the first time; yes delivers it with answer and done buttons", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asClient, outbox } = await world(core, "ar");
    const question = await asClient(text("هل يمكنك مساعدتي في رسالة من مكتب العمل؟"));
    expect(keys(question)).toEqual(["client.conversation.ask", "consent.manager_messages.v1"]);
    const shown = translator.renderOutbound(question[0]!, { language: "ar" });
    expect(shown.text).toContain("Eva Muster");
    expect(shown.buttons.flat().map((b) => b.label)[0]).toContain("Eva Muster");
    expect(outbox("manager", "manager.conversation")).toHaveLength(0);

    const passed = await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    expect(keys(passed)).toEqual(["client.conversation.passed"]);
    expect(hasCurrentConsent(await core.store.consents.listForClient(client.id), "manager_messages")).toBe(true);
    const [incoming] = outbox("manager", "manager.conversation");
    expect(incoming?.messageKey).toBe("manager.conversation.incoming");
    const forManager = render(incoming!, "de");
    expect(forManager.text).toContain("Nachricht von Amina Yousef (liest Arabisch)");
    expect(forManager.text).toContain("هل يمكنك مساعدتي");
    expect(forManager.buttons.flat().map((b) => b.label)).toEqual(["Antworten", "Erledigt", "Klientenkarte öffnen"]);

    // A second tap (double tap, second device) passes nothing twice.
    const again = await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    expect(keys(again)).toEqual(["client.conversation.already"]);
    expect(outbox("manager", "manager.conversation")).toHaveLength(1);

    // The next message asks again, without the consent text.
    expect(keys(await asClient(text("شكرا")))).toEqual(["client.conversation.ask"]);
  });

  it("texts written in a row while the question is open go as one message", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asClient, outbox } = await world(core, "de");
    await asClient(text("Hallo?"));
    const second = await asClient(text("Ich brauche Hilfe mit einem Brief."));
    await asClient(tap(button(second, byKey("actions.conversation.pass"))));
    const [incoming] = outbox("manager", "manager.conversation");
    expect(incoming?.params.text).toBe("Hallo?\nIch brauche Hilfe mit einem Brief.");
  });

  it("no keeps it: nothing reaches the manager and the text is gone", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asClient, outbox } = await world(core, "de");
    const question = await asClient(text("Ach, vergessen Sie es."));
    expect(keys(await asClient(tap(button(question, byKey("actions.conversation.keep")))))).toEqual(["client.conversation.discarded"]);
    expect(outbox("manager", "manager.conversation")).toHaveLength(0);
    expect((await core.store.conversations.listForClient(client.id)).map((m) => m.text)).toEqual([null]);
    expect(hasCurrentConsent(await core.store.consents.listForClient(client.id), "manager_messages")).toBe(false);
  });

  it("a photo goes by its Telegram reference in the manager's message; the stored message keeps no reference", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asClient, outbox } = await world(core, "de");
    const question = await asClient(photo);
    expect(keys(question)[0]).toBe("client.conversation.ask");
    await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    const [incoming] = outbox("manager", "manager.conversation");
    expect(incoming?.messageKey).toBe("manager.conversation.incoming_photo");
    expect(render(incoming!, "de").file).toEqual({ kind: "photo", channel: "telegram", ref: "AgACAgIAAxkBAAIBQ2", name: null, mimeType: "image/jpeg" });
    const [stored] = await core.store.conversations.listForClient(client.id);
    expect(stored?.file).toMatchObject({ kind: "photo", ref: null });
  });

  it("a client whose case has no active manager is told so, and nothing is kept", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, asClient } = await world(core, "de");
    await closeCase(core.deps, staffActor(manager), { clientId: client.id, reason: "moved_away" });
    expect(keys(await asClient(text("Hallo?")))).toEqual(["client.conversation.no_manager"]);
    expect(await core.store.conversations.listForClient(client.id)).toEqual([]);
  });

  it("a client who has not answered the consent question at joining is asked it again instead", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(core.store);
    const { invite } = await createClient(core.deps, staffActor(manager), { name: "Reza Ahmadi", language: "fa" });
    const chat = telegramChat("701", "fa");
    await handleInbound(core.deps, chat, command("start", invite.code));
    const reply = await handleInbound(core.deps, chat, text("سلام، این یعنی چه؟"));
    expect(keys(reply.outbound)).toContain(`consent.messaging.v1`);
  });

  it("'توقف' or 'стоп' alone is the wish to stop (the /stop question), not a message for the manager; in a sentence it is a message", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asClient } = await world(core, "ar");
    expect(keys(await asClient(text("توقف")))).toEqual(["client.stop.on"]);
    expect(keys(await asClient(text("Стоп")))).toEqual(["client.stop.on"]);
    expect(keys(await asClient(text("توقف الباص عند المدرسة؟")))[0]).toBe("client.conversation.ask");
  });

  it("staff sending a photo learn that Lotse passes on only clients' files", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asManager } = await world(core, "de");
    expect(keys(await asManager(photo))).toEqual(["commands.unsupported"]);
  });
});

describe("the manager answers", () => {
  async function passed(core: TestCore, language: string) {
    const setup = await world(core, language);
    const question = await setup.asClient(text("Brief vom Jobcenter, was tun?"));
    await setup.asClient(tap(button(question, byKey("actions.conversation.pass"))));
    const incoming = setup.outbox("manager", "manager.conversation")[0]!;
    const reply = incoming.actions.find((a) => a.labelKey === "manager.conversation.reply")!.data;
    const done = incoming.actions.find((a) => a.labelKey === "manager.conversation.done")!.data;
    return { ...setup, reply, done };
  }

  it("a standard answer reaches an Arabic-reading client in Arabic, marked as from their manager; the message leaves /messages", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asManager, outbox, reply } = await passed(core, "ar");
    expect(keys(await asManager(command("messages")))).toEqual(["manager.conversation.open", "manager.conversation.open_item"]);
    const form = await asManager(tap(reply));
    expect(keys(form)).toEqual(["manager.conversation.intro_translated", "manager.conversation.phrase"]);
    expect(translator.renderOutbound(form[0]!, { language: "de" }).text).toContain("Amina Yousef liest Arabisch. Lotse übersetzt nicht");
    // The standard answers are sentences: as rendered for a phone, one per row, shortened, and given in full in the text.
    const shown = translator.renderOutbound(form[1]!, { language: "de" });
    expect(shown.buttons.slice(0, -1).every((row) => row.length === 1)).toBe(true);
    expect(shown.text).toContain(`• ${translator.renderText("client.conversation.phrase.bring_letter", {}, "de")}`);
    const sent = await asManager(tap(button(form, (b) => b.labelKey === "client.conversation.phrase.bring_letter")));
    expect(keys(sent)).toEqual(["manager.conversation.sent"]);
    const [answer] = outbox("client", "client.conversation");
    expect(answer?.messageKey).toBe("client.conversation.from_manager_phrase");
    const forClient = render(answer!, "ar");
    expect(forClient.text).toContain("Eva Muster");
    expect(forClient.text).toContain(translator.renderText("client.conversation.phrase.bring_letter", {}, "ar"));
    expect(keys(await asManager(command("messages")))).toEqual(["manager.conversation.none"]);
  });

  it("for a German-reading client the form asks for the text at once, which arrives as written", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asManager, outbox, reply } = await passed(core, "de");
    const form = await asManager(tap(reply));
    expect(keys(form)).toEqual(["manager.conversation.intro", "manager.conversation.text"]);
    expect(keys(await asManager(text("Kommen Sie morgen um 10 Uhr vorbei.")))).toEqual(["manager.conversation.sent"]);
    const [answer] = outbox("client", "client.conversation");
    expect(render(answer!, "de").text).toContain("Kommen Sie morgen um 10 Uhr vorbei.");
  });

  it("done settles it without a message to the client; a second tap changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asManager, outbox, done } = await passed(core, "de");
    expect(keys(await asManager(tap(done)))).toEqual(["manager.conversation.closed"]);
    expect(keys(await asManager(tap(done)))).toEqual(["manager.conversation.closed"]);
    expect(outbox("client", "client.conversation")).toHaveLength(0);
    expect(keys(await asManager(command("agenda")))).not.toContain("manager.agenda.message_open");
  });

  it("an open message is listed in /agenda and on the client card until answered", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asManager, client } = await passed(core, "de");
    expect(keys(await asManager(command("agenda")))).toContain("manager.agenda.message_open");
    expect(keys(await asManager(tap(openClientAction.encode(client.id))))).toContain("manager_card.card.open_messages");
  });

  it("at 23:00 both sides learn when their message arrives: the manager at 08:00, the client at 08:00", async () => {
    const core = testCore("2027-03-01T22:00:00Z"); // 23:00 in Berlin, inside the 21:00 to 08:00 quiet hours
    const setup = await world(core, "de");
    const question = await setup.asClient(text("Noch wach?"));
    const passedReply = await setup.asClient(tap(button(question, byKey("actions.conversation.pass"))));
    expect(keys(passedReply)).toEqual(["client.conversation.passed_later"]);
    expect(translator.renderOutbound(passedReply[0]!, { language: "de", timeZone: "Europe/Berlin" }).text).toContain("08:00");
    const incoming = setup.outbox("manager", "manager.conversation")[0]!;
    const form = await setup.asManager(tap(incoming.actions[0]!.data));
    expect(keys(form)).toContain("manager.conversation.text");
    const sent = await setup.asManager(text("Morgen früh rufe ich an."));
    expect(keys(sent)).toEqual(["manager.conversation.sent_later"]);
    expect(translator.renderOutbound(sent[0]!, { language: "de", timeZone: "Europe/Berlin" }).text).toContain("08:00");
  });

  it("writing to a client who never agreed to messages with the manager says so and starts nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asManager } = await world(core, "de");
    expect(keys(await asManager(command("write", client.name)))).toEqual(["manager.conversation.no_consent"]);
  });
});

describe("what a user tried in the playground", () => {
  it("a handover takes the open message to the new manager, who can answer it", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, asClient, asManager } = await world(core, "de");
    const question = await asClient(text("Offen vor der Übergabe"));
    await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    const jonas = await seedManager(core.store, manager.tenantId, "manager", "Jonas Kern");
    await handOverCase(core.deps, staffActor(manager), { clientId: client.id, toManagerId: jonas.id });
    expect(keys(await asManager(command("messages")))).toEqual(["manager.conversation.none"]);
    expect((await core.store.conversations.listOpenForManager(jonas.id)).map((m) => m.text)).toEqual(["Offen vor der Übergabe"]);
  });

  it("writing to a client whose chat is unlinked says so at once instead of 'sent'", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asClient, asManager } = await world(core, "de");
    const question = await asClient(text("Hallo"));
    await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    for (const identity of await core.store.identities.listForClient(client.id)) await core.store.identities.update({ ...identity, active: false });
    expect(keys(await asManager(command("write", "Yousef")))).toEqual(["manager.conversation.no_chat"]);
  });

  it("a question left for a day: 'yes' says the message is gone and asks to write it again", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asClient } = await world(core, "de");
    const question = await asClient(text("Hallo?"));
    core.clock.advance(25 * 3_600_000);
    await applyRetention(core.deps, { retentionDays: 1095 });
    expect(keys(await asClient(tap(button(question, byKey("actions.conversation.pass")))))).toEqual(["client.conversation.gone"]);
  });

  it("a command in between ends the answer form: the next text is not sent to the client", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { asClient, asManager, outbox } = await world(core, "de");
    const question = await asClient(text("Hallo"));
    await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    const incoming = outbox("manager", "manager.conversation")[0]!;
    expect(keys(await asManager(tap(incoming.actions[0]!.data)))).toContain("manager.conversation.text");
    await asManager(command("agenda"));
    await asManager(text("Notiz an mich selbst"));
    expect(outbox("client", "client.conversation")).toEqual([]);
  });
});

describe("withdrawing messages with the manager", () => {
  it("/stop offers it on its own; stopping it cancels answers on their way and deletes the kept messages", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, asClient, asManager, outbox } = await world(core, "de");
    const question = await asClient(text("Hallo"));
    await asClient(tap(button(question, byKey("actions.conversation.pass"))));
    const incoming = outbox("manager", "manager.conversation")[0]!;
    await asManager(tap(incoming.actions[0]!.data));
    await asManager(text("Ich rufe an."));
    const stop = await asClient(command("stop"));
    expect(buttons(stop).map((b) => b.data)).toContain(confirmStopAction.encode("w"));
    await asClient(tap(confirmStopAction.encode("w")));
    expect(await core.store.conversations.listForClient(client.id)).toEqual([]);
    expect(outbox("client", "client.conversation").map((m) => m.status)).toEqual(["cancelled"]);
    expect(outbox("manager", "manager.escalation.withdrawn").map((m) => m.messageKey)).toEqual(["manager.escalation.withdrawn.manager_messages"]);
    // Messages about appointments go on.
    expect(hasCurrentConsent(await core.store.consents.listForClient(client.id), "messaging")).toBe(true);
  });
});

describe("the manager is told when their client can be reached", () => {
  it("joining (language chosen, messages agreed) tells the manager once, in the client's language's German name", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { outbox } = await world(core, "ti");
    const told = outbox("manager", "manager.reachable");
    expect(told.map((m) => m.messageKey)).toEqual(["manager.reachable.joined"]);
    expect(render(told[0]!, "de").text).toBe(
      "Amina Yousef ist jetzt über Lotse erreichbar: liest Tigrinya und hat Nachrichten zugestimmt. Was sonst erlaubt ist, steht auf der Karte.",
    );
  });
});
