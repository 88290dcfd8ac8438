import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { LocalOffer } from "../../../../src/core/offers/model.ts";
import { offerAreaAction, offerFollowUpAction } from "../../../../src/core/offers/offer-actions.ts";
import { button, buttons, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const cafe = (tenantId: string): LocalOffer => ({
  id: "offer-cafe",
  tenantId,
  municipalityId: "m-plo",
  source: "integreat",
  sourceKey: "event:41:2027-03-05",
  kind: "event",
  area: "language",
  texts: {
    de: { title: "Sprachcafé im Rathaus", summary: "Deutsch sprechen bei Kaffee" },
    ar: { title: "مقهى اللغة في البلدية", summary: "تحدث الألمانية مع القهوة" },
  },
  address: "Marktstraße 36, 73207 Plochingen",
  startsAt: new Date("2027-03-05T17:00:00Z"),
  endsAt: new Date("2027-03-05T19:00:00Z"),
  timeText: null,
  url: "https://integreat.example/plochingen/de/events/41/",
  coordinates: null,
  createdBy: null,
  updatedAt: new Date("2027-03-01T06:00:00Z"),
});

/** What waits for the manager besides the notice that the client joined (client-manager-messages.test.ts tests that). */
const pendingForManager = async (core: TestCore, managerId: string) =>
  (await core.store.outbox.listPendingForRecipient("manager", managerId)).filter((m) => m.messageKey !== "manager.reachable.joined");

/** A linked manager, a municipality with one Integreat offer, and an Arabic-speaking client who joined and consented. */
async function world(core: TestCore) {
  const { manager, send } = await linkedManager(core, [], telegramChat("100"));
  await core.store.municipalities.create({ id: "m-plo", tenantId: manager.tenantId, name: "Plochingen", createdAt: new Date("2027-01-01") });
  await core.store.localOffers.create(cafe(manager.tenantId));
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar", municipalityId: "m-plo" });
  const clientChat = telegramChat("500", "ar");
  await handleInbound(core.deps, clientChat, command("start", invite.code));
  await handleInbound(core.deps, clientChat, tap(consentAnswerAction.encode("a")));
  const asClient = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, clientChat, inbound)).outbound;
  return { manager, client, send, asClient };
}

describe("local offers in the chat", () => {
  it("a manager adds an offer with /offeradd, finds it under its area with /offers and shares it; the client gets it in German with a note", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client, send } = await world(core);
    const where = await send(command("offeradd"));
    expect(keys(where)).toEqual(["manager_offers.add.municipality"]);
    const area = await send(tap(button(where, byLabel("Plochingen"))));
    expect(keys(area)).toEqual(["manager_offers.add.area"]);
    expect(keys(await send(tap(button(area, byKey("areas.participation")))))).toEqual(["manager_offers.add.name"]);
    expect(keys(await send(text("Fußballtreff für alle")))).toEqual(["manager_offers.add.time"]);
    expect(keys(await send(text("samstags 10 Uhr")))).toEqual(["manager_offers.add.address"]);
    const link = await send(text("Stadionweg 1"));
    expect(keys(link)).toEqual(["manager_offers.add.link"]);
    expect(await send(tap(button(link, byKey("dialog.button.skip"))))).toEqual([
      { parts: [{ key: "manager_offers.add.done", params: { title: "Fußballtreff für alle" } }] },
    ]);

    const picker = await send(command("offers"));
    expect(keys(picker)).toEqual(["manager_offers.pick_area"]);
    expect(buttons(picker).map((b) => b.labelKey)).toContain("manager_offers.all_areas");
    const listed = await send(tap(button(picker, byKey("areas.participation"))));
    expect(listed).toEqual([
      {
        parts: [
          {
            key: "manager_offers.item",
            params: { title: "Fußballtreff für alle", details: "samstags 10 Uhr · Stadionweg 1", area: { t: "key", key: "areas.participation" } },
          },
        ],
        buttons: [[expect.objectContaining({ labelKey: "manager_offers.share_button" }), expect.objectContaining({ labelKey: "manager_offers.refer_button" })]],
      },
    ]);
    const whom = await send(tap(button(listed, byKey("manager_offers.share_button"))));
    expect(keys(whom)).toEqual(["manager_offers.share_to"]);
    const shared = await send(tap(button(whom, byLabel("Yusuf Haddad"))));
    expect(shared).toEqual([{ parts: [{ key: "manager_offers.shared", params: { client: "Yusuf Haddad", title: "Fußballtreff für alle" } }], edit: true }]);
    const sent = await core.store.outbox.listPendingForRecipient("client", client.id);
    expect(sent.map((m) => [m.messageKey, m.params])).toContainEqual([
      "offers.shared_in_german",
      { title: "Fußballtreff für alle", summary: "", details: "samstags 10 Uhr · Stadionweg 1" },
    ]);
  });

  it("a referral sends the offer in the client's language and asks a week later; the client's answer reaches the manager", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, send, asClient } = await world(core);
    const listed = await send(tap(offerAreaAction.encode("language")));
    expect(listed[0]?.parts[0]).toMatchObject({ key: "manager_offers.item_integreat", params: { title: "Sprachcafé im Rathaus" } });
    const whom = await send(tap(button(listed, byKey("manager_offers.refer_button"))));
    expect(keys(whom)).toEqual(["manager_offers.refer_to"]);
    expect(keys(await send(tap(button(whom, byLabel("Yusuf Haddad")))))).toEqual(["manager_offers.referred"]);

    const referrals = await core.store.referrals.listForClient(client.id);
    expect(referrals).toEqual([
      expect.objectContaining({ targetKind: "offer", target: "Sprachcafé im Rathaus", status: "open", followUpAt: new Date("2027-03-08T09:00:00Z") }),
    ]);
    const pending = await core.store.outbox.listPendingForRecipient("client", client.id);
    const offerMessage = pending.find((m) => m.messageKey === "offers.referred");
    expect(offerMessage?.params).toMatchObject({ title: "مقهى اللغة في البلدية", summary: "تحدث الألمانية مع القهوة" });
    expect(offerMessage?.params.details).toContain("Marktstraße 36, 73207 Plochingen");
    const followUp = pending.find((m) => m.messageKey === "offers.followup.question");
    expect(followUp).toMatchObject({ dueAt: new Date("2027-03-08T09:00:00Z"), params: { title: "مقهى اللغة في البلدية" } });
    expect(followUp?.actions.map((a) => a.labelKey)).toEqual(["offers.followup.yes", "offers.followup.not_yet", "offers.followup.need_help"]);

    // "I need help": the manager hears it; "yes" then closes the referral as attended
    const referralId = referrals[0]!.id;
    expect(keys(await asClient(tap(offerFollowUpAction.encode(referralId, "h"))))).toEqual(["offers.followup.thanks_need_help"]);
    expect(keys(await asClient(tap(offerFollowUpAction.encode(referralId, "y"))))).toEqual(["offers.followup.thanks_yes"]);
    expect((await core.store.referrals.get(referralId))?.status).toBe("attended");
    expect((await pendingForManager(core, manager.id)).map((m) => [m.messageKey, m.params])).toEqual([
      ["manager_offers.followup.need_help", { client: "Yusuf Haddad", title: "Sprachcafé im Rathaus" }],
      ["manager_offers.followup.attended", { client: "Yusuf Haddad", title: "Sprachcafé im Rathaus" }],
    ]);
    // answering again is refused and changes nothing
    expect(keys(await asClient(tap(offerFollowUpAction.encode(referralId, "n"))))).toEqual(["errors.conflict"]);
  });

  it("'not yet' asks again a week later, in the client's language; the manager hears it and is asked then too", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, send, asClient } = await world(core);
    const listed = await send(tap(offerAreaAction.encode("language")));
    const whom = await send(tap(button(listed, byKey("manager_offers.refer_button"))));
    await send(tap(button(whom, byLabel("Yusuf Haddad"))));
    const referralId = (await core.store.referrals.listForClient(client.id))[0]!.id;
    core.clock.set("2027-03-08T09:30:00Z");
    expect(keys(await asClient(tap(offerFollowUpAction.encode(referralId, "n"))))).toEqual(["offers.followup.thanks_not_yet"]);
    expect(await core.store.referrals.get(referralId)).toMatchObject({ status: "open", followUpAt: new Date("2027-03-15T09:00:00Z") });
    const again = (await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "offers.followup.question");
    expect(again.map((m) => [m.dueAt, m.params])).toContainEqual([new Date("2027-03-15T09:00:00Z"), { title: "مقهى اللغة في البلدية" }]);
    // The manager hears the answer now; the question of that day moved on with the client's, to a week later.
    expect((await pendingForManager(core, manager.id)).map((m) => [m.messageKey, m.dueAt])).toEqual([
      ["manager_offers.followup.not_yet", new Date("2027-03-08T09:30:00Z")],
      ["manager_referrals.ask.named", new Date("2027-03-15T09:00:00Z")],
    ]);
  });

  it("the client's /offers shows their municipality's offers in Arabic, German ones marked; another client's referral is not theirs", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, asClient } = await world(core);
    await core.store.localOffers.create({
      ...cafe(manager.tenantId),
      id: "offer-club",
      source: "manual",
      sourceKey: "offer-club",
      kind: "offer",
      area: "participation",
      texts: { de: { title: "Fußballtreff", summary: "" } },
      startsAt: null,
      endsAt: null,
      timeText: "samstags 10 Uhr",
      address: null,
      url: null,
    });
    const reply = await asClient(command("offers"));
    expect(reply).toHaveLength(1);
    expect(reply[0]?.parts).toEqual([
      { key: "offers.title" },
      { key: "offers.item", params: { title: "مقهى اللغة في البلدية", details: expect.stringContaining("Marktstraße 36") } },
      { key: "offers.item_in_german", params: { title: "Fußballtreff", details: "samstags 10 Uhr" } },
    ]);
    // after the event is over, it is no longer shown
    core.clock.set("2027-03-06T09:00:00Z");
    expect((await asClient(command("offers")))[0]?.parts.map((p) => p.key)).toEqual(["offers.title", "offers.item_in_german"]);
    // a follow-up button of a referral that does not exist or is someone else's changes nothing
    expect(keys(await asClient(tap(offerFollowUpAction.encode("someone-else", "y"))))).toEqual(["errors.not_found"]);
  });

  it("a client without a municipality gets the 'no offers' text", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await linkedManager(core, [], telegramChat("100"));
    const { invite } = await createClient(core.deps, staffActor(manager), { name: "Olena K", language: "uk" });
    const chat = telegramChat("600", "uk");
    await handleInbound(core.deps, chat, command("start", invite.code));
    await handleInbound(core.deps, chat, tap(consentAnswerAction.encode("a")));
    expect(keys((await handleInbound(core.deps, chat, command("offers"))).outbound)).toEqual(["offers.none"]);
  });
});
