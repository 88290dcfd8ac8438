import { describe, expect, it } from "vitest";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { command, keys, linkedManager, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

describe("/contacts: a client's latest contacts, read back in the chat", () => {
  it("lists when, what kind, how long and which areas, newest first, and never the note; Teams answers at once when the name fits", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const teams: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE", forms: "whole" };
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Omar Said"], teams);
    const amina = clients[0]?.id ?? "";
    const actor = staffActor(manager);
    await logContact(core.deps, actor, { clientId: amina, at: "2027-03-02T09:00:00Z", kind: "phone", durationMin: 20, areas: [], note: "Geheime Notiz" });
    await logContact(core.deps, actor, { clientId: amina, at: "2027-03-05T13:00:00Z", kind: "home_visit", durationMin: 45, areas: ["housing"] });

    const [list, ...more] = await send(text("kontakte amina"));
    expect(more).toEqual([]);
    expect(list?.form).toBeUndefined();
    expect(list?.parts[0]?.key).toBe("manager.contacts.list");
    const items = list?.parts[0]?.params?.contacts;
    expect(items).toMatchObject({
      t: "lines",
      items: [
        {
          key: "manager.contacts.item_areas",
          params: { kind: { key: "manager.kind.home_visit" }, minutes: 45, areas: { t: "list", items: [{ t: "key", key: "areas.housing" }] } },
        },
        { key: "manager.contacts.item", params: { kind: { key: "manager.kind.phone" }, minutes: 20 } },
      ],
    });
    expect(JSON.stringify(list)).not.toContain("Geheime Notiz");

    expect(keys(await send(command("contacts", "Omar")))).toEqual(["manager.contacts.none"]);
    // Without a name, a card asks for the client.
    const [card] = await handleInbound(core.deps, teams, command("contacts")).then((reply) => reply.outbound);
    expect(card?.form).toMatchObject({ kind: "started", form: { id: "contacts", fields: [{ name: "clientId", labelKey: "manager.labels.client" }] } });
  });
});
