import { describe, expect, it } from "vitest";
import { consentOverview } from "../../../../src/core/consent/consent-overview.ts";
import { declineConsent } from "../../../../src/core/consent/decline-consent.ts";
import { giveConsent } from "../../../../src/core/consent/give-consent.ts";
import { withdrawConsent } from "../../../../src/core/consent/withdraw-consent.ts";
import { outboxContent } from "../../../../src/core/outbox/message-kinds.ts";
import { planClientMessage } from "../../../../src/core/outbox/plan-message.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, seedClient, seedWorld, staffActor } from "../../../support/seed.ts";

const reminder = (clientId: string, key: string) => ({
  dedupeKey: key,
  tenantId: null,
  recipientId: clientId,
  ...outboxContent("client.appointment.reminder", { startsAt: "2027-03-05T09:00:00.000Z", durationMin: 60, place: "Rathaus", managerName: "Eva" }),
  actions: [],
  dueAt: new Date("2027-03-05T08:00:00Z"),
});

describe("consent", () => {
  it("without consent nothing is planned for a client; after consent it is", async () => {
    const { deps, store } = testCore();
    const { tenantId, manager } = await seedWorld(store);
    const client = await seedClient(store, tenantId, { managerId: manager.id });
    expect(await planClientMessage(deps, store, reminder(client.id, "appt:a:1"))).toBe(false);
    await giveConsent(deps, clientActor(client), { clientId: client.id, purposes: ["messaging"], channel: "telegram" });
    expect(await planClientMessage(deps, store, reminder(client.id, "appt:a:1"))).toBe(true);
    expect(await store.outbox.listPendingForRecipient("client", client.id)).toHaveLength(1);
  });

  it("withdrawing messaging stops every pending message to the client at once", async () => {
    const { deps, store } = testCore();
    const { client } = await seedWorld(store);
    await planClientMessage(deps, store, reminder(client.id, "appt:a:24h"));
    await planClientMessage(deps, store, reminder(client.id, "step:s:checkin:1"));
    const result = await withdrawConsent(deps, clientActor(client), { clientId: client.id, purposes: ["messaging"], channel: "telegram" });
    expect(result.cancelledMessages).toBe(2);
    expect(await store.outbox.listPendingForRecipient("client", client.id)).toEqual([]);
    expect(await planClientMessage(deps, store, reminder(client.id, "appt:b:24h"))).toBe(false);
    const overview = await consentOverview(deps, clientActor(client), client.id);
    expect(overview.find((s) => s.purpose === "messaging")).toMatchObject({ given: false, channel: "telegram" });
  });

  it("withdrawing plan check-ins stops only step questions", async () => {
    const { deps, store } = testCore();
    const { client } = await seedWorld(store);
    await planClientMessage(deps, store, reminder(client.id, "appt:a:24h"));
    await planClientMessage(deps, store, reminder(client.id, "step:s:checkin:1"));
    await withdrawConsent(deps, clientActor(client), { clientId: client.id, purposes: ["plan_checkins"], channel: "telegram" });
    expect((await store.outbox.listPendingForRecipient("client", client.id)).map((m) => m.dedupeKey)).toEqual(["appt:a:24h"]);
  });

  it("a client decides only for themself; staff record only in-person consent for their own cases", async () => {
    const { deps, store } = testCore();
    const { client, manager, colleague, tenantId } = await seedWorld(store);
    const sibling = await seedClient(store, tenantId, { managerId: manager.id, householdId: client.householdId, name: "Sibling" });
    await expect(giveConsent(deps, clientActor(client), { clientId: sibling.id, purposes: ["messaging"], channel: "telegram" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(giveConsent(deps, staffActor(manager), { clientId: client.id, purposes: ["messaging"], channel: "telegram" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(giveConsent(deps, staffActor(colleague), { clientId: client.id, purposes: ["messaging"], channel: "in_person" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await giveConsent(deps, staffActor(manager), { clientId: sibling.id, purposes: ["data_health"], channel: "in_person" });
    const overview = await consentOverview(deps, staffActor(manager), sibling.id);
    expect(overview.find((s) => s.purpose === "data_health")).toMatchObject({ given: true, channel: "in_person" });
  });

  it("declining at onboarding tells the manager and plans nothing for the client", async () => {
    const { deps, store, clock } = testCore();
    const { tenantId, manager } = await seedWorld(store);
    const client = await seedClient(store, tenantId, { managerId: manager.id, name: "Declining Client" });
    await declineConsent(deps, clientActor(client), "telegram");
    const toManager = await store.outbox.listPendingForRecipient("manager", manager.id);
    expect(toManager).toEqual([expect.objectContaining({ messageKey: "manager.escalation.consent_declined", dueAt: clock.now() })]);
    expect(await store.escalations.listOpenForManager(manager.id)).toEqual([expect.objectContaining({ kind: "consent_declined", clientId: client.id })]);
    expect(await store.outbox.listPendingForRecipient("client", client.id)).toEqual([]);
  });
});
