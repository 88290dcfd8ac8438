import { describe, expect, it } from "vitest";
import { chatBlocked } from "../../../../src/core/identities/chat-blocked.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { testCore } from "../../../support/core-deps.ts";
import { linkIdentity } from "../../../support/delivery.ts";
import { seedClient, seedStaff, seedTenant } from "../../../support/seed-appointments.ts";

/** Telegram says at once when a person blocks the bot: the account is switched off and someone is told now. */

const session = (externalId: string): ChatSession => ({ channel: "telegram", externalId, conversationRef: null, locale: null });

describe("a person blocks the bot", () => {
  it("a client: the account is switched off, the manager is told (once), a second notice changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z"); // 10:00 in Berlin
    await seedTenant(core, "t1");
    await seedStaff(core, "t1", "eva", "Eva Muster");
    await seedClient(core, "amina", "Amina Haddad", { tenantId: "t1", managerId: "eva" });
    const identity = await linkIdentity(core, { clientId: "amina" });

    expect(await chatBlocked(core.deps, session(identity.externalId))).toBe(true);
    expect(await core.store.identities.get(identity.id)).toMatchObject({ active: false, deactivatedAt: core.clock.now() });
    expect((await core.store.escalations.listOpenForManager("eva")).map((e) => e.kind)).toEqual(["unreachable"]);
    const told = await core.store.outbox.listPendingForRecipient("manager", "eva");
    expect(told).toEqual([
      expect.objectContaining({ messageKey: "manager.escalation.unreachable", params: { clientName: "Amina Haddad", reason: "blocked" } }),
    ]);

    expect(await chatBlocked(core.deps, session(identity.externalId))).toBe(false);
    expect(await core.store.outbox.listPendingForRecipient("manager", "eva")).toHaveLength(1);
  });

  it("a client who still has another chat account: that one stays, nobody needs telling", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await seedTenant(core, "t1");
    await seedStaff(core, "t1", "eva", "Eva Muster");
    await seedClient(core, "amina", "Amina Haddad", { tenantId: "t1", managerId: "eva" });
    await linkIdentity(core, { clientId: "amina" }, "teams");
    const telegram = await linkIdentity(core, { clientId: "amina" });
    expect(await chatBlocked(core.deps, session(telegram.externalId))).toBe(true);
    expect(await core.store.identities.listForClient("amina")).toHaveLength(1);
    expect(await core.store.escalations.listOpenForManager("eva")).toEqual([]);
  });

  it("a manager: a supervisor of the tenant is told", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await seedTenant(core, "t1");
    await seedStaff(core, "t1", "eva", "Eva Muster");
    await seedStaff(core, "t1", "sara", "Sara Aufsicht", "supervisor");
    const identity = await linkIdentity(core, { managerId: "eva" });
    expect(await chatBlocked(core.deps, session(identity.externalId))).toBe(true);
    expect(await core.store.outbox.listPendingForRecipient("manager", "sara")).toEqual([
      expect.objectContaining({ messageKey: "manager.escalation.manager_unreachable", params: { managerName: "Eva Muster", reason: "blocked" } }),
    ]);
  });

  it("a stranger's block changes nothing", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    expect(await chatBlocked(core.deps, session("999"))).toBe(false);
  });
});
