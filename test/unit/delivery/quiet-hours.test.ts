import { describe, expect, it } from "vitest";
import { LATER_REPLY_KEY } from "../../../src/core/chat/queue-unsent-reply.ts";
import { checkInMessageKey } from "../../../src/core/plans/check-in-keys.ts";
import { conversationDedupePrefix } from "../../../src/core/conversations/model.ts";
import { erasureObjectedMessageKey } from "../../../src/core/privacy/object-to-erasure.ts";
import { matchNoticeKeys } from "../../../src/core/volunteers/match-volunteer.ts";
import { reminderMessageKey } from "../../../src/core/reminders/appointment-reminders.ts";
import { reminderSettingsKey } from "../../../src/core/reminders/recipient-zone.ts";
import { testCore } from "../../support/core-deps.ts";
import { deliveryHarness, enqueue, linkIdentity } from "../../support/delivery.ts";
import { seedClient, seedStaff, seedTenant } from "../../support/seed-appointments.ts";

/**
 * Every kind of message to a client, planned for right now, at three local times in Berlin (CET in January):
 * inside the tenant's quiet hours (21:00-08:00) it waits for their end; at 08:00 it goes. The client's own quiet
 * hours override the tenant's.
 */
const clientKinds = [
  "client.appointment.created",
  "client.appointment.moved",
  "client.appointment.cancelled",
  reminderMessageKey,
  checkInMessageKey,
  "client.handover.introduction",
  "offers.referred",
  "offers.shared",
  "offers.followup.question",
  ...Object.values(matchNoticeKeys),
  "consent.data_health.v1",
  erasureObjectedMessageKey,
  "client.conversation.from_manager",
  "client.conversation.from_manager_phrase",
];

/** A manager's answer is planned under its own prefix (its consent is `manager_messages`, src/core/reminders/send-checks.ts). */
const dedupeKeyOf = (kind: string) => (kind.startsWith("client.conversation.") ? `${conversationDedupePrefix}${kind}:to_client` : `${kind}:1`);

/** Local Berlin times (CET, UTC+1) on 2027-01-20 and the next day's 08:00. */
const localTimes = [
  ["23:30", "2027-01-20T22:30:00Z", "2027-01-21T07:00:00.000Z"],
  ["07:59", "2027-01-20T06:59:00Z", "2027-01-20T07:00:00.000Z"],
  ["08:00", "2027-01-20T07:00:00Z", null],
] as const;

async function world(now: string, clientQuiet: string | null = null) {
  const core = testCore(now);
  await seedTenant(core, "t1");
  await seedStaff(core, "t1", "eva", "Eva Muster");
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: "t1", managerId: "eva" });
  if (clientQuiet) await core.store.clients.update({ ...amina, quietHours: clientQuiet });
  await core.store.consents.append({
    id: "consent-amina-mm",
    clientId: "amina",
    purpose: "manager_messages",
    version: 1,
    given: true,
    channel: "telegram",
    at: core.clock.now(),
  });
  await linkIdentity(core, { clientId: "amina" });
  await linkIdentity(core, { managerId: "eva" });
  return { core, h: deliveryHarness(core) };
}

describe("quiet hours for every message to a client (the dispatcher holds what falls inside them)", () => {
  const table = clientKinds.flatMap((kind) => localTimes.map(([local, now, until]) => [kind, local, now, until] as const));

  it.each(table)("%s at %s", async (kind, _local, now, until) => {
    const { core, h } = await world(now);
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina", messageKey: kind, dedupeKey: dedupeKeyOf(kind) });
    await h.tick();
    const row = h.rows().find((m) => m.id === message.id);
    if (until === null) {
      expect(row?.status).toBe("sent");
    } else {
      expect(h.telegram.attempts).toEqual([]);
      expect(row).toMatchObject({ status: "pending", attempts: 0 });
      expect(row?.dueAt.toISOString()).toBe(until);
      core.clock.set(until);
      await h.tick();
      expect(h.rows().find((m) => m.id === message.id)?.status).toBe("sent");
    }
  });

  it.each([
    ["07:59 with own quiet hours 22:00-07:00: goes", "2027-01-20T06:59:00Z", "22:00-07:00", null],
    ["21:30 with own quiet hours 22:00-07:00: goes (the tenant's would hold it)", "2027-01-20T20:30:00Z", "22:00-07:00", null],
    ["23:30 with own quiet hours off: goes", "2027-01-20T22:30:00Z", "off", null],
    ["08:30 with own quiet hours 20:00-09:00: waits until 09:00", "2027-01-20T07:30:00Z", "20:00-09:00", "2027-01-20T08:00:00.000Z"],
  ] as const)("a client's own quiet hours override the tenant's: %s", async (_label, now, quiet, until) => {
    const { core, h } = await world(now, quiet);
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina", messageKey: "client.appointment.created" });
    await h.tick();
    const row = h.rows().find((m) => m.id === message.id);
    if (until === null) expect(row?.status).toBe("sent");
    else expect(row).toMatchObject({ status: "pending", dueAt: new Date(until) });
  });

  it("a late reply to the client's own tap goes at once, also at night (they are waiting for it)", async () => {
    const { core, h } = await world("2027-01-20T22:30:00Z");
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina", messageKey: LATER_REPLY_KEY });
    await h.tick();
    expect(h.rows().find((m) => m.id === message.id)?.status).toBe("sent");
  });

  it("the tenant's quiet hours apply when the client has none of their own (lotse tenant reminders)", async () => {
    const { core, h } = await world("2027-01-20T20:30:00Z"); // 21:30
    await core.store.settings.set(reminderSettingsKey("t1"), JSON.stringify({ quietHours: { start: "22:00", end: "07:00" } }));
    const message = await enqueue(core, { recipientKind: "client", recipientId: "amina", messageKey: "client.appointment.created" });
    await h.tick();
    expect(h.rows().find((m) => m.id === message.id)?.status).toBe("sent");
  });
});

describe("quiet hours for messages to staff", () => {
  it("a message to a manager at 23:30 waits until the tenant's quiet hours end; a manager's own quiet hours count", async () => {
    const { core, h } = await world("2027-01-20T22:30:00Z");
    const night = await enqueue(core, { recipientKind: "manager", recipientId: "eva", messageKey: "manager.escalation.need_help", dedupeKey: "n:1" });
    await h.tick();
    expect(h.rows().find((m) => m.id === night.id)).toMatchObject({ status: "pending", dueAt: new Date("2027-01-21T07:00:00.000Z") });
    await core.store.managers.setWorkingTimes("eva", { quietHours: "00:00-06:00", workDays: null });
    core.clock.set("2027-01-21T05:30:00Z"); // 06:30: after Eva's own quiet hours, inside the tenant's
    const early = await enqueue(core, { recipientKind: "manager", recipientId: "eva", messageKey: "manager.escalation.need_help", dedupeKey: "n:2" });
    await h.tick();
    expect(h.rows().find((m) => m.id === early.id)?.status).toBe("sent");
  });
});
