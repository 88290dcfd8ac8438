import { expect, it } from "vitest";
import type { OutboxMessage } from "../../../src/core/outbox/model.ts";
import { at, type ContractContext } from "./context.ts";

export function messagingContract(context: ContractContext): void {
  const store = () => context.store();

  function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
    return {
      id: context.unique("msg"),
      dedupeKey: context.unique("appt:a1:remind"),
      tenantId: null,
      recipientKind: "client",
      recipientId: context.unique("client"),
      clientId: null,
      messageKey: "appointment.reminder",
      params: { time: "10:00", place: "Rathaus, Zimmer 3" },
      actions: [{ labelKey: "actions.confirm", data: "v1|apc|x|c" }],
      dueAt: at("2027-03-01T08:00:00Z"),
      status: "pending",
      attempts: 0,
      claimedUntil: null,
      providerMessageId: null,
      lastError: null,
      createdAt: at("2027-02-28T08:00:00Z"),
      sentAt: null,
      ...overrides,
    };
  }

  it("keeps one row per dedupe key: re-planning replaces a pending message", async () => {
    const first = message();
    await store().outbox.enqueue(first);
    await store().outbox.enqueue({ ...first, id: context.unique("msg"), dueAt: at("2027-03-01T09:00:00Z") });
    const stored = await store().outbox.findByDedupeKey(first.dedupeKey);
    expect(stored?.id).toBe(first.id);
    expect(stored?.dueAt).toEqual(at("2027-03-01T09:00:00Z"));
    expect(stored?.params).toEqual(first.params);
    expect(stored?.actions).toEqual(first.actions);
  });

  it("cancels pending messages by key prefix and for a client", async () => {
    const clientId = context.unique("client");
    const prefix = context.unique("appt");
    const a = message({ dedupeKey: `${prefix}:24h`, clientId });
    const b = message({ dedupeKey: `${prefix}:2h`, clientId });
    const c = message({ recipientId: clientId });
    const checkin = message({ recipientId: clientId, dedupeKey: context.unique("step:s1:checkin") });
    for (const m of [a, b, c, checkin]) await store().outbox.enqueue(m);
    expect(await store().outbox.cancelPendingByPrefix(`${prefix}:`)).toBe(2);
    expect((await store().outbox.get(a.id))?.status).toBe("cancelled");
    expect(await store().outbox.cancelPendingForClient(clientId, "step:")).toBe(1);
    expect((await store().outbox.get(c.id))?.status).toBe("pending");
    expect(await store().outbox.cancelPendingForClient(clientId)).toBe(1);
    expect(await store().outbox.listPendingForRecipient("client", clientId)).toEqual([]);
  });

  it("lists a recipient's pending messages by due time", async () => {
    const recipientId = context.unique("manager");
    const late = message({ recipientKind: "manager", recipientId, dueAt: at("2027-03-02T07:30:00Z") });
    const early = message({ recipientKind: "manager", recipientId, dueAt: at("2027-03-01T07:30:00Z") });
    await store().outbox.enqueue(late);
    await store().outbox.enqueue(early);
    expect((await store().outbox.listPendingForRecipient("manager", recipientId)).map((m) => m.id)).toEqual([early.id, late.id]);
  });

  it("forgets dialog state after its expiry", async () => {
    const key = context.unique("telegram:chat");
    await store().dialogs.put(key, { flow: "log_contact", step: 2, values: { kind: "phone" } }, at("2027-03-01T10:00:00Z"));
    expect(await store().dialogs.get(key, at("2027-03-01T09:59:00Z"))).toEqual({ flow: "log_contact", step: 2, values: { kind: "phone" } });
    expect(await store().dialogs.get(key, at("2027-03-01T10:00:00Z"))).toBeNull();
    expect(await store().dialogs.deleteExpired(at("2027-03-01T10:00:00Z"))).toBeGreaterThanOrEqual(1);
    await store().dialogs.put(key, { step: 1 }, at("2027-03-02T10:00:00Z"));
    await store().dialogs.delete(key);
    expect(await store().dialogs.get(key, at("2027-03-01T00:00:00Z"))).toBeNull();
  });

  it("handles a redelivered update once, also when two instances see it at the same moment", async () => {
    const updateId = context.unique("update");
    const results = await Promise.all([
      store().processedUpdates.markProcessed("telegram", updateId, at("2027-03-01T10:00:00Z")),
      store().processedUpdates.markProcessed("telegram", updateId, at("2027-03-01T10:00:00Z")),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store().processedUpdates.markProcessed("teams", updateId, at("2027-03-01T10:00:00Z"))).toBe(true);
    expect(await store().processedUpdates.deleteOlderThan(at("2027-03-02T00:00:00Z"))).toBeGreaterThanOrEqual(2);
    expect(await store().processedUpdates.markProcessed("telegram", updateId, at("2027-03-03T10:00:00Z"))).toBe(true);
  });
}
