import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { checkInsConsentAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { referClient } from "../../../../src/core/referrals/refer-client.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { renderOutboxMessage } from "../../../../src/i18n/outbox-params.ts";
import { createTranslator } from "../../../../src/i18n/translator.ts";
import { command, keys, linkedManager, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

/** The follow-up of a referral in the chats: the manager's question and its buttons, the client's one-tap answer, /agenda. */

const translator = createTranslator({ localesDir });

/** Eva linked; Amina (Arabic) joined in her chat and agreed to messages and check-ins; referred to the Jobcenter for 15 March. */
async function world(core: TestCore) {
  const { manager, send } = await linkedManager(core, []);
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Haddad", language: "ar" });
  const clientChat = telegramChat("500", "ar");
  const asClient = async (inbound: Inbound) => (await handleInbound(core.deps, clientChat, inbound)).outbound;
  await asClient(command("start", invite.code));
  await asClient(tap(consentAnswerAction.encode("a")));
  await asClient(tap(checkInsConsentAction.encode("a")));
  const referral = await referClient(core.deps, staffActor(manager), {
    clientId: client.id,
    targetKind: "service",
    service: "jobcenter",
    followUpAt: "2027-03-15T09:00:00Z",
  });
  const row = (key: string): OutboxMessage | undefined => [...core.store.state.outbox.values()].find((m) => m.messageKey === key && m.status === "pending");
  return { manager, client, referral, send, asClient, row };
}

describe("referral follow-ups in the chat", () => {
  it("the manager's question reads the client and the service, with the outcome buttons in two rows", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { row } = await world(core);
    const ask = row("manager_referrals.ask.service");
    const rendered = renderOutboxMessage(translator, ask!, { language: "de", timezone: "Europe/Berlin" });
    expect(rendered.text).toBe("Nachfrage zur Vermittlung: Amina Haddad – Jobcenter. Wie ist es ausgegangen?");
    expect(rendered.buttons.map((r) => r.map((b) => b.label))).toEqual([
      ["Wahrgenommen", "Nicht wahrgenommen"],
      ["Erledigt", "Eine Woche später"],
    ]);
    const question = renderOutboxMessage(translator, row("referrals.check_in.question")!, { language: "ar", timezone: "Europe/Berlin" });
    expect(question.text).toContain("مركز العمل (Jobcenter)");
    expect(question.buttons.map((r) => r.length)).toEqual([2, 1]);
  });

  it("'ask in a week' moves the follow-up to 10:00 a week from today; the question becomes the referral, named", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { referral, row, send } = await world(core);
    core.clock.set("2027-03-15T09:05:00Z");
    const [edited] = await send(tap(row("manager_referrals.ask.service")!.actions.find((a) => a.data.endsWith("|sn"))!.data));
    expect(edited).toMatchObject({
      edit: true,
      parts: [
        { key: "manager_card.referrals.of_client", params: { clientName: "Amina Haddad" } },
        { key: "manager_card.referrals.item_follow_up", params: { followUp: { iso: "2027-03-22T09:00:00.000Z" } } },
      ],
    });
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ status: "open", followUpAt: new Date("2027-03-22T09:00:00Z") });
    expect(row("manager_referrals.ask.service")?.dueAt).toEqual(new Date("2027-03-22T09:00:00Z"));
  });

  it("the client's tap thanks them in place; a second tap is told it is settled and changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { referral, row, asClient } = await world(core);
    const yes = row("referrals.check_in.question")!.actions[0]!.data;
    expect(await asClient(tap(yes))).toEqual([{ parts: [{ key: "referrals.check_in.thanks_yes" }], edit: true }]);
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ status: "attended" });
    const before = structuredClone(core.store.state);
    expect(keys(await asClient(tap(yes)))).toEqual(["referrals.check_in.settled"]);
    expect(core.store.state).toEqual(before);
  });

  it("/agenda lists the follow-up on its day, and no more once the manager recorded the outcome", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { row, send } = await world(core);
    core.clock.set("2027-03-15T07:00:00Z");
    const line = { key: "manager.agenda.referral_follow_up", params: { clientName: "Amina Haddad" } };
    // Under today, not again under tomorrow.
    expect((await send(command("agenda"))).flatMap((o) => o.parts).filter((p) => p.key === line.key)).toEqual([line]);
    await send(tap(row("manager_referrals.ask.service")!.actions[0]!.data));
    expect(keys(await send(command("agenda")))).not.toContain(line.key);
  });
});
