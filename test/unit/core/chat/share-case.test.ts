import { describe, expect, it } from "vitest";
import { findClients } from "../../../../src/core/cases/find-clients.ts";
import { cardShareAction } from "../../../../src/core/chat/card-actions.ts";
import { button, buttons, byKey, byLabel, command, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedManager, staffActor } from "../../../support/seed.ts";

describe("sharing a case from the client card", () => {
  it("“Fall teilen” → colleague → share: the colleague's caseload holds the client; “stop sharing” takes it away", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const ben = await seedManager(core.store, manager.tenantId, "manager", "Ben Brown");
    const amina = clients[0]?.id ?? "";

    const card = await send(command("clients", "Amina"));
    expect(buttons(card).find(byKey("manager_card.button.share"))?.data).toBe(cardShareAction.encode(amina));
    const who = await send(tap(button(card, byKey("manager_card.button.share"))));
    expect(keys(who)).toEqual(["manager_card.share.manager"]);
    const what = await send(tap(button(who, byLabel("Ben Brown"))));
    expect(keys(what)).toEqual(["manager_card.share.mode"]);
    expect(keys(await send(tap(button(what, byKey("manager_card.share.share")))))).toEqual(["manager_card.share.shared"]);
    expect((await findClients(core.deps, staffActor(ben), {})).clients.map((c) => c.name)).toEqual(["Amina Haddad"]);
    const toBen = () => [...core.store.state.outbox.values()].filter((m) => m.recipientKind === "manager" && m.recipientId === ben.id);
    expect(toBen().map((m) => [m.messageKey, m.params])).toEqual([["manager_card.share.received", { clientName: "Amina Haddad", byName: "Petra Neu" }]]);

    const again = await send(tap(button(await send(command("clients", "Amina")), byKey("manager_card.button.share"))));
    const mode = await send(tap(button(again, byLabel("Ben Brown"))));
    expect(keys(await send(tap(button(mode, byKey("manager_card.share.stop")))))).toEqual(["manager_card.share.stopped"]);
    expect((await findClients(core.deps, staffActor(ben), {})).total).toBe(0);
    expect(toBen().map((m) => m.messageKey)).toEqual(["manager_card.share.received", "manager_card.share.ended"]);
  });
});
