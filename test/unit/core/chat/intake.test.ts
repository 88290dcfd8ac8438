import { describe, expect, it } from "vitest";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { buildFundingReport } from "../../../../src/core/reports/build-funding-report.ts";
import { operator } from "../../../../src/core/actor.ts";
import { button, byKey, byLabel, command, keys, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedManager, seedTenant } from "../../../support/seed.ts";
import { linkIdentity } from "../../../support/delivery.ts";

/** /newclient as a manager answers it on the phone: taps for the choices, the date typed or skipped. */
async function intake(
  send: (inbound: Inbound) => Promise<Outbound[]>,
  person: { name: string; gender: string; household?: string; municipality?: string; phone: boolean; startedOn?: string },
) {
  await send(command("newclient"));
  await send(text(person.name));
  let step = await send(text("ar"));
  step = await send(tap(button(step, byKey(`manager.newclient.gender_${person.gender}`))));
  if (keys(step).includes("manager.newclient.household")) {
    step = await send(tap(button(step, person.household ? byKey("manager.newclient.household_join") : byKey("manager.newclient.household_new"))));
  }
  if (keys(step).includes("manager.newclient.municipality")) step = await send(tap(button(step, byLabel(person.municipality ?? ""))));
  expect(keys(step)).toEqual(["manager.newclient.own_phone"]);
  step = await send(tap(step[0]?.buttons?.[0]?.[person.phone ? 0 : 1]?.data));
  expect(keys(step)).toEqual(["manager.newclient.started_on"]);
  return send(person.startedOn ? text(person.startedOn) : tap(button(step, byKey("dialog.button.skip"))));
}

describe("intake in the chat: a family of three in one municipality", () => {
  it("two adults and a child without a phone, one household, one municipality, start date and gender; the funding report counts them there", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    await core.store.municipalities.create({ id: "m-plo", tenantId, name: "Plochingen", createdAt: core.clock.now() });
    await core.store.municipalities.create({ id: "m-rei", tenantId, name: "Reichenbach", createdAt: core.clock.now() });
    const eva = await seedManager(core.store, tenantId, "manager", "Eva Muster");
    await linkIdentity(core, { managerId: eva.id }, "telegram", { externalId: "100" });
    const send = async (inbound: Inbound) => (await handleInbound(core.deps, telegramChat("100"), inbound)).outbound;

    const first = await intake(send, { name: "Amina Yousef", gender: "female", municipality: "Plochingen", phone: true, startedOn: "1.3.2027" });
    expect(keys(first)).toContain("manager.newclient.created");
    const second = await intake(send, { name: "Omar Yousef", gender: "male", household: "Amina", phone: true });
    expect(keys(second)).toContain("manager.newclient.created");
    const child = await intake(send, { name: "Lina Yousef", gender: "not_stated", household: "Amina", phone: false });
    expect(keys(child)).toEqual(["manager.newclient.created_without_phone"]);

    const family = [...core.store.state.clients.values()].filter((c) => c.name.endsWith("Yousef"));
    expect(new Set(family.map((c) => c.householdId)).size).toBe(1);
    expect(family.map((c) => [c.name, c.gender, c.municipalityId])).toEqual([
      ["Amina Yousef", "female", "m-plo"],
      ["Omar Yousef", "male", "m-plo"],
      ["Lina Yousef", "not_stated", "m-plo"],
    ]);
    expect(family[0]?.caseStartedAt.toISOString()).toBe("2027-02-28T23:00:00.000Z");
    expect(family[1]?.caseStartedAt.toISOString()).toBe("2027-03-10T09:00:00.000Z");

    const report = await buildFundingReport(core.deps, operator, { tenantId, from: "2027-01-01", to: "2027-03-31", audience: "shared" });
    const plochingen = report.municipalities.find((m) => m.municipalityId === "m-plo");
    const none = report.municipalities.find((m) => m.scope === "none");
    const newCases = (block: typeof plochingen) => block?.figures.find((f) => f.section === "cases" && f.key === "new")?.value;
    expect(newCases(plochingen)).toBe("<5");
    expect(newCases(none) ?? 0).toBe(0);
  });
});

describe("intake: the municipality", () => {
  it("is asked with the manager's own municipality first when the tenant has others; given without asking when it is the only one", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    await core.store.municipalities.create({ id: "m-plo", tenantId, name: "Plochingen", createdAt: core.clock.now() });
    const eva = { ...(await seedManager(core.store, tenantId, "manager", "Eva Muster")), municipalityIds: ["m-rei"] };
    await core.store.managers.create(eva);
    await linkIdentity(core, { managerId: eva.id }, "telegram", { externalId: "100" });
    const send = async (inbound: Inbound) => (await handleInbound(core.deps, telegramChat("100"), inbound)).outbound;
    await core.store.municipalities.create({ id: "m-rei", tenantId, name: "Reichenbach", createdAt: core.clock.now() });

    await send(command("newclient"));
    await send(text("Amina Yousef"));
    let step = await send(text("ar"));
    step = await send(tap(button(step, byKey("manager.newclient.gender_female"))));
    expect(keys(step)).toEqual(["manager.newclient.municipality"]);
    expect(step[0]?.buttons?.flat().map((b) => b.label ?? b.labelKey)).toEqual([
      "Reichenbach",
      "Plochingen",
      "manager.newclient.municipality_none",
      "dialog.button.cancel",
    ]);
  });
});

describe("a family plan from the chat", () => {
  it("a client who lives with family is offered a plan for the whole household, which the family then shares", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    const eva = await seedManager(core.store, tenantId, "manager", "Eva Muster");
    await linkIdentity(core, { managerId: eva.id }, "telegram", { externalId: "100" });
    const send = async (inbound: Inbound) => (await handleInbound(core.deps, telegramChat("100"), inbound)).outbound;
    await intake(send, { name: "Amina Yousef", gender: "female", phone: true });
    await intake(send, { name: "Omar Yousef", gender: "male", household: "Amina", phone: true });
    const none = await send(command("plan", "Omar"));
    expect(keys(none)).toEqual(["manager.plan.none"]);
    const created = await send(tap(button(none, byKey("manager.plan.create_household_button"))));
    expect(keys(created)[0]).toBe("manager.plan.created");
    // Amina's plan is the same household plan.
    expect(keys(await send(command("plan", "Amina")))).not.toContain("manager.plan.none");
    expect([...core.store.state.plans.values()].map((p) => [p.clientId, p.householdId !== null])).toEqual([[null, true]]);
  });
});
