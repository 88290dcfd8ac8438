import type { SendEvent } from "../../../src/delivery/dispatcher.ts";
import { beforeEach, describe, expect, it } from "vitest";
import { currentConsentVersions } from "../../../src/core/consent/model.ts";
import { SendError } from "../../../src/delivery/ports.ts";
import { LATE_WAKE_CREDIT_MS, RATE_SAFETY_MARGIN } from "../../../src/delivery/rate-limiter.ts";
import { stubRenderer } from "../../../src/delivery/stub-renderer.ts";
import { testCore, type TestCore } from "../../support/core-deps.ts";
import { deliveryHarness, enqueue, linkIdentity, virtualSleep, type DeliveryHarness } from "../../support/delivery.ts";
import { seedClient, seedStaff, seedTenant } from "../../support/seed-appointments.ts";

const at = (iso: string) => new Date(iso);
const statusOf = (h: DeliveryHarness, id: string) => h.rows().find((m) => m.id === id);

/** Telegram's default 30/s less the limiter's safety margin: the spacing of bot-wide send slots (34.0 ms). */
const botWideInterval = 1000 / (30 * (1 - RATE_SAFETY_MARGIN));

/** The most of `times` (sorted, ms) in any window [t, t + 1000 ms): strict, no tolerance. */
function peakPerSecond(times: number[]): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] as number) - (times[first] as number) >= 1000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] as number));

/** `count` clients, each with a Telegram account and one message due now. */
async function manyChats(core: TestCore, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await seedClient(core, `c${i}`, `Client ${i}`, { tenantId: "t1", managerId: "eva" });
    await linkIdentity(core, { clientId: `c${i}` });
    await enqueue(core, { recipientKind: "client", recipientId: `c${i}` });
  }
}

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
      id: "withdraw",
      clientId: "amina",
      purpose: "messaging",
      version: currentConsentVersions.messaging,
      given: false,
      channel: "telegram",
      at: core.clock.now(),
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
    expect(told).toEqual([expect.objectContaining({ recipientId: "eva", clientId: "amina", messageKey: "manager.escalation.unreachable", status: "pending" })]);
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

  it("tells its observer each send's outcome by channel: sent, a 429, a transient retry, blocked", async () => {
    const events: SendEvent[] = [];
    h.deps.observe = (event) => events.push(event);
    await seedClient(core, "omar", "Omar", { tenantId: "t1", managerId: "eva" });
    await linkIdentity(core, { clientId: "amina" });
    await linkIdentity(core, { clientId: "omar" }, "teams");
    await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    await enqueue(core, { recipientKind: "client", recipientId: "omar" });
    h.telegram.failNext(SendError.rateLimited(5000, "429"));
    h.teams.failNext(new SendError("transient", "500"));
    await h.tick();
    expect(events).toEqual(
      expect.arrayContaining([
        { channel: "telegram", outcome: "rate_limited" },
        { channel: "teams", outcome: "retried" },
      ]),
    );
    core.clock.advance(60_000);
    h.telegram.failNext(new SendError("blocked", "403"));
    await h.tick();
    expect(events).toEqual(
      expect.arrayContaining([
        { channel: "telegram", outcome: "blocked" },
        { channel: "teams", outcome: "sent" },
      ]),
    );
  });

  it("fails a permanently rejected message without retrying or escalating", async () => {
    await linkIdentity(core, { clientId: "amina" });
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina" });
    h.telegram.failNext(new SendError("permanent", "400 Bad Request: can't parse entities"));
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, message.id)).toMatchObject({ status: "failed", lastError: "permanent: 400 Bad Request: can't parse entities" });
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([]);
  });

  it("a manager who blocked the bot: the account is switched off and a supervisor (before colleagues) is told once a day", async () => {
    await seedStaff(core, "t1", "ben", "Ben Kollege");
    await seedStaff(core, "t1", "sara", "Sara Aufsicht", "supervisor");
    await linkIdentity(core, { managerId: "sara" });
    const identity = await linkIdentity(core, { managerId: "eva" });
    const first = await enqueue(core, { recipientKind: "manager", recipientId: "eva", messageKey: "manager.agenda" });
    h.telegram.failNext(new SendError("blocked", "403 Forbidden: bot was blocked by the user"));
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(statusOf(h, first.id)).toMatchObject({ status: "failed" });
    expect(await core.store.identities.get(identity.id)).toMatchObject({ active: false });
    const told = h.rows().filter((m) => m.messageKey === "manager.escalation.manager_unreachable");
    expect(told).toEqual([expect.objectContaining({ recipientId: "sara", params: { managerName: "Eva Muster", reason: "blocked" }, status: "pending" })]);
    expect(await h.tick()).toMatchObject({ sent: 1 });
    expect(h.telegram.sent.at(-1)?.message.text).toBe("[de] manager.escalation.manager_unreachable managerName=Eva Muster reason=blocked");

    // The next failure the same day tells nobody again.
    await enqueue(core, { recipientKind: "manager", recipientId: "eva", messageKey: "manager.agenda" });
    expect(await h.tick()).toMatchObject({ failed: 1 });
    expect(h.rows().filter((m) => m.messageKey === "manager.escalation.manager_unreachable")).toHaveLength(1);
  });

  it("fails a message to a manager without a chat account; nobody else in the tenant, nobody to tell", async () => {
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
    // 1/s less the limiter's safety margin (2 %): 1,020.4 ms apart, on whole milliseconds
    expect(h.telegram.sent.map((s) => s.at.getTime() - start)).toEqual([0, 1021, 2041]);
  });

  it("puts a message back when its chat's next slot is further off than the wait limit", async () => {
    await linkIdentity(core, { clientId: "amina" });
    h = deliveryHarness(core, { settings: { maxWaitMs: 1500, concurrency: 4 } });
    const rows = [];
    for (let i = 0; i < 4; i += 1) rows.push(await enqueue(core, { recipientKind: "client", recipientId: "amina" }));
    const start = core.clock.now().getTime();
    // four at once to one chat: turns at 0 s and 1 s are taken; 2 s is beyond the wait limit, so the others go back
    expect(await h.tick()).toMatchObject({ sent: 2, released: 2 });
    const released = rows.map((r) => statusOf(h, r.id)!).filter((r) => r.status === "pending");
    expect(released.map((r) => [r.attempts, r.dueAt.getTime() - start])).toEqual([
      [0, 2041],
      [0, 2041],
    ]);
    core.clock.set(new Date(start + 2041));
    expect(await h.tick()).toMatchObject({ sent: 2 });
    expect(h.telegram.sent.map((s) => s.at.getTime() - start)).toEqual([0, 1021, 2041, 3062]);
  });

  it("keeps Telegram's global 30 messages per second over many chats, also with concurrent sends", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 4, batchSize: 25 } });
    await manyChats(core, 90);
    expect(await h.tick()).toMatchObject({ claimed: 90, sent: 90 });
    const times = h.telegram.sent.map((s) => s.at.getTime()).sort((a, b) => a - b);
    expect(peakPerSecond(times)).toBeLessThanOrEqual(30);
    // evenly spaced at the rate less the margin, batch boundaries included: 89 intervals of 34.0 ms (the first one
    // shorter by the forgiven lateness, as the bucket was idle)
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(89 * botWideInterval - LATE_WAKE_CREDIT_MS);
    expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(89 * botWideInterval + 1);
  });

  it("lets other chats go on while messages to busy chats wait for their turn, even more of them than workers", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 2 } });
    const start = core.clock.now().getTime();
    const busy: string[] = [];
    for (const name of ["busy1", "busy2"]) {
      await seedClient(core, name, name, { tenantId: "t1", managerId: "eva" });
      busy.push((await linkIdentity(core, { clientId: name })).id);
    }
    // first in the queue: three messages to each busy chat (four of them must wait for their chat's turn)
    let due = start - 1000;
    for (const name of ["busy1", "busy2"])
      for (let i = 0; i < 3; i += 1) await enqueue(core, { recipientKind: "client", recipientId: name, dueAt: new Date((due += 1)) });
    await manyChats(core, 20);
    expect(await h.tick()).toMatchObject({ claimed: 26, sent: 26 });
    const sendsTo = (ids: string[]) => h.telegram.sent.filter((s) => ids.includes(s.identityId)).map((s) => s.at.getTime() - start);
    const others = sendsTo(h.telegram.sent.map((s) => s.identityId).filter((id) => !busy.includes(id)));
    expect(others).toHaveLength(20);
    // 22 bot-wide slots of 34 ms: the other chats do not wait for the busy chats' turns at 1 s and 2 s
    expect(Math.max(...others)).toBeLessThan(800);
    for (const id of busy) expect(gaps(sendsTo([id])).every((gap) => gap >= 1000)).toBe(true);
  });

  it("never lets a late-waking sleep or a slow render put sends closer than the limiter allows", async () => {
    // every sleep ends up to 40 ms late, and rendering takes 15 ms (plus lateness): the old design reserved a slot,
    // slept, rendered and sent, so a late send followed by a punctual one came closer than 1/rate
    let seed = 7;
    const lateness = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 41;
    const sleep = virtualSleep(core.clock);
    h = deliveryHarness(core, { settings: { concurrency: 4, batchSize: 25 } });
    h.deps.sleep = (ms) => sleep(ms + lateness());
    h.deps.renderer = {
      async render(message, recipient) {
        await h.deps.sleep(15);
        return stubRenderer.render(message, recipient);
      },
    };
    await manyChats(core, 120);
    expect(await h.tick()).toMatchObject({ claimed: 120, sent: 120 });
    const times = h.telegram.sent.map((s) => s.at.getTime()).sort((a, b) => a - b);
    expect(peakPerSecond(times)).toBeLessThanOrEqual(30);
    // a send at most LATE_WAKE_CREDIT_MS late keeps the schedule, so a pair may come that much closer, never more
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(Math.floor(botWideInterval - LATE_WAKE_CREDIT_MS));
  });

  it("claims the next batch while the current one is still being sent: no idle gap between batches", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 4, batchSize: 25 } });
    await manyChats(core, 90);
    // a claim takes 200 ms; it must overlap the sending, not follow it
    const claimDue = core.store.outbox.claimDue;
    const claims: { sentBefore: number; claimedUnfinished: number }[] = [];
    core.store.outbox.claimDue = async (...args) => {
      claims.push({ sentBefore: h.telegram.sent.length, claimedUnfinished: h.rows().filter((r) => r.status === "sending").length });
      await h.deps.sleep(200);
      return claimDue(...args);
    };
    const start = core.clock.now().getTime();
    expect(await h.tick()).toMatchObject({ claimed: 90, sent: 90 });
    expect(claims).toHaveLength(4); // 25, 25, 25, then 15: a short batch ends the tick
    expect((await h.tick()).more).toBe(false);
    // each following claim starts while the batch before is still being sent (the old loop: sentBefore 25, 50, 75),
    // and never more than one batch is claimed ahead
    for (const [k, claim] of claims.entries()) {
      if (k > 0) expect(claim.sentBefore, `claim ${k}`).toBeGreaterThan(25 * (k - 1));
      if (k > 0) expect(claim.sentBefore, `claim ${k}`).toBeLessThan(25 * k);
      expect(claim.claimedUnfinished).toBeLessThan(25);
    }
    // only the first claim delays a send; after it the bot-wide slots are used without a gap
    const times = h.telegram.sent.map((s) => s.at.getTime());
    expect(times[0]! - start).toBe(200);
    expect(Math.max(...gaps(times))).toBeLessThanOrEqual(Math.ceil(botWideInterval));
  });

  it("never claims more than one batch ahead, rows waiting for their chat's turn included", async () => {
    // sends are slow (2/s bot-wide) and every chat has four messages in a row: most rows wait for their chat's turn
    h = deliveryHarness(core, { settings: { concurrency: 1, batchSize: 10 }, limits: { telegram: { global: { perSecond: 2 }, perChat: { perSecond: 1 } } } });
    let due = core.clock.now().getTime() - 1000;
    for (let c = 0; c < 10; c += 1) {
      await seedClient(core, `c${c}`, `Client ${c}`, { tenantId: "t1", managerId: "eva" });
      await linkIdentity(core, { clientId: `c${c}` });
      for (let i = 0; i < 4; i += 1) await enqueue(core, { recipientKind: "client", recipientId: `c${c}`, dueAt: new Date((due += 1)) });
    }
    const claimDue = core.store.outbox.claimDue;
    const claimedUnfinished: number[] = [];
    core.store.outbox.claimDue = async (...args) => {
      claimedUnfinished.push(h.rows().filter((r) => r.status === "sending").length);
      return claimDue(...args);
    };
    const report = await h.tick();
    expect(report.sent).toBeGreaterThan(0);
    expect(report.sent + report.released).toBe(report.claimed);
    // at each claim at most half a batch (waiting or queued) plus the one in the worker's hands
    expect(claimedUnfinished.length).toBeGreaterThan(2);
    for (const count of claimedUnfinished) expect(count).toBeLessThanOrEqual(5 + 1);
  });

  it("stops claiming after maxTickMs; what it claimed is still sent, the rest waits for the next tick", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 2, batchSize: 4, maxTickMs: 300 } });
    await manyChats(core, 30);
    const report = await h.tick();
    expect(report.claimed).toBeLessThan(30);
    expect(report).toMatchObject({ sent: report.claimed, released: 0, more: true }); // more is due: the caller ticks again
    const rows = h.rows().filter((r) => r.recipientKind === "client");
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(report.claimed);
    expect(rows.filter((r) => r.status === "pending").every((r) => r.attempts === 0)).toBe(true);
    // the last claim started before 300 ms, the last send came after it
    expect(h.telegram.sent.at(-1)!.at.getTime() - h.telegram.sent[0]!.at.getTime()).toBeGreaterThanOrEqual(300);
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

  it("when aborted puts back every claimed row not yet sent, those of a claim still in flight included", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 2, batchSize: 4 } });
    await manyChats(core, 12);
    const controller = new AbortController();
    const claimDue = core.store.outbox.claimDue;
    let claims = 0;
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    core.store.outbox.claimDue = async (...args) => {
      claims += 1;
      if (claims === 2) await gate; // the prefetch of the second batch is still running when the abort comes
      return claimDue(...args);
    };
    const send = h.telegram.send.bind(h.telegram);
    h.telegram.send = async (recipient, message) => {
      const sent = await send(recipient, message);
      if (h.telegram.sent.length === 2) {
        controller.abort();
        openGate();
      }
      return sent;
    };
    expect(await h.tick({ signal: controller.signal })).toMatchObject({ claimed: 8, sent: 2, released: 6, errors: 0 });
    expect(claims).toBe(2); // nothing claimed after the abort
    const rows = h.rows().filter((r) => r.recipientKind === "client");
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(2);
    // the six claimed and the four never claimed: all back in the queue, no attempt used, no lease left
    expect(rows.filter((r) => r.status === "pending").map((r) => [r.attempts, r.claimedUntil])).toEqual(Array.from({ length: 10 }, () => [0, null]));
  });

  it("finishes what it claimed when a claim fails, then reports the failure", async () => {
    h = deliveryHarness(core, { settings: { concurrency: 2, batchSize: 4 } });
    await manyChats(core, 12);
    const claimDue = core.store.outbox.claimDue;
    let claims = 0;
    core.store.outbox.claimDue = async (...args) => {
      claims += 1;
      if (claims === 2) throw new Error("database is locked");
      return claimDue(...args);
    };
    await expect(h.tick()).rejects.toThrow("database is locked");
    expect(claims).toBe(2);
    expect(h.telegram.sent).toHaveLength(4); // the first batch was sent and marked, none left claimed
    expect(h.rows().filter((r) => r.status === "sending")).toEqual([]);
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
