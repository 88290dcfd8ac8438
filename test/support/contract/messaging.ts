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
      // The second button starts a row of its own: the store keeps that, through a claim as well.
      actions: [
        { labelKey: "actions.confirm", data: "v1|apc|x|c" },
        { labelKey: "actions.decline", data: "v1|apc|x|d", newRow: true },
      ],
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

  it("tells the state of the row with a key, claimed ones as sending, and null without one", async () => {
    const waiting = message();
    const claimedOne = message({ dedupeKey: context.unique("claimed"), status: "sending", claimedUntil: at("2027-03-01T08:05:00Z"), attempts: 1 });
    const sent = message({ dedupeKey: context.unique("sent"), status: "sent", sentAt: at("2027-03-01T08:00:01Z"), providerMessageId: "9" });
    for (const m of [waiting, claimedOne, sent]) await store().outbox.enqueue(m);
    expect(await store().outbox.statusByDedupeKey(waiting.dedupeKey)).toBe("pending");
    expect(await store().outbox.statusByDedupeKey(claimedOne.dedupeKey)).toBe("sending");
    expect(await store().outbox.statusByDedupeKey(sent.dedupeKey)).toBe("sent");
    expect(await store().outbox.statusByDedupeKey(context.unique("none"))).toBeNull();
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

  it("cancels what is pending to a client only, leaving what staff are to hear about them (withdrawal, erasure request)", async () => {
    const clientId = context.unique("client");
    const toClient = message({ recipientId: clientId });
    const checkIn = message({ recipientId: clientId, dedupeKey: `step:${context.unique("s")}:checkin:1` });
    const aboutToManager = message({ recipientKind: "manager", recipientId: context.unique("manager"), clientId });
    for (const m of [toClient, checkIn, aboutToManager]) await store().outbox.enqueue(m);
    expect(await store().outbox.cancelPendingToClient(clientId, "step:")).toBe(1);
    expect((await store().outbox.get(toClient.id))?.status).toBe("pending");
    expect(await store().outbox.cancelPendingToClient(clientId)).toBe(1);
    expect((await store().outbox.get(toClient.id))?.status).toBe("cancelled");
    expect((await store().outbox.get(aboutToManager.id))?.status).toBe("pending");
  });

  it("empties the params of every row to or about a client and cancels those not sent yet (erasure); others untouched", async () => {
    const clientId = context.unique("client");
    const sent = message({ recipientId: clientId, status: "sent", sentAt: at("2027-03-01T08:00:00Z") });
    const aboutCancelled = message({ recipientKind: "manager", recipientId: context.unique("manager"), clientId, status: "cancelled" });
    const pending = message({ recipientId: clientId });
    const other = message({ status: "sent" });
    for (const m of [sent, aboutCancelled, pending, other]) await store().outbox.enqueue(m);
    expect(await store().outbox.clearParamsForClient(clientId)).toBe(3);
    expect((await store().outbox.get(sent.id))?.params).toEqual({});
    expect((await store().outbox.get(aboutCancelled.id))?.params).toEqual({});
    expect(await store().outbox.get(pending.id)).toMatchObject({ status: "cancelled", params: {} });
    expect(await store().outbox.get(other.id)).toMatchObject({ status: "sent", params: other.params });
    expect(await store().outbox.clearParamsForClient(clientId)).toBe(0);
  });

  it("empties and cancels a row about a client that a dispatcher is sending while she is erased; its late mark says sent", async () => {
    const t = await claimWorld(2095);
    const clientId = context.unique("client");
    const inFlight = message({ recipientKind: "manager", recipientId: context.unique("manager"), clientId, dueAt: t("03-01T08:00:00") });
    await store().outbox.enqueue(inFlight);
    const [claim] = await store().outbox.claimDue(t("03-01T08:00:00"), 10, 60_000);
    expect(claim?.id).toBe(inFlight.id);
    expect(await store().outbox.clearParamsForClient(clientId)).toBe(1);
    expect(await store().outbox.get(inFlight.id)).toMatchObject({ status: "cancelled", params: {}, claimedUntil: null });
    // A retry of that claim cannot bring it back; the send that was under way is recorded.
    await store().outbox.markRetry({ id: inFlight.id, attempts: 1 }, t("03-01T08:05:00"), "transient");
    expect((await store().outbox.get(inFlight.id))?.status).toBe("cancelled");
    await store().outbox.markSent({ id: inFlight.id, attempts: 1 }, "tg:late", t("03-01T08:00:05"));
    expect(await store().outbox.get(inFlight.id)).toMatchObject({ status: "sent", params: {} });
  });

  it("empties the params of the one row with a key (erasure), cancelling it when it is not sent yet", async () => {
    const sent = message({ recipientKind: "manager", recipientId: context.unique("manager"), status: "sent", sentAt: at("2027-03-01T06:30:00Z") });
    const pending = message({ recipientKind: "manager", recipientId: context.unique("manager") });
    const other = message({ status: "sent" });
    for (const m of [sent, pending, other]) await store().outbox.enqueue(m);
    expect(await store().outbox.clearParamsByKey(sent.dedupeKey)).toBe(true);
    expect(await store().outbox.get(sent.id)).toMatchObject({ status: "sent", params: {} });
    expect(await store().outbox.clearParamsByKey(sent.dedupeKey)).toBe(false);
    expect(await store().outbox.clearParamsByKey(pending.dedupeKey)).toBe(true);
    expect(await store().outbox.get(pending.id)).toMatchObject({ status: "cancelled", params: {} });
    expect(await store().outbox.clearParamsByKey(context.unique("no-such-key"))).toBe(false);
    expect(await store().outbox.get(other.id)).toMatchObject({ params: other.params });
  });

  it("deletes rows that are done and older than the cut by every time they carry; waiting and claimed rows stay (retention)", async () => {
    const t = await claimWorld(1991);
    const old = { createdAt: t("01-01T00:00:00"), dueAt: t("01-01T00:00:00") };
    const claimedOld = message({ ...old, dueAt: at("1990-12-31T00:00:00Z") });
    await store().outbox.enqueue(claimedOld);
    const rows = {
      sentOld: message({ ...old, status: "sent", sentAt: t("01-02T00:00:00") }),
      sentLately: message({ ...old, status: "sent", sentAt: t("07-01T00:00:00") }),
      failedOld: message({ ...old, status: "failed" }),
      failedAfterLateRetry: message({ ...old, status: "failed", dueAt: t("07-01T00:00:00") }),
      cancelledOld: message({ ...old, status: "cancelled" }),
      cancelledBeforeItsTime: message({ ...old, status: "cancelled", dueAt: t("12-01T00:00:00") }),
      pendingOld: message(old),
    };
    for (const row of Object.values(rows)) await store().outbox.enqueue(row);
    expect((await store().outbox.claimDue(t("01-01T00:00:00"), 1, 60_000)).map((m) => m.id)).toEqual([claimedOld.id]);

    expect(await store().outbox.deleteFinishedBefore(t("06-01T00:00:00"))).toBeGreaterThanOrEqual(3);
    const left = async (row: OutboxMessage) => (await store().outbox.get(row.id)) !== null;
    expect(await left(rows.sentOld)).toBe(false);
    expect(await left(rows.failedOld)).toBe(false);
    expect(await left(rows.cancelledOld)).toBe(false);
    for (const kept of [rows.sentLately, rows.failedAfterLateRetry, rows.cancelledBeforeItsTime, rows.pendingOld, claimedOld]) {
      expect(await left(kept), kept.status).toBe(true);
    }
    expect((await store().outbox.get(claimedOld.id))?.status).toBe("sending");
    expect(await store().outbox.deleteFinishedBefore(t("06-01T00:00:00"))).toBe(0);
  });

  it("lists a recipient's pending messages by due time", async () => {
    const recipientId = context.unique("manager");
    const late = message({ recipientKind: "manager", recipientId, dueAt: at("2027-03-02T07:30:00Z") });
    const early = message({ recipientKind: "manager", recipientId, dueAt: at("2027-03-01T07:30:00Z") });
    await store().outbox.enqueue(late);
    await store().outbox.enqueue(early);
    expect((await store().outbox.listPendingForRecipient("manager", recipientId)).map((m) => m.id)).toEqual([early.id, late.id]);
  });

  /**
   * Claiming takes every due row of the shared store, so each claim test works in its own far-off year after
   * marking everything due before it sent (other tests' rows included: their assertions are done).
   */
  async function claimWorld(year: number): Promise<(iso: string) => Date> {
    const start = at(`${year}-01-01T00:00:00Z`);
    for (;;) {
      const rows = await store().outbox.claimDue(start, 500, 1000);
      if (rows.length === 0) break;
      for (const row of rows) await store().outbox.markSent(row, "drained", start);
    }
    return (time: string) => at(`${year}-${time}Z`);
  }

  it("sums up what is due: rows waiting or being sent, and the oldest due time", async () => {
    const t = await claimWorld(2094);
    const rows = ["03-01T08:00:00", "03-01T07:00:00", "03-02T09:00:00"].map((time) => message({ dueAt: t(time) }));
    for (const row of rows) await store().outbox.enqueue(row);
    expect(await store().outbox.dueSummary(t("03-01T06:00:00"))).toEqual({ due: 0, oldestDueAt: null });
    await store().outbox.claimDue(t("03-01T07:30:00"), 1, 60_000);
    expect(await store().outbox.dueSummary(t("03-01T08:30:00"))).toEqual({ due: 2, oldestDueAt: t("03-01T07:00:00") });
  });

  it("claims due rows oldest first with a lease and an attempt; later ones and leased ones wait", async () => {
    const t = await claimWorld(2090);
    const rows = ["03-01T08:02:00", "03-01T08:00:00", "03-01T08:01:00", "03-01T09:00:00"].map((time) => message({ dueAt: t(time) }));
    for (const row of rows) await store().outbox.enqueue(row);
    const [late, early, middle, future] = rows as [OutboxMessage, OutboxMessage, OutboxMessage, OutboxMessage];
    const claimed = await store().outbox.claimDue(t("03-01T08:30:00"), 2, 60_000);
    expect(claimed.map((m) => m.id)).toEqual([early.id, middle.id]);
    expect(claimed[0]).toMatchObject({ status: "sending", attempts: 1, claimedUntil: t("03-01T08:31:00"), params: early.params, actions: early.actions });
    expect(claimed[0]?.dueAt).toEqual(early.dueAt);
    expect(await store().outbox.get(early.id)).toEqual(claimed[0]);
    expect((await store().outbox.claimDue(t("03-01T08:30:30"), 10, 60_000)).map((m) => m.id)).toEqual([late.id]);
    expect(await store().outbox.claimDue(t("03-01T08:30:59"), 10, 60_000)).toEqual([]);
    expect((await store().outbox.get(future.id))?.status).toBe("pending");
  });

  it("returns a claim whose lease ran out (a crashed dispatcher) to the next claimer", async () => {
    const t = await claimWorld(2091);
    const stranded = message({ dueAt: t("03-01T08:00:00") });
    await store().outbox.enqueue(stranded);
    expect(await store().outbox.claimDue(t("03-01T08:00:00"), 10, 30_000)).toHaveLength(1);
    expect(await store().outbox.claimDue(t("03-01T08:00:29"), 10, 30_000)).toEqual([]);
    const again = await store().outbox.claimDue(t("03-01T08:00:30"), 10, 30_000);
    expect(again.map((m) => [m.id, m.attempts, m.status])).toEqual([[stranded.id, 2, "sending"]]);
    expect(again[0]?.claimedUntil).toEqual(t("03-01T08:01:00"));
    // The first dispatcher's late answer belongs to a claim that is over.
    await store().outbox.markFailed({ id: stranded.id, attempts: 1 }, "late");
    await store().outbox.release({ id: stranded.id, attempts: 1 }, t("03-01T08:00:00"));
    expect(await store().outbox.get(stranded.id)).toMatchObject({ status: "sending", attempts: 2 });
    await store().outbox.markSent({ id: stranded.id, attempts: 1 }, "tg:1", t("03-01T08:00:31"));
    expect(await store().outbox.get(stranded.id)).toMatchObject({ status: "sent", providerMessageId: "tg:1" });
  });

  it("leaves a claimed row to its dispatcher: not cancelled, replanned or listed as pending", async () => {
    const t = await claimWorld(2093);
    const clientId = context.unique("client");
    const prefix = context.unique("appt");
    const claimedOne = message({ dedupeKey: `${prefix}:24h`, recipientId: clientId, clientId, dueAt: t("03-01T08:00:00") });
    const waiting = message({ dedupeKey: `${prefix}:2h`, recipientId: clientId, clientId, dueAt: t("03-01T20:00:00") });
    for (const m of [claimedOne, waiting]) await store().outbox.enqueue(m);
    const [claim] = await store().outbox.claimDue(t("03-01T08:00:00"), 10, 60_000);
    expect(claim?.id).toBe(claimedOne.id);

    await store().outbox.enqueue({ ...claimedOne, id: context.unique("msg"), dueAt: t("03-02T08:00:00") });
    expect(await store().outbox.listPendingForRecipient("client", clientId)).toEqual([await store().outbox.get(waiting.id)]);
    expect(await store().outbox.cancelPendingByPrefix(`${prefix}:`)).toBe(1);
    expect(await store().outbox.cancelPendingForClient(clientId)).toBe(0);
    expect(await store().outbox.get(claimedOne.id)).toMatchObject({ status: "sending", dueAt: t("03-01T08:00:00"), attempts: 1 });
    expect(await store().outbox.get(waiting.id)).toMatchObject({ status: "cancelled" });

    await store().outbox.markRetry({ id: claimedOne.id, attempts: 1 }, t("03-01T08:05:00"), "timeout");
    expect(await store().outbox.get(claimedOne.id)).toMatchObject({ status: "pending", claimedUntil: null, attempts: 1 });
    expect(await store().outbox.cancelPendingForClient(clientId)).toBe(1);
  });

  it("marks claimed rows sent, for retry, released, failed or cancelled", async () => {
    const t = await claimWorld(2092);
    const [sent, retried, released, failed, cancelled] = Array.from({ length: 5 }, (_, i) => message({ dueAt: t(`03-01T08:0${i}:00`) }));
    for (const row of [sent, retried, released, failed, cancelled]) await store().outbox.enqueue(row as OutboxMessage);
    const claims = await store().outbox.claimDue(t("03-01T09:00:00"), 10, 60_000);
    expect(claims).toHaveLength(5);
    const claim = (row: OutboxMessage | undefined) => ({ id: row!.id, attempts: 1 });
    const outbox = store().outbox;
    await outbox.markSent(claim(sent), "tg:4711", t("03-01T09:00:01"));
    await outbox.markRetry(claim(retried), t("03-01T09:05:00"), "transient: 502");
    await outbox.release(claim(released), t("03-01T09:00:02"));
    await outbox.markFailed(claim(failed), "unreachable");
    await outbox.markCancelled(claim(cancelled), "consent withdrawn");
    expect(await outbox.get(sent!.id)).toMatchObject({
      status: "sent",
      providerMessageId: "tg:4711",
      sentAt: t("03-01T09:00:01"),
      claimedUntil: null,
      attempts: 1,
    });
    expect(await outbox.get(retried!.id)).toMatchObject({
      status: "pending",
      dueAt: t("03-01T09:05:00"),
      lastError: "transient: 502",
      claimedUntil: null,
      attempts: 1,
    });
    expect(await outbox.get(released!.id)).toMatchObject({ status: "pending", dueAt: t("03-01T09:00:02"), claimedUntil: null, attempts: 0 });
    expect(await outbox.get(failed!.id)).toMatchObject({ status: "failed", lastError: "unreachable", claimedUntil: null });
    expect(await outbox.get(cancelled!.id)).toMatchObject({ status: "cancelled", lastError: "consent withdrawn" });
    // Only the claim itself changes a row: a late retry cannot resurrect a sent row, nor undo a newer claim.
    await outbox.markRetry(claim(sent), t("03-01T10:00:00"), "late");
    await outbox.markFailed(claim(released), "late");
    expect((await outbox.get(sent!.id))?.status).toBe("sent");
    expect((await outbox.get(released!.id))?.status).toBe("pending");
    expect((await outbox.claimDue(t("03-01T09:10:00"), 10, 60_000)).map((m) => m.id).sort()).toEqual([retried!.id, released!.id].sort());
  });

  it("never gives one row to two claimers at the same moment", async () => {
    const t = await claimWorld(2093);
    const rows = Array.from({ length: 60 }, (_, i) => message({ dueAt: t(`03-01T08:${String(i).padStart(2, "0")}:00`) }));
    for (const row of rows) await store().outbox.enqueue(row);
    const seen: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const batches = await Promise.all(Array.from({ length: 4 }, () => store().outbox.claimDue(t("03-01T09:00:00"), 7, 60_000)));
      const claimed = batches.flat();
      if (claimed.length === 0) break;
      seen.push(...claimed.map((m) => m.id));
    }
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen).size).toBe(rows.length);
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

  it("claims an update once; after a crash mid-update (no completion) a new process or an ended lease claims it again", async () => {
    const updateId = context.unique("update");
    const boot = (bootId: string) => ({ bootId, leaseMs: 30_000 });
    const t0 = at("2027-03-01T10:00:00Z");
    const claims = await Promise.all([
      store().processedUpdates.claimUpdate("telegram", updateId, t0, boot("a")),
      store().processedUpdates.claimUpdate("telegram", updateId, t0, boot("a")),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Still being handled by this process: a redelivery waits.
    expect(await store().processedUpdates.claimUpdate("telegram", updateId, at("2027-03-01T10:00:10Z"), boot("a"))).toBe(false);
    // The process died (a new boot id after the restart), or its lease ran out: handled again.
    expect(await store().processedUpdates.claimUpdate("telegram", updateId, at("2027-03-01T10:00:10Z"), boot("b"))).toBe(true);
    expect(await store().processedUpdates.claimUpdate("telegram", updateId, at("2027-03-01T10:01:00Z"), boot("b"))).toBe(true);
    await store().processedUpdates.completeUpdate("telegram", updateId);
    // Handled: never again, whoever asks.
    expect(await store().processedUpdates.claimUpdate("telegram", updateId, at("2027-03-01T10:05:00Z"), boot("c"))).toBe(false);
  });
}
