import { describe, expect, it } from "vitest";
import { contactCorrectAction, contactDeleteAction } from "../../../../src/core/chat/contact-corrections.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { Inbound } from "../../../../src/core/dialog/inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { operator } from "../../../../src/core/actor.ts";
import { button, buttons, byKey, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

describe("correcting and deleting a logged contact (the author, within 24 hours)", () => {
  it("the confirmation offers correct and delete: the day, kind and duration are corrected, audited; the note stays", async () => {
    const core = testCore("2027-03-03T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Omar Said"], telegramChat("100"));
    const omar = clients[0]?.id ?? "";
    const logged = await send(command("log", "Omar 30 Telefon Wohnen: Vermieter angerufen"));
    expect(buttons(logged).map((b) => b.labelKey)).toEqual(["manager.contact.correct_button", "manager.contact.delete_button"]);
    const [contact] = await core.store.contacts.listForClient(omar, 1);
    if (!contact) throw new Error("no contact");

    // The contact as logged is read back; "Ändern" gives one detail anew, the others stay.
    let step = await send(tap(button(logged, byKey("manager.contact.correct_button"))));
    expect(keys(step)).toEqual(["manager.contact.correct_summary", "manager.contact.correct_confirm"]);
    expect(step[0]?.parts[0]?.params).toMatchObject({ kind: { t: "key", key: "manager.kind.phone" }, minutes: 30 });
    step = await send(tap(button(step, byKey("dialog.button.change"))));
    step = await send(tap(button(step, byKey("manager.labels.contact_kind"))));
    expect(keys(step)).toEqual(["manager.contact.kind"]);
    step = await send(tap(button(step, byKey("manager.kind.home_visit"))));
    expect(keys(step)).toEqual(["manager.contact.correct_summary", "manager.contact.correct_confirm"]);
    for (const [label, answer] of [
      ["manager.labels.areas", null],
      ["manager.labels.duration", "45"],
      ["manager.labels.contact_day", "gestern"],
    ] as const) {
      step = await send(tap(button(step, byKey("dialog.button.change"))));
      step = await send(tap(button(step, byKey(label))));
      if (answer === null) {
        // The list comes back with its earlier tick set (Wohnen): untick it, tick Arbeit.
        expect(
          buttons(step)
            .filter((b) => b.selected)
            .map((b) => b.labelKey),
        ).toEqual(["areas.housing"]);
        step = await send(tap(button(step, byKey("areas.housing"))));
        expect(buttons(step).filter((b) => b.selected)).toEqual([]);
        step = await send(tap(button(step, byKey("areas.work"))));
        step = await send(tap(button(step, byKey("dialog.button.done"))));
      } else step = await send(text(answer));
    }
    const corrected = await send(tap(button(step, byKey("dialog.button.yes"))));
    expect(corrected[0]?.parts[0]).toEqual({
      key: "manager.contact.corrected",
      params: { kind: { t: "key", key: "manager.kind.home_visit" }, day: { t: "date", iso: "2027-03-02T11:00:00.000Z", zone: "Europe/Berlin" }, minutes: 45 },
    });
    expect(await core.store.contacts.get(contact.id)).toEqual({
      ...contact,
      kind: "home_visit",
      durationMin: 45,
      areas: ["work"],
      at: new Date("2027-03-02T11:00:00Z"),
    });
    expect(core.store.state.audit.map((a) => a.action)).toContain("contact.correct");

    const ask = await send(tap(contactDeleteAction.encode(contact.id, "a")));
    expect(keys(ask)).toEqual(["manager.contact.delete_confirm"]);
    expect(keys(await send(tap(button(ask, byKey("dialog.button.no")))))).toEqual(["dialog.cancelled"]);
    expect(await core.store.contacts.get(contact.id)).not.toBeNull();
    expect(keys(await send(tap(button(ask, byKey("manager.contact.delete_yes")))))).toEqual(["manager.contact.deleted"]);
    expect(await core.store.contacts.get(contact.id)).toBeNull();
    expect(core.store.state.audit.map((a) => a.action)).toContain("contact.delete");
    // A second tap on the old button: the contact is gone, nothing happens.
    expect(keys(await send(tap(button(ask, byKey("manager.contact.delete_yes")))))).toEqual(["dialog.stale"]);
  });

  it("after 24 hours, or for someone who did not log it, nothing can be corrected or deleted: /contacts offers no buttons", async () => {
    const core = testCore("2027-03-03T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Omar Said"], telegramChat("100"));
    const omar = clients[0]?.id ?? "";
    await send(command("log", "Omar 30 Telefon"));
    const [contact] = await core.store.contacts.listForClient(omar, 1);
    if (!contact) throw new Error("no contact");
    const list = await send(command("contacts", "Omar"));
    expect(buttons(list).map((b) => b.labelKey)).toEqual(["manager.contacts.correct_item", "manager.contacts.delete_item"]);

    // A colleague the case is shared with sees the contact, but may not change it.
    const colleague = await addManager(core.deps, operator, { tenantId: manager.tenantId, name: "Jonas Kern" });
    await core.store.assignments.assign({ clientId: omar, managerId: colleague.manager.id, kind: "shared", createdAt: core.clock.now() });
    const jonas = telegramChat("101");
    await handleInbound(core.deps, jonas, command("start", colleague.invite.code));
    const jonasSends = async (inbound: Inbound) => (await handleInbound(core.deps, jonas, inbound)).outbound;
    expect(buttons(await jonasSends(command("contacts", "Omar")))).toEqual([]);
    expect(keys(await jonasSends(tap(contactDeleteAction.encode(contact.id, "y"))))).toEqual(["manager.contact.too_late"]);

    core.clock.advance(24 * 60 * 60 * 1000);
    expect(buttons(await send(command("contacts", "Omar")))).toEqual([]);
    expect(keys(await send(tap(contactCorrectAction.encode(contact.id))))).toEqual(["manager.contact.too_late"]);
    expect(keys(await send(tap(contactDeleteAction.encode(contact.id, "y"))))).toEqual(["manager.contact.too_late"]);
    expect(await core.store.contacts.get(contact.id)).toEqual(contact);
  });
});
