import { describe, expect, it } from "vitest";
import { system } from "../../../../src/core/actor.ts";
import { countCasesByPeriodStatus } from "../../../../src/core/counselling/count-by-period-status.ts";
import { extendCounsellingPeriod } from "../../../../src/core/counselling/extend-period.ts";
import { getCounsellingPeriod } from "../../../../src/core/counselling/get-period.ts";
import { counsellingPeriod } from "../../../../src/core/counselling/period.ts";
import { runCounsellingPeriodJob } from "../../../../src/core/counselling/period-job.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { renderOutboxMessage } from "../../../../src/i18n/outbox-params.ts";
import { createTranslator } from "../../../../src/i18n/translator.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, seedClient, seedWorld, staffActor } from "../../../support/seed.ts";

const berlin = "Europe/Berlin";

describe("the counselling period (three years, four with a reason)", () => {
  it("ends at local midnight three years after the start's day, four at most; status follows the calendar", () => {
    const client = { caseStartedAt: new Date("2027-01-01T00:00:00Z"), status: "open" as const };
    const at = (iso: string) => counsellingPeriod(client, [], berlin, new Date(iso));
    expect(at("2028-06-01T10:00:00Z")).toMatchObject({
      regularEndsAt: new Date("2029-12-31T23:00:00Z"),
      latestEndsAt: new Date("2030-12-31T23:00:00Z"),
      endsAt: new Date("2029-12-31T23:00:00Z"),
      status: "running",
    });
    expect(at("2029-09-30T21:59:00Z").status).toBe("running");
    expect(at("2029-09-30T22:00:00Z").status).toBe("ending_soon");
    expect(at("2029-12-31T23:00:00Z").status).toBe("overdue");
    expect(counsellingPeriod({ ...client, status: "closed" }, [], berlin, new Date("2028-01-01")).status).toBe("closed");
    // a leap day start ends on 28 February
    const leap = counsellingPeriod({ caseStartedAt: new Date("2028-02-29T10:00:00Z"), status: "open" }, [], berlin, new Date("2028-03-01"));
    expect(leap.regularEndsAt).toEqual(new Date("2031-02-27T23:00:00Z"));
  });
});

describe("the daily counselling-period job", () => {
  it("nudges the manager three months and one month before the end, once each, and closes the case at the end", async () => {
    const core = testCore("2029-09-29T09:00:00Z");
    const { manager, client } = await seedWorld(core.store);
    const managerMessages = async () => (await core.store.outbox.listPendingForRecipient("manager", manager.id)).map((m) => [m.messageKey, m.params]);

    expect(await runCounsellingPeriodJob(core.deps)).toEqual({ nudged: 0, closed: 0 });
    core.clock.set("2029-10-01T05:00:00Z");
    // the world's other tenant has a client that started the same day
    expect(await runCounsellingPeriodJob(core.deps)).toMatchObject({ nudged: 2 });
    await runCounsellingPeriodJob(core.deps);
    expect(await managerMessages()).toEqual([
      ["manager_counselling.nudge.three_months", { client: "Amina Haddad", lastDate: "2029-12-31", endsIn: "2029-12-31" }],
    ]);
    const nudge = (await core.store.outbox.listPendingForRecipient("manager", manager.id))[0];
    expect(nudge?.dueAt).toEqual(new Date("2029-10-01T06:00:00Z")); // 08:00 Berlin

    core.clock.set("2029-12-01T07:00:00Z");
    await runCounsellingPeriodJob(core.deps);
    expect((await managerMessages()).map(([key]) => key)).toEqual(["manager_counselling.nudge.three_months", "manager_counselling.nudge.one_month"]);

    core.clock.set("2029-12-31T22:59:00Z");
    expect(await runCounsellingPeriodJob(core.deps)).toMatchObject({ closed: 0 });
    core.clock.set("2030-01-01T01:00:00Z");
    expect(await runCounsellingPeriodJob(core.deps)).toEqual({ nudged: 0, closed: 2 });
    expect(await core.store.clients.get(client.id)).toMatchObject({ status: "closed", closedAt: new Date("2030-01-01T01:00:00Z") });
    expect(await managerMessages()).toContainEqual(["manager_counselling.closed", { client: "Amina Haddad", lastDate: "2029-12-31" }]);
    expect(await runCounsellingPeriodJob(core.deps)).toEqual({ nudged: 0, closed: 0 });
  });

  it("an extended case is not closed at three years; nudges follow the new end", async () => {
    const core = testCore("2029-11-15T09:00:00Z");
    const { manager, client } = await seedWorld(core.store);
    await runCounsellingPeriodJob(core.deps);
    expect(await core.store.outbox.listPendingForRecipient("manager", manager.id)).toHaveLength(1);
    await extendCounsellingPeriod(core.deps, staffActor(manager), { clientId: client.id, reason: "Ausbildung beginnt im Herbst, Begleitung nötig" });
    expect(await core.store.outbox.listPendingForRecipient("manager", manager.id)).toEqual([]);
    core.clock.set("2030-01-02T09:00:00Z");
    expect(await runCounsellingPeriodJob(core.deps)).toEqual({ nudged: 0, closed: 1 }); // only the other tenant's client
    expect((await core.store.clients.get(client.id))?.status).toBe("open");
    core.clock.set("2030-10-01T09:00:00Z");
    await runCounsellingPeriodJob(core.deps);
    expect((await core.store.outbox.listPendingForRecipient("manager", manager.id)).map((m) => m.params)).toEqual([
      { client: "Amina Haddad", lastDate: "2030-12-31", endsIn: "2030-12-31" },
    ]);
    core.clock.set("2031-01-01T09:00:00Z");
    expect(await runCounsellingPeriodJob(core.deps)).toMatchObject({ closed: 1 });
    expect((await core.store.clients.get(client.id))?.status).toBe("closed");
  });
});

describe("extending the period", () => {
  it("needs a reason, goes at most to four years, tells the supervisor, and shows the reason to the supervisor", async () => {
    const core = testCore("2029-11-15T09:00:00Z");
    const { manager, supervisor, colleague, client } = await seedWorld(core.store);
    const actor = staffActor(manager);
    await expect(extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "weil" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "Ausbildung beginnt bald", endsOn: "2031-01-01" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(extendCounsellingPeriod(core.deps, staffActor(colleague), { clientId: client.id, reason: "Ausbildung beginnt bald" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(extendCounsellingPeriod(core.deps, staffActor(supervisor), { clientId: client.id, reason: "Ausbildung beginnt bald" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(core.store.state.counsellingExtensions.size).toBe(0);

    const period = await extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "Ausbildung beginnt bald", endsOn: "2030-06-30" });
    expect(period).toMatchObject({ endsAt: new Date("2030-06-30T22:00:00Z"), status: "extended" });
    // the reason is sealed at rest
    expect([...core.store.state.counsellingExtensions.values()][0]?.reason).not.toBe("Ausbildung beginnt bald");
    expect((await core.store.outbox.listPendingForRecipient("manager", supervisor.id)).map((m) => [m.messageKey, m.params])).toEqual([
      ["manager_counselling.extended.notice", { client: "Amina Haddad", manager: "Eva Muster", endDate: "2030-06-30" }],
    ]);
    expect((await getCounsellingPeriod(core.deps, staffActor(supervisor), { clientId: client.id })).extension?.reason).toBe("Ausbildung beginnt bald");
    expect((await getCounsellingPeriod(core.deps, actor, { clientId: client.id })).extension?.reason).toBe("Ausbildung beginnt bald");
    expect((await getCounsellingPeriod(core.deps, clientActor(client), { clientId: client.id })).extension?.reason).toBeNull();
    await expect(getCounsellingPeriod(core.deps, staffActor(colleague), { clientId: client.id })).rejects.toMatchObject({ code: "forbidden" });

    // a shorter or equal end is refused; the rest of the fourth year is fine once
    await expect(
      extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "Noch einmal verlängern", endsOn: "2030-03-01" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "Noch ein halbes Jahr nötig" })).endsAt).toEqual(
      new Date("2030-12-31T23:00:00Z"),
    );
    await expect(extendCounsellingPeriod(core.deps, actor, { clientId: client.id, reason: "Noch einmal verlängern" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("counting cases by period status (funding report)", () => {
  it("counts per tenant and municipality, for supervision and the system only", async () => {
    const core = testCore("2029-11-15T09:00:00Z");
    const { tenantId, manager, supervisor, client } = await seedWorld(core.store);
    const recent = await seedClient(core.store, tenantId, { managerId: manager.id, name: "Olena K" });
    await core.store.clients.update({ ...recent, caseStartedAt: new Date("2029-01-10T09:00:00Z"), municipalityId: null });
    const extended = await seedClient(core.store, tenantId, { managerId: manager.id, name: "Yusuf H" });
    await extendCounsellingPeriod(core.deps, staffActor(manager), { clientId: extended.id, reason: "Ausbildung beginnt bald", endsOn: "2030-06-30" });
    const closed = await seedClient(core.store, tenantId, { managerId: manager.id, name: "Sara T" });
    await core.store.clients.update({ ...closed, status: "closed", closedAt: new Date("2028-05-01T00:00:00Z") });

    expect(await countCasesByPeriodStatus(core.deps, staffActor(supervisor), { tenantId })).toEqual({
      running: 1,
      extended: 1,
      ending_soon: 1,
      overdue: 0,
      closed: 1,
    });
    expect(await countCasesByPeriodStatus(core.deps, system, { tenantId, at: new Date("2028-01-01T00:00:00Z") })).toEqual({
      running: 3,
      extended: 0,
      ending_soon: 0,
      overdue: 0,
      closed: 0,
    });
    expect(client.tenantId).toBe(tenantId);
    await expect(countCasesByPeriodStatus(core.deps, staffActor(manager), { tenantId })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("says the time left as it is: a case that reaches the nudge with 44 days left reads 'in 44 Tagen', never 'in drei Monaten'", async () => {
    // The last day is 31 December 2029; the job first sees the case on 17 November (imported late, say).
    const core = testCore("2029-11-17T05:00:00Z");
    const { manager } = await seedWorld(core.store);
    await runCounsellingPeriodJob(core.deps);
    const [nudge] = await core.store.outbox.listPendingForRecipient("manager", manager.id);
    expect(nudge?.messageKey).toBe("manager_counselling.nudge.three_months");
    const translator = createTranslator({ localesDir });
    const read = (language: string, at: string) => renderOutboxMessage(translator, nudge!, { language, timezone: berlin }, new Date(at)).text;
    expect(read("de", "2029-11-17T07:00:00Z")).toContain("endet in 44 Tagen (letzter Tag Mo., 31. Dezember)");
    expect(read("de", "2029-11-17T07:00:00Z")).not.toContain("Monat");
    expect(read("en", "2029-11-17T07:00:00Z")).toContain("ends in 44 days (last day Mon, December 31)");
    // Sent a day late (quiet hours, an outage): the count follows the day it is read.
    expect(read("de", "2029-11-18T07:00:00Z")).toContain("endet in 43 Tagen");
    expect(read("de", "2029-12-30T07:00:00Z")).toContain("endet morgen");
  });
});
