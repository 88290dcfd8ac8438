import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { applyRetention, finishedMessageKeepDays, retentionBatchSize } from "../../../../src/core/privacy/apply-retention.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedTenant } from "../../../support/seed.ts";
import { retentionScenario } from "./retention-scenario.ts";
import { operator } from "../../../../src/core/actor.ts";
import { setRetentionDays } from "../../../../src/core/privacy/set-retention-days.ts";
import { expectDomainError } from "../../../support/seed-appointments.ts";

describe("retention job", () => {
  it("anonymises old closed cases, carries out due erasure requests and deletes expired records", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    await retentionScenario(core.deps, core.store, core.clock);
  });

  it("works through more closed cases than one batch", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    const tenantId = await seedTenant(core.store);
    const count = retentionBatchSize + 3;
    for (let i = 0; i < count; i += 1) {
      const client = await seedClient(core.store, tenantId, { name: `Klient ${i}` });
      await core.store.clients.update({ ...client, status: "closed", closedAt: new Date("2020-01-01T00:00:00Z") });
    }
    expect((await applyRetention(core.deps, { retentionDays: 1095 })).anonymisedClosedCases).toBe(count);
  });

  it("deletes messages done for more than finishedMessageKeepDays, never one waiting or being sent however old", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    const now = core.clock.now().getTime();
    const keep = finishedMessageKeepDays * 86_400_000;
    const message = (id: string, status: OutboxMessage["status"], at: number): OutboxMessage => ({
      id,
      dedupeKey: `k:${id}`,
      tenantId: null,
      recipientKind: "manager",
      recipientId: "eva",
      clientId: null,
      messageKey: "manager_jobs.agenda.morning",
      params: { firstPlace: "Rathaus" },
      actions: [],
      dueAt: new Date(at),
      status,
      attempts: 0,
      claimedUntil: null,
      providerMessageId: null,
      lastError: null,
      createdAt: new Date(at),
      sentAt: status === "sent" ? new Date(at) : null,
    });
    const rows = [
      message("sent-just-over", "sent", now - keep - 60_000),
      message("sent-just-under", "sent", now - keep + 60_000),
      message("cancelled-long-ago", "cancelled", now - 2 * keep),
      message("pending-long-ago", "pending", now - 3 * keep),
      message("claimed-long-ago", "pending", now - 4 * keep),
    ];
    for (const row of rows) await core.store.outbox.enqueue(row);
    // A dispatcher holds the oldest one right now.
    expect((await core.store.outbox.claimDue(new Date(now - 4 * keep), 1, 60_000)).map((m) => m.id)).toEqual(["claimed-long-ago"]);

    expect(await applyRetention(core.deps, { retentionDays: 1095 })).toMatchObject({ deletedMessages: 2 });
    expect([...core.store.state.outbox.values()].map((m) => [m.id, m.status]).sort()).toEqual([
      ["claimed-long-ago", "sending"],
      ["pending-long-ago", "pending"],
      ["sent-just-under", "sent"],
    ]);
  });

  it("each tenant keeps closed cases for its own period; without one, the installation's applies", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    const shortTenant = await seedTenant(core.store);
    const defaultTenant = await seedTenant(core.store);
    const closedTwoYearsAgo = async (tenantId: string) => {
      const client = await seedClient(core.store, tenantId, { name: `Klient ${tenantId}` });
      await core.store.clients.update({ ...client, status: "closed", closedAt: new Date("2025-06-01T00:00:00Z") });
      return client.id;
    };
    const inShort = await closedTwoYearsAgo(shortTenant);
    const inDefault = await closedTwoYearsAgo(defaultTenant);
    const set = await setRetentionDays(core.deps, operator, { tenantId: shortTenant, days: "365" }, 1095);
    expect(set).toEqual({ tenantId: shortTenant, days: 365, isDefault: false, changed: true });
    expect(await setRetentionDays(core.deps, operator, { tenantId: defaultTenant }, 1095)).toMatchObject({ days: 1095, isDefault: true, changed: false });

    expect((await applyRetention(core.deps, { retentionDays: 1095 })).anonymisedClosedCases).toBe(1);
    expect((await core.store.clients.get(inShort))?.anonymizedAt).not.toBeNull();
    expect((await core.store.clients.get(inDefault))?.anonymizedAt).toBeNull();
    await expectDomainError(setRetentionDays(core.deps, operator, { tenantId: shortTenant, days: "20" }, 1095), "invalid_input");
    await expectDomainError(setRetentionDays(core.deps, operator, { tenantId: "nobody", days: "365" }, 1095), "not_found");
  });

  it("rejects a retention period that is not a whole number of days", async () => {
    const core = testCore();
    await expect(applyRetention(core.deps, { retentionDays: 0 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
