import { beforeEach, describe, expect, it } from "vitest";
import { currentConsentVersions } from "../../../src/core/consent/model.ts";
import { SendError } from "../../../src/delivery/ports.ts";
import { testCore, type TestCore } from "../../support/core-deps.ts";
import { deliveryHarness, enqueue, linkIdentity, type DeliveryHarness } from "../../support/delivery.ts";
import { seedClient, seedStaff, seedTenant } from "../../support/seed-appointments.ts";

const at = (iso: string) => new Date(iso);
const statusOf = (h: DeliveryHarness, id: string) => h.rows().find((m) => m.id === id);

describe("dispatcher", () => {
  let core: TestCore;
  let h: DeliveryHarness;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z"); // 10:00 in Berlin
    await seedTenant(core, "t1");
    await seedStaff(core, "t1", "eva", "Eva Muster");
    await seedClient(core, "amina", "Amina Haddad", { tenantId: "t1", managerId: "eva" });
    h = deliveryHarness(core);
  });

  it("sends due messages to the active chat account, rendered in the current language, and marks them sent", async () => {
    const identity = await linkIdentity(core, { clientId: "amina" });
    const due = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const later = await enqueue(core, { recipientKind: "client", recipientId: "amina", dueAt: at("2027-03-01T10:00:00Z") });
    const amina = await core.store.clients.get("amina");
    await core.store.clients.update({ ...amina!, language: "uk" }); // changed after planning
    expect(await h.tick()).toMatchObject({ claimed: 1, sent: 1 });
    expect(h.telegram.sent).toHaveLength(1);
    expect(h.telegram.sent[0]?.identityId).toBe(identity.id);
    expect(h.telegram.sent[0]?.message.text).toBe("[uk] client.appointment.reminder place=Rathaus");
    expect(statusOf(h, due.id)).toMatchObject({ status: "sent", providerMessageId: "telegram:1", attempts: 1, claimedUntil: null });
    expect(statusOf(h, due.id)?.sentAt).toEqual(core.clock.now());
    expect(statusOf(h, later.id)?.status).toBe("pending");
    expect(await h.tick()).toMatchObject({ claimed: 0 });
  });

  it("renders for managers in their chat app's language, German when unknown", async () => {
    await linkIdentity(core, { managerId: "eva" }, "teams", { locale: "en-GB" });
    await enqueue(core, { recipientKind: "manager", recipientId: "eva", messageKey: "manager.agenda" });
    await h.tick();
    expect(h.teams.sent[0]?.message.text).toBe("[en] manager.agenda place=Rathaus");
    expect(h.teams.sent[0]?.recipient).toMatchObject({ kind: "manager", timezone: "Europe/Berlin" });
  });

  it("re-checks consent at send time: withdrawn meanwhile means cancelled, never sent", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const checkIn = await enqueue(core, { recipientKind: "client", recipientId: "amina", dedupeKey: "step:s1:checkin:1" });
    // the check-in consent was never given; messaging is withdrawn after planning, without cancelling the rows
    await core.store.consents.append({
      id: "withdraw", clientId: "amina", purpose: "messaging", version: currentConsentVersions.messaging, given: false, channel: "telegram", at: core.clock.now(),
    });
    expect(await h.tick()).toMatchObject({ cancelled: 2, sent: 0 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "cancelled", lastError: "consent withdrawn" });
    expect(statusOf(h, checkIn.id)?.status).toBe("cancelled");
    expect(h.telegram.attempts).toEqual([]);
  });

  it("fails a message to a client without a chat account and tells the manager once, in the morning", async () => {
    core.clock.set("2027-03-01T21:30:00Z"); // 22:30 in Berlin
    const first = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const second = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    expect(await h.tick()).toMatchObject({ failed: 2 });
    expect(statusOf(h, first.id)).toMatchObject({ status: "failed", lastError: "unreachable: no_account" });
    expect(statusOf(h, second.id)?.status).toBe("failed");
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([
      expect.objectContaining({ kind: "unreachable", clientId: "amina", subjectId: first.id }),
    ]);
    const told = h.rows().filter((m) => m.recipientKind === "manager");
    expect(told).toEqual([
      expect.objectContaining({ recipientId: "eva", clientId: "amina", messageKey: "manager.escalation.unreachable", status: "pending" }),
    ]);
    expect(told[0]?.params).toEqual({ clientName: "Amina Haddad", reason: "no_account" });
    expect(told[0]?.dueAt).toEqual(at("2027-03-02T07:00:00Z")); // 08:00 Berlin
  });

  it("retries transient failures with exponential backoff and jitter, then fails and tells the manager", async () => {
    await linkIdentity(core, { clientId: "amina" });
    await linkIdentity(core, { managerId: "eva" });
    const randoms = [0, 1, 0.5, 0];
    h = deliveryHarness(core, { random: () => randoms.shift() ?? 0, settings: { backoff: { baseMs: 10_000, maxMs: 25_000 } } });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(...Array.from({ length: 5 }, () => new SendError("transient", "502 bad gateway")));
    const retryDelays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const before = core.clock.now().getTime();
      expect(await h.tick()).toMatchObject({ retried: 1 });
      const row = statusOf(h, message.id)!;
      expect(row).toMatchObject({ status: "pending", attempts: attempt, lastError: "transient: 502 bad gateway" });
      retryDelays.push(row.dueAt.getTime() - before);
      expect(await h.tick()).toMatchObject({ claimed: 0 }); // not before its time
      core.clock.set(row.dueAt);
    }
    // base·2^(n-1) capped at 25 s, then between half and all of it: 10 s·(0.5+0), 20 s·(0.5+0.5), 25 s·0.75, 25 s·0.5
    expect(retryDelays).toEqual([5_000, 20_000, 18_750, 12_500]);
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "failed", attempts: 5, lastError: "transient: 502 bad gateway" });
    expect((await core.store.escalations.listOpenForManager("eva")).map((e) => e.kind)).toEqual(["unreachable"]);
    core.clock.advance(1000);
    expect(await h.tick()).toMatchObject({ sent: 1 }); // the manager's message goes out at once (10:00)
    expect(h.telegram.sent.at(-1)?.message.text).toBe("[de] manager.escalation.unreachable clientName=Amina Haddad reason=failed");
  });

  it("counts an unexpected error of the sender as transient", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(new Error("ECONNRESET"));
    expect(await h.tick()).toMatchObject({ retried: 1 });
    expect(statusOf(h, message.id)?.lastError).toBe("transient: Error: ECONNRESET");
  });

  it("on 429 waits retry_after for that chat; other chats go on", async () => {
    const aminaChat = await linkIdentity(core, { clientId: "amina" });
    await seedClient(core, "omar", "Omar", { tenantId: "t1", managerId: "eva" });
    await linkIdentity(core, { clientId: "omar" });
    h = deliveryHarness(core, { limits: { telegram: { global: { perSecond: 1000 }, perChat: { perSecond: 1000 } } } });
    const first = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    core.clock.advance(1);
    const second = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const omar = await enqueue(core, { recipientKind: "client", recipientId: "omar" });
    h.telegram.failNext(SendError.rateLimited(30_000, "429 Too Many Requests: retry after 30"));
    const start = core.clock.now().getTime();
    expect(await h.tick()).toMatchObject({ retried: 1, released: 1, sent: 1 });
    expect(statusOf(h, first.id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(statusOf(h, first.id)?.dueAt.getTime()).toBe(start + 30_000);
    expect(statusOf(h, second.id)).toMatchObject({ status: "pending", attempts: 0 }); // put back, no attempt used
    expect(statusOf(h, second.id)!.dueAt.getTime()).toBeGreaterThanOrEqual(start + 30_000);
    expect(statusOf(h, omar.id)?.status).toBe("sent");
    core.clock.set(new Date(start + 30_000));
    expect(await h.tick()).toMatchObject({ sent: 2 });
    expect(h.telegram.sent.filter((s) => s.identityId === aminaChat.id)).toHaveLength(2);
  });

  it("on 403 blocked deactivates that account and tells the manager, without retrying", async () => {
    const identity = await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(new SendError("blocked", "403 Forbidden: bot was blocked by the user"));
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(await core.store.identities.get(identity.id)).toMatchObject({ active: false, deactivatedAt: core.clock.now() });
    expect((await core.store.escalations.listOpenForManager("eva")).map((e) => e.kind)).toEqual(["unreachable"]);
    expect(h.rows().find((m) => m.recipientKind === "manager")?.params).toMatchObject({ reason: "blocked" });
    expect(h.telegram.attempts).toHaveLength(1);
  });

  it("after a block tries the client's other chat account", async () => {
    await linkIdentity(core, { clientId: "amina" }, "teams");
    await linkIdentity(core, { clientId: "amina" }, "telegram"); // newer: tried first
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(new SendError("blocked", "403"));
    expect(await h.tick()).toMatchObject({ retried: 1 });
    expect(await h.tick()).toMatchObject({ sent: 1 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(h.teams.sent).toHaveLength(1);
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([]);
  });

  it("fails a permanently rejected message without retrying or escalating", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(new SendError("permanent", "400 Bad Request: can't parse entities"));
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "failed", lastError: "permanent: 400 Bad Request: can't parse entities" });
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([]);
  });

  it("fails a message to a manager without a chat account quietly (no escalation about a manager)", async () => {
    const message = await enqueue(core, { recipientKind: "manager", recipientId: "eva" });
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, message.id)?.lastError).toBe("unreachable: no_account");
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([]);
  });

  it("keeps Telegram's 1 message per second per chat", async () => {
    await linkIdentity(core, { clientId: "amina" });
    for (let i = 0; i < 3; i += 1) await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const start = core.clock.now().getTime();
    expect(await h.tick()).toMatchObject({ sent: 3 });
    expect(h.telegram.sent.map((s) => s.at.getTime() - start)).toEqual([0, 1000, 2000]);
  });

  it("puts a message back when its chat's next slot is further off than the wait limit", async () => {
    await linkIdentity(core, { clientId: "amina" });
    h = deliveryHarness(core, { settings: { maxWaitMs: 1500, concurrency: 4 } });
    const rows = [];
    for (let i = 0; i < 4; i += 1) rows.push(await enqueue(core, { recipientKind: "client", recipientId: "amina" }));
    const start = core.clock.now().getTime();
    // four at once to one chat: slots at 0 s and 1 s are taken; 2 s is beyond the wait limit, so the others go back
    expect(await h.tick()).toMatchObject({ sent: 2, released: 2 });
    const released = rows.map((r) => statusOf(h, r.id)!).filter((r) => r.status === "pending");
    expect(released.map((r) => [r.attempts, r.dueAt.getTime() - start])).toEqual([
      [0, 2000],
      [0, 2000],
    ]);
    core.clock.set(new Date(start + 2000));
    expect(await h.tick()).toMatchObject({ sent: 2 });
    expect(h.telegram.sent.map((s) => s.at.getTime() - start)).toEqual([0, 1000, 2000, 3000]);
  });

  it("keeps Telegram's global 30 messages per second over many chats, also with concurrent sends", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 4, batchSize: 25 } });
    for (let i = 0; i < 90; i += 1) {
      await seedClient(core, `c${i}`, `Client ${i}`, { tenantId: "t1", managerId: "eva" });
      await linkIdentity(core, { clientId: `c${i}` });
      await enqueue(core, { recipientKind: "client", recipientId: `c${i}` });
    }
    expect(await h.tick()).toMatchObject({ claimed: 90, sent: 90 });
    const times = h.telegram.sent.map((s) => s.at.getTime()).sort((a, b) => a - b);
    for (const [index, time] of times.entries()) {
      const inWindow = times.slice(index).filter((t) => t < time + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(30);
    }
  });

  it("stops when asked: claimed rows not yet sent go back to the queue without using an attempt", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const rows = [];
    for (let i = 0; i < 3; i += 1) rows.push(await enqueue(core, { recipientKind: "client", recipientId: "amina" }));
    const controller = new AbortController();
    h.deps.sleep = async (ms) => {
      core.clock.advance(ms);
      controller.abort();
    };
    expect(await h.tick({ signal: controller.signal })).toMatchObject({ claimed: 3, sent: 1, released: 2 });
    expect(rows.map((r) => statusOf(h, r.id)?.status)).toEqual(["sent", "pending", "pending"]);
    expect(rows.map((r) => statusOf(h, r.id)?.attempts)).toEqual([1, 0, 0]);
  });

  it("does not send a row whose lease is about to end (another dispatcher may claim it)", async () => {
    await linkIdentity(core, { clientId: "amina" });
    h = deliveryHarness(core, { settings: { leaseMs: 4000, leaseMarginMs: 1500, maxWaitMs: 10_000 } });
    const rows = [];
    for (let i = 0; i < 4; i += 1) rows.push(await enqueue(core, { recipientKind: "client", recipientId: "amina" }));
    expect(await h.tick()).toMatchObject({ sent: 3, released: 1 }); // at 0, 1, 2 s; the 4th would go at 3 s, lease ends at 4 s
    expect(rows.map((r) => statusOf(h, r.id)?.status)).toEqual(["sent", "sent", "sent", "pending"]);
  });

  it("leaves a row claimed when the store fails mid-way; it returns after its lease", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    const markSent = core.store.outbox.markSent;
    core.store.outbox.markSent = async () => {
      throw new Error("database is locked");
    };
    h = deliveryHarness(core, { settings: { leaseMs: 30_000 } });
    expect(await h.tick()).toMatchObject({ errors: 1 });
    core.store.outbox.markSent = markSent;
    expect(statusOf(h, message.id)?.status).toBe("sending");
    core.clock.advance(30_000);
    expect(await h.tick()).toMatchObject({ sent: 1 });
    expect(h.telegram.sent).toHaveLength(2); // the crash-between-send-and-mark case: repeated once, never lost
  });
});
