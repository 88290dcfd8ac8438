import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import type { OutboxParams } from "../../../../src/core/outbox/message-kinds.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { renderOutboxMessage } from "../../../../src/i18n/outbox-params.ts";
import { createTranslator } from "../../../../src/i18n/translator.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { LocalOffer } from "../../../../src/core/offers/model.ts";
import { offerAreaAction, offerFollowUpAction } from "../../../../src/core/offers/offer-actions.ts";
import { button, buttons, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedConsent, seedTenant, staffActor } from "../../../support/seed.ts";

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
    ar: { title: "مقهى اللغة في البلدية", summary: "تحدث الألمانية مع القهوة", url: "https://integreat.example/plochingen/ar/events/41/" },
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
    // the link goes to the page in Arabic, not the German one
    expect(offerMessage?.params.details).toContain("https://integreat.example/plochingen/ar/events/41/");
    expect(offerMessage?.params.details).not.toContain("/de/");
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

/** An Integreat place as the real API gives it: the title German in every language, excerpt and page translated. */
const caritas = (tenantId: string): LocalOffer => ({
  ...cafe(tenantId),
  id: "offer-caritas",
  sourceKey: "location:7",
  kind: "place",
  area: "everyday",
  texts: {
    de: { title: "Migrationsberatung der Caritas", summary: "Beratung für Zugewanderte", url: "https://integreat.example/plochingen/de/locations/7/" },
    ar: { title: "Migrationsberatung der Caritas", summary: "استشارة للمهاجرين", url: "https://integreat.example/plochingen/ar/locations/7/" },
  },
  address: "Hermannstraße 2, 73207 Plochingen",
  startsAt: null,
  endsAt: null,
  url: "https://caritas.example/plochingen",
});

const translator = createTranslator({ localesDir });
const rendered = (message: { messageKey: string; params: OutboxParams } | undefined, language: string) =>
  // without the marks that keep left-to-right parts in order within a right-to-left text
  message ? renderOutboxMessage(translator, { ...message, actions: [] }, { language, timezone: "Europe/Berlin" }).text.replace(/[\u2066-\u2069]/g, "") : "";

describe("an Integreat offer in the client's language", () => {
  it("a place whose title Integreat has only in German: the Arabic excerpt and page, the title marked as German; also in the follow-up and /offers", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, send, asClient } = await world(core);
    await core.store.localOffers.create(caritas(manager.tenantId));
    const listed = await send(tap(offerAreaAction.encode("everyday")));
    const whom = await send(tap(button(listed, byKey("manager_offers.refer_button"))));
    const done = await send(tap(button(whom, byLabel("Yusuf Haddad"))));
    // the manager reads the German title, unmarked
    expect(done[0]?.parts[0]?.params).toMatchObject({ title: "Migrationsberatung der Caritas" });
    const pending = await core.store.outbox.listPendingForRecipient("client", client.id);
    const referred = pending.find((m) => m.messageKey === "offers.referred");
    expect(referred?.params).toEqual({
      title: { key: "offers.in_german", params: { text: "Migrationsberatung der Caritas" } },
      summary: "استشارة للمهاجرين",
      details: "Hermannstraße 2, 73207 Plochingen · https://integreat.example/plochingen/ar/locations/7/",
    });
    const text = rendered(referred, "ar");
    expect(text).toContain("Migrationsberatung der Caritas (بالألمانية)");
    expect(text).toContain("استشارة للمهاجرين");
    expect(text).not.toContain("offers.");
    expect(
      rendered(
        pending.find((m) => m.messageKey === "offers.followup.question"),
        "ar",
      ),
    ).toContain("Migrationsberatung der Caritas (بالألمانية)");
    // "not yet": the question a week later is marked the same way
    const referralId = (await core.store.referrals.listForClient(client.id))[0]!.id;
    core.clock.set("2027-03-08T09:30:00Z");
    await asClient(tap(offerFollowUpAction.encode(referralId, "n")));
    const again = (await core.store.outbox.listPendingForRecipient("client", client.id)).filter((m) => m.messageKey === "offers.followup.question");
    expect(again.at(-1)?.params).toEqual({ title: { key: "offers.in_german", params: { text: "Migrationsberatung der Caritas" } } });

    const offers = await asClient(command("offers"));
    expect(offers[0]?.parts).toContainEqual({
      key: "offers.item",
      params: {
        title: { t: "key", key: "offers.in_german", params: { text: "Migrationsberatung der Caritas" } },
        details: "Hermannstraße 2, 73207 Plochingen · https://integreat.example/plochingen/ar/locations/7/",
      },
    });
  });

  it("a German reader gets the place's website and its title unmarked", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, send } = await world(core);
    const { client } = await createClient(core.deps, staffActor(manager), { name: "Lena Weber", language: "de", municipalityId: "m-plo" });
    await seedConsent(core.store, client.id);
    await core.store.localOffers.create(caritas(manager.tenantId));
    const listed = await send(tap(offerAreaAction.encode("everyday")));
    const whom = await send(tap(button(listed, byKey("manager_offers.share_button"))));
    await send(tap(button(whom, byLabel("Lena Weber"))));
    const shared = (await core.store.outbox.listPendingForRecipient("client", client.id)).find((m) => m.messageKey === "offers.shared");
    expect(shared?.params).toEqual({
      title: "Migrationsberatung der Caritas",
      summary: "Beratung für Zugewanderte",
      details: "Hermannstraße 2, 73207 Plochingen · https://caritas.example/plochingen",
    });
  });

  it("a text cached before pages were kept per language: the German page, and the message says so", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client, send } = await world(core);
    const old = cafe(manager.tenantId);
    await core.store.localOffers.replaceFromSource("m-plo", "integreat", [
      { ...old, texts: { de: old.texts.de!, ar: { title: "مقهى اللغة في البلدية", summary: "تحدث الألمانية مع القهوة" } } },
    ]);
    const listed = await send(tap(offerAreaAction.encode("language")));
    const whom = await send(tap(button(listed, byKey("manager_offers.share_button"))));
    await send(tap(button(whom, byLabel("Yusuf Haddad"))));
    const shared = (await core.store.outbox.listPendingForRecipient("client", client.id)).find((m) => m.messageKey === "offers.shared");
    expect(shared?.params.title).toBe("مقهى اللغة في البلدية");
    expect(shared?.params.details).toEqual({
      key: "offers.link_in_german",
      params: { details: expect.stringContaining("https://integreat.example/plochingen/de/events/41/") },
    });
    expect(rendered(shared, "ar")).toContain("https://integreat.example/plochingen/de/events/41/ (الصفحة بالألمانية)");
  });
});

describe("/offeradd: which municipality", () => {
  /** A tenant with three municipalities; the manager works for Wernau. */
  async function threeTowns(core: TestCore) {
    const tenantId = await seedTenant(core.store);
    for (const [id, name] of [
      ["m-alt", "Altbach"],
      ["m-unt", "Unterwernau"],
      ["m-wer", "Wernau"],
    ] as const) {
      await core.store.municipalities.create({ id, tenantId, name, createdAt: new Date("2027-01-01") });
    }
    const { manager, invite } = await addManager(core.deps, operator, { tenantId, name: "Eva Muster", municipalityIds: ["m-wer"] });
    const chat = telegramChat("700");
    await handleInbound(core.deps, chat, command("start", invite.code));
    const send = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, chat, inbound)).outbound;
    return { manager, send };
  }

  it("offers every municipality of the tenant as a button, the manager's own first", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await threeTowns(core);
    const asked = await send(command("offeradd"));
    expect(keys(asked)).toEqual(["manager_offers.add.municipality"]);
    expect(buttons(asked).map((b) => b.label ?? b.labelKey)).toEqual(["Wernau", "Altbach", "Unterwernau", "dialog.button.cancel"]);
  });

  it.each([
    ["the name in other letter case", "wernau", "m-wer"],
    ["the start of a name that is also inside another", "Wern", "m-wer"],
    ["an unambiguous start", "alt", "m-alt"],
  ])("accepts %s (%s) and adds the offer there", async (_label, typed, municipalityId) => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await threeTowns(core);
    await send(command("offeradd"));
    const area = await send(text(typed));
    expect(keys(area)).toEqual(["manager_offers.add.area"]);
    await send(tap(button(area, byKey("areas.language"))));
    let asked = await send(text("Sprachcafé"));
    for (const question of ["manager_offers.add.time", "manager_offers.add.address", "manager_offers.add.link"]) {
      expect(keys(asked)).toEqual([question]);
      asked = await send(tap(button(asked, byKey("dialog.button.skip"))));
    }
    expect(keys(asked)).toEqual(["manager_offers.add.done"]);
    expect([...core.store.state.localOffers.values()].map((o) => [o.municipalityId, o.texts.de?.title])).toEqual([[municipalityId, "Sprachcafé"]]);
  });

  it("an unknown or ambiguous name is refused with the municipalities there are, and the question stays", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await threeTowns(core);
    await send(command("offeradd"));
    const refused = await send(text("Esslingen"));
    expect(refused[0]?.parts).toEqual([
      { key: "manager_offers.add.unknown_municipality", params: { text: "Esslingen", options: { t: "list", items: ["Wernau", "Altbach", "Unterwernau"] } } },
    ]);
    expect(keys(refused.slice(1))).toEqual(["manager_offers.add.municipality"]);
    expect(buttons(refused.slice(1)).map((b) => b.label ?? b.labelKey)).toEqual(["Wernau", "Altbach", "Unterwernau", "dialog.button.cancel"]);
    // "au" is in Wernau and Unterwernau, and starts neither: ambiguous
    expect(keys(await send(text("au")))).toEqual(["manager_offers.add.unknown_municipality", "manager_offers.add.municipality"]);
    expect(keys(await send(text("Unterw")))).toEqual(["manager_offers.add.area"]);
    expect(core.store.state.localOffers.size).toBe(0);
  });

  it("a tenant without any municipality is told who sets one up, and no form starts", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, [], telegramChat("100"));
    expect(await send(command("offeradd"))).toEqual([{ parts: [{ key: "manager_offers.add.no_municipality" }] }]);
    // text typed afterwards is no answer to a municipality question
    expect(keys(await send(text("Plochingen")))).not.toContain("manager_offers.add.area");
  });
});
