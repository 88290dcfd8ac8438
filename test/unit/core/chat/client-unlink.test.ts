import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { checkInsConsentAction, confirmUnlinkAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { command, keys, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

describe("a client unlinks their chat (/unlink)", () => {
  it("asks first; 'no' keeps it; 'yes' unlinks the chat, tells the manager, and the chat is a stranger's again", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(core.store);
    const session: ChatSession = { channel: "telegram", externalId: "901", conversationRef: '{"chatId":"901"}', locale: "uk" };
    const { invite } = await createClient(core.deps, staffActor(manager), { name: "Olena Koval", language: "uk" });
    const send = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, session, inbound)).outbound;
    await send(command("start", invite.code));
    await send(tap(consentAnswerAction.encode("a")));
    await send(tap(checkInsConsentAction.encode("a")));

    expect(keys(await send(command("unlink")))).toEqual(["client.unlink.confirm"]);
    expect(keys(await send(tap(confirmUnlinkAction.encode("n"))))).toEqual(["client.unlink.kept"]);
    expect((await core.store.identities.findByExternal("telegram", "901"))?.active).toBe(true);

    const done = await handleInbound(core.deps, session, tap(confirmUnlinkAction.encode("y")));
    expect(keys(done.outbound)).toEqual(["client.unlink.done"]);
    expect(done.role).toBe("stranger"); // the adapter gives the chat the stranger's menu
    expect((await core.store.identities.findByExternal("telegram", "901"))?.active).toBe(false);
    const told = [...core.store.state.outbox.values()].filter((m) => m.recipientKind === "manager" && m.messageKey !== "manager.reachable.joined");
    expect(told.map((m) => [m.recipientId, m.messageKey, m.params])).toEqual([
      [manager.id, "manager.escalation.client_unlinked", { clientName: "Olena Koval" }],
    ]);
    // The chat no longer reaches the case: the same person now gets the stranger's answer.
    const strangerChat: ChatSession = { ...session, externalId: "902", conversationRef: '{"chatId":"902"}' };
    const strangers = keys((await handleInbound(core.deps, strangerChat, command("appointments"))).outbound);
    expect(keys(await send(command("appointments")))).toEqual(strangers);
    expect(strangers).not.toContain("client.appointments.none");
  });
});
