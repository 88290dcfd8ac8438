import { describe, expect, it } from "vitest";
import { erasureObjectAction, erasureObjectConfirmAction, escalationHandledAction } from "../../../../src/core/chat/card-actions.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { applyRetention } from "../../../../src/core/privacy/apply-retention.ts";
import { requestErasure } from "../../../../src/core/privacy/request-erasure.ts";
import { buttons, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor } from "../../../support/seed.ts";

/** Amina asked for erasure; her manager opens her card. */
async function erasureRequested(core: TestCore) {
  const { clients, send } = await linkedManager(core, ["Amina Haddad"]);
  const amina = clients[0];
  if (!amina) throw new Error("no client");
  const request = await requestErasure(core.deps, clientActor(amina), { clientId: amina.id });
  const card = await send(tap(openClientAction.encode(amina.id)));
  return { amina, request, card, send };
}

describe("an erasure request on the client card", () => {
  it("offers 'object', never 'handled': a tap on 'handled' from an older message is refused and changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { request, card, send } = await erasureRequested(core);
    const data = buttons(card).map((b) => b.data);
    expect(data).toContain(erasureObjectAction.encode(request.escalationId));
    expect(data).not.toContain(escalationHandledAction.encode(request.escalationId));
    expect(keys(await send(tap(escalationHandledAction.encode(request.escalationId))))).toEqual(["errors.conflict"]);
    expect((await core.store.escalations.get(request.escalationId))?.status).toBe("open");
  });

  it("the objection button comes first, also when other requests are open (the card shows three)", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0]!;
    for (const id of ["e1", "e2", "e3"]) {
      await core.store.escalations.create({
        id,
        tenantId: amina.tenantId,
        clientId: amina.id,
        managerId: "",
        kind: "need_help",
        subjectId: null,
        status: "open",
        createdAt: core.clock.now(),
        resolvedAt: null,
      });
    }
    const request = await requestErasure(core.deps, clientActor(amina), { clientId: amina.id });
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(buttons(card).map((b) => b.data)).toContain(erasureObjectAction.encode(request.escalationId));
  });

  it("objecting asks first; 'cancel' lets the erasure run its course after the objection period", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, request, send } = await erasureRequested(core);
    const question = await send(tap(erasureObjectAction.encode(request.escalationId)));
    expect(keys(question)).toEqual(["manager_card.erasure.object_confirm"]);
    expect(keys(await send(tap(erasureObjectConfirmAction.encode(request.escalationId, "n"))))).toEqual(["manager_card.erasure.not_objected"]);
    core.clock.advance(31 * 86_400_000);
    await applyRetention(core.deps, { retentionDays: 1095 });
    expect((await core.store.clients.get(amina.id))?.anonymizedAt).not.toBeNull();
  });

  it("'yes, object' keeps the data, audits the objection and tells the client in their language", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, request, send } = await erasureRequested(core);
    await send(tap(erasureObjectAction.encode(request.escalationId)));
    expect(keys(await send(tap(erasureObjectConfirmAction.encode(request.escalationId, "y"))))).toEqual(["manager_card.erasure.objected"]);
    expect(core.store.state.audit.map((e) => e.action)).toContain("privacy.erasure_objected");
    // The manager's "erasure requested, erased after …" notice, still waiting, no longer holds: it is not sent.
    const notice = [...core.store.state.outbox.values()].find((m) => m.messageKey === "manager.escalation.erasure_requested");
    expect(notice?.status).toBe("cancelled");
    const told = await core.store.outbox.listPendingForRecipient("client", amina.id);
    expect(told.map((m) => m.messageKey)).toEqual(["client.delete.objected"]);
    // A second tap (a double tap, a second device) objects once and tells the client once.
    expect(keys(await send(tap(erasureObjectConfirmAction.encode(request.escalationId, "y"))))).toEqual(["manager_card.erasure.already_closed"]);
    expect(await core.store.outbox.listPendingForRecipient("client", amina.id)).toHaveLength(1);
    core.clock.advance(31 * 86_400_000);
    await applyRetention(core.deps, { retentionDays: 1095 });
    expect((await core.store.clients.get(amina.id))?.anonymizedAt).toBeNull();
  });
});
