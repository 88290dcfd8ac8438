import { expect } from "vitest";
import type { CoreDeps } from "../../../../src/core/deps.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import type { Store } from "../../../../src/core/ports/store.ts";
import { applyRetention } from "../../../../src/core/privacy/apply-retention.ts";
import { erasedName } from "../../../../src/core/privacy/model.ts";
import { requestErasure } from "../../../../src/core/privacy/request-erasure.ts";
import type { FakeClock } from "../../../support/fake-clock.ts";
import { clientActor, seedClient, seedWorld } from "../../../support/seed.ts";

const dayMs = 86_400_000;

/**
 * The retention job on any store (memory, SQLite, PostgreSQL): "now" is 2027-06-01, retention 1,095 days.
 * - a case closed 1,100 days ago is anonymised; one closed 1,000 days ago and an open one stay;
 * - an erasure requested 31 days ago is carried out; one requested 10 days ago is not;
 * - expired invites and dialog states, and processed-update records older than a week, are deleted;
 * - outbox rows done (sent, failed, cancelled) for more than 90 days are deleted; newer ones, a cancelled one due
 *   later, and a pending one however old stay;
 * - messages between client and manager older than 30 days, and drafts older than a day, are deleted; the outbox
 *   rows that carried them, a day after they went.
 */
export async function retentionScenario(deps: CoreDeps, store: Store, clock: FakeClock): Promise<void> {
  const world = await seedWorld(store);
  const now = clock.now();
  const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs);
  const longClosed = await seedClient(store, world.tenantId, { managerId: world.manager.id, name: "Lange Geschlossen" });
  await store.clients.update({ ...longClosed, status: "closed", closedAt: daysAgo(1100) });
  const recentlyClosed = await seedClient(store, world.tenantId, { managerId: world.manager.id, name: "Kürzlich Geschlossen" });
  await store.clients.update({ ...recentlyClosed, status: "closed", closedAt: daysAgo(1000) });
  const askedLongAgo = await seedClient(store, world.tenantId, { managerId: world.manager.id, name: "Frühe Anfrage" });
  const askedRecently = await seedClient(store, world.tenantId, { managerId: world.manager.id, name: "Späte Anfrage" });
  clock.set(daysAgo(31));
  await requestErasure(deps, clientActor(askedLongAgo), { clientId: askedLongAgo.id });
  clock.set(daysAgo(10));
  await requestErasure(deps, clientActor(askedRecently), { clientId: askedRecently.id });
  clock.set(now);

  const invite = (id: string, expiresAt: Date) =>
    store.invites.create({
      id,
      codeHash: `hash-${id}`,
      purpose: "link_client",
      tenantId: world.tenantId,
      managerId: null,
      clientId: null,
      expiresAt,
      usedAt: null,
      createdAt: daysAgo(8),
    });
  await invite("inv-expired", daysAgo(1));
  await invite("inv-valid", new Date(now.getTime() + dayMs));
  await store.dialogs.put("telegram:1", { step: "old" }, daysAgo(1));
  await store.dialogs.put("telegram:2", { step: "current" }, new Date(now.getTime() + 3_600_000));
  await store.processedUpdates.markProcessed("telegram", "1", daysAgo(8));
  await store.processedUpdates.markProcessed("telegram", "2", daysAgo(1));

  const message = (id: string, status: OutboxMessage["status"], times: { created: number; due: number; sent?: number }): OutboxMessage => ({
    id,
    dedupeKey: `retention:${id}`,
    tenantId: world.tenantId,
    recipientKind: "client",
    recipientId: world.client.id,
    clientId: world.client.id,
    messageKey: "appointment.reminder",
    params: { place: "Rathaus" },
    actions: [],
    dueAt: daysAgo(times.due),
    status,
    attempts: status === "pending" ? 0 : 1,
    claimedUntil: null,
    providerMessageId: times.sent === undefined ? null : `tg:${id}`,
    lastError: null,
    createdAt: daysAgo(times.created),
    sentAt: times.sent === undefined ? null : daysAgo(times.sent),
  });
  const messages = [
    message("msg-sent-long-ago", "sent", { created: 100, due: 95, sent: 95 }),
    message("msg-failed-long-ago", "failed", { created: 120, due: 119 }),
    message("msg-sent-lately", "sent", { created: 100, due: 89, sent: 89 }),
    message("msg-cancelled-due-later", "cancelled", { created: 100, due: -5 }),
    message("msg-pending-long-ago", "pending", { created: 200, due: 200 }),
    // A manager's answer carries its text: deleted a day after it went, not after 90 days.
    { ...message("msg-answer-sent", "sent", { created: 2, due: 2, sent: 2 }), dedupeKey: "conv:c1:to_client" },
    { ...message("msg-answer-sent-lately", "sent", { created: 0.5, due: 0.5, sent: 0.5 }), dedupeKey: "conv:c2:to_client" },
  ];
  for (const m of messages) await store.outbox.enqueue(m);

  // Messages between client and manager: kept 30 days; a draft the client never confirmed, a day.
  const conversation = (id: string, status: "draft" | "open", createdDaysAgo: number) =>
    store.conversations.create({
      id,
      tenantId: world.tenantId,
      clientId: world.client.id,
      managerId: world.manager.id,
      direction: "from_client",
      status,
      text: "Bitte helfen Sie mir mit dem Brief",
      phraseCode: null,
      file: null,
      replyToId: null,
      createdAt: daysAgo(createdDaysAgo),
      passedAt: status === "open" ? daysAgo(createdDaysAgo) : null,
      closedAt: null,
    });
  await conversation("conv-old", "open", 31);
  await conversation("conv-recent", "open", 29);
  await conversation("conv-old-draft", "draft", 2);
  await conversation("conv-fresh-draft", "draft", 0.5);

  const result = await applyRetention(deps, { retentionDays: 1095 });
  expect(result).toEqual({
    anonymisedClosedCases: 1,
    erasedOnRequest: 1,
    failed: 0,
    deletedInvites: 1,
    deletedDialogStates: 1,
    deletedProcessedUpdates: 1,
    deletedMessages: 3,
    deletedConversationMessages: 2,
  });
  expect((await store.conversations.listForClient(world.client.id)).map((m) => m.id)).toEqual(["conv-recent", "conv-fresh-draft"]);
  const kept = await Promise.all(messages.map(async (m) => [m.id, (await store.outbox.get(m.id))?.status ?? "deleted"]));
  expect(kept).toEqual([
    ["msg-sent-long-ago", "deleted"],
    ["msg-failed-long-ago", "deleted"],
    ["msg-sent-lately", "sent"],
    ["msg-cancelled-due-later", "cancelled"],
    ["msg-pending-long-ago", "pending"],
    ["msg-answer-sent", "deleted"],
    ["msg-answer-sent-lately", "sent"],
  ]);
  const nameOf = async (id: string) => (await store.clients.get(id))?.name;
  expect(await nameOf(longClosed.id)).toBe(erasedName);
  expect(await nameOf(askedLongAgo.id)).toBe(erasedName);
  expect(await nameOf(recentlyClosed.id)).toBe("Kürzlich Geschlossen");
  expect(await nameOf(askedRecently.id)).toBe("Späte Anfrage");
  expect(await nameOf(world.client.id)).toBe(world.client.name);
  expect(await store.dialogs.get("telegram:2", now)).toEqual({ step: "current" });
  expect(await store.processedUpdates.markProcessed("telegram", "2", now)).toBe(false);
  expect(await store.processedUpdates.markProcessed("telegram", "1", now)).toBe(true);

  // The audit keeps who erased whom (ids only); the erased client's trail is still there.
  const trail = await store.audit.listForClient(longClosed.id);
  expect(trail.map((e) => [e.actorKind, e.action, e.subjectId])).toContainEqual(["system", "privacy.erase", longClosed.id]);
  expect(JSON.stringify(trail)).not.toContain("Lange Geschlossen");

  // A second run finds nothing more to do.
  expect(await applyRetention(deps, { retentionDays: 1095 })).toMatchObject({
    anonymisedClosedCases: 0,
    erasedOnRequest: 0,
    deletedInvites: 0,
    deletedMessages: 0,
  });
}
