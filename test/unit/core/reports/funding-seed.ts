import type { CaseStatus } from "../../../../src/core/cases/model.ts";
import type { Store } from "../../../../src/core/ports/store.ts";
import type { PlanArea } from "../../../../src/core/plans/areas.ts";
import type { GoalStatus } from "../../../../src/core/plans/model.ts";
import type { Qualification } from "../../../../src/core/shared/values.ts";

/**
 * A tenant with known counts for the funding report, period 2025-01-01 to 2025-03-31 (Europe/Berlin), "now"
 * 2025-04-15. Used by the unit test (memory store) and the integration test (SQLite, PostgreSQL) alike.
 *
 * Nord (team: a + b) — 6 cases started in the period, 1 older case closed in it, 1 closed before, 1 started after;
 *   contacts 5 home visits × 60 min, 1 phone call × 30 min (+1 office visit before the period); 6 plans written,
 *   5 reviewed, 5 overdue; goals language 5 in_progress + 1 achieved, work 6 open; referrals 5 Jobcenter
 *   (+1 before the period), 1 volunteer.
 * Süd (team: b + c, an inactive a) — a household of 2 started in the period, 2 office contacts × 45 min, 1 household
 *   plan (overdue) with a housing goal, 1 referral to an offer.
 * Without municipality — 1 case started in the period.
 */
export const fundingPeriod = { from: "2025-01-01", to: "2025-03-31" };
export const fundingNow = "2025-04-15T10:00:00Z";

export interface FundingWorld {
  tenantId: string;
  nord: string;
  sued: string;
  supervisorId: string;
  managerId: string;
  otherTenantId: string;
}

const at = (iso: string) => new Date(iso);

export async function seedFundingWorld(store: Store, prefix = "f"): Promise<FundingWorld> {
  let n = 0;
  const id = (kind: string) => `${prefix}${kind}${String(++n).padStart(4, "0")}`;
  const tenantId = id("t");
  const otherTenantId = id("t");
  const created = at("2024-01-01T00:00:00Z");
  await store.tenants.create({ id: tenantId, name: "Landkreis Zählheim", timezone: "Europe/Berlin", createdAt: created });
  await store.tenants.create({ id: otherTenantId, name: "Andere Stadt", timezone: "Europe/Berlin", createdAt: created });
  const nord = id("m");
  const sued = id("m");
  await store.municipalities.create({ id: nord, tenantId, name: "Nord", createdAt: created });
  await store.municipalities.create({ id: sued, tenantId, name: "Süd", createdAt: created });

  const manager = async (role: "manager" | "supervisor", qualification: Qualification | null, municipalityIds: string[], active = true) => {
    const managerId = id("s");
    await store.managers.create({
      id: managerId,
      tenantId,
      name: `Staff ${managerId}`,
      role,
      qualification,
      municipalityIds,
      aadObjectId: null,
      active,
      createdAt: created,
    });
    return managerId;
  };
  const managerA = await manager("manager", "a", [nord]);
  await manager("manager", "b", [nord]);
  const managerSued = await manager("manager", "b", [sued]);
  await manager("manager", "c", [sued]);
  await manager("manager", "a", [sued], false);
  const supervisorId = await manager("supervisor", null, [nord, sued]);

  const household = async (municipalityId: string | null) => {
    const householdId = id("h");
    await store.households.create({ id: householdId, tenantId, municipalityId, label: "Familie", createdAt: created });
    return householdId;
  };
  const client = async (municipalityId: string | null, started: string, closed: string | null = null, householdId?: string) => {
    const clientId = id("c");
    const status: CaseStatus = closed ? "closed" : "open";
    await store.clients.create({
      id: clientId,
      tenantId,
      householdId: householdId ?? (await household(municipalityId)),
      municipalityId,
      name: `Client ${clientId}`,
      language: "ar",
      timezone: null,
      status,
      caseStartedAt: at(started),
      closedAt: closed ? at(closed) : null,
      anonymizedAt: null,
      createdAt: at(started),
    });
    return clientId;
  };
  const contact = async (clientId: string, managerId: string, when: string, kind: "home_visit" | "office" | "phone", durationMin: number) =>
    store.contacts.create({ id: id("k"), tenantId, clientId, managerId, at: at(when), kind, durationMin, areas: [], note: null, createdAt: at(when) });
  const plan = async (owner: { clientId: string } | { householdId: string }, createdAt: string, nextReviewAt: string | null) => {
    const planId = id("p");
    await store.plans.create({
      id: planId,
      tenantId,
      clientId: "clientId" in owner ? owner.clientId : null,
      householdId: "householdId" in owner ? owner.householdId : null,
      version: 1,
      nextReviewAt: nextReviewAt ? at(nextReviewAt) : null,
      createdAt: at(createdAt),
      updatedAt: at(createdAt),
    });
    await store.planVersions.create({ planId, version: 1, snapshot: { goals: [] }, reason: "created", createdAt: at(createdAt), createdBy: managerA });
    return planId;
  };
  const goal = (planId: string, area: PlanArea, status: GoalStatus) =>
    store.goals.create({ id: id("g"), planId, area, catalogueKey: null, text: "Ziel", status, position: 0, createdAt: at("2025-01-20T10:00:00Z") });
  const referral = (clientId: string, targetKind: "service" | "offer" | "volunteer", target: string, createdAt: string) =>
    store.referrals.create({
      id: id("r"),
      tenantId,
      clientId,
      managerId: managerA,
      targetKind,
      target,
      status: "open",
      followUpAt: null,
      createdAt: at(createdAt),
    });

  // Nord
  const nordClients: string[] = [];
  for (let i = 0; i < 6; i += 1) nordClients.push(await client(nord, "2025-01-10T09:00:00Z"));
  const closedInPeriod = await client(nord, "2024-06-01T09:00:00Z", "2025-02-15T09:00:00Z");
  await client(nord, "2024-01-01T09:00:00Z", "2024-12-01T09:00:00Z");
  await client(nord, "2025-04-05T09:00:00Z");
  for (const clientId of nordClients) {
    await store.assignments.assign({ clientId, managerId: managerA, kind: "primary", createdAt: created });
  }
  for (let i = 0; i < 5; i += 1) await contact(nordClients[i] ?? "", managerA, "2025-02-01T10:00:00Z", "home_visit", 60);
  await contact(nordClients[5] ?? "", managerA, "2025-03-31T21:30:00Z", "phone", 30); // 23:30 in Berlin: still March
  await contact(nordClients[0] ?? "", managerA, "2024-12-20T10:00:00Z", "office", 90);
  for (const [i, clientId] of nordClients.entries()) {
    const planId = await plan({ clientId }, "2025-01-20T10:00:00Z", i < 5 ? "2025-03-01T08:00:00Z" : "2025-09-01T08:00:00Z");
    if (i < 5)
      await store.planVersions.create({
        planId,
        version: 2,
        snapshot: { goals: [] },
        reason: "reviewed",
        createdAt: at("2025-02-20T10:00:00Z"),
        createdBy: managerA,
      });
    await goal(planId, "language", i < 5 ? "in_progress" : "achieved");
    await goal(planId, "work", "open");
  }
  await plan({ clientId: closedInPeriod }, "2024-07-01T10:00:00Z", "2025-01-15T08:00:00Z"); // closed since: not overdue
  for (let i = 0; i < 5; i += 1) await referral(nordClients[i] ?? "", "service", "jobcenter", "2025-02-02T10:00:00Z");
  await referral(nordClients[0] ?? "", "service", "jobcenter", "2024-11-02T10:00:00Z");
  await referral(nordClients[1] ?? "", "volunteer", "Frau Ehrenamt", "2025-03-02T10:00:00Z");

  // Süd: one household of two
  const suedHousehold = await household(sued);
  const suedA = await client(sued, "2025-02-01T09:00:00Z", null, suedHousehold);
  const suedB = await client(sued, "2025-02-01T09:00:00Z", null, suedHousehold);
  await store.assignments.assign({ clientId: suedA, managerId: managerSued, kind: "primary", createdAt: created });
  await contact(suedA, managerSued, "2025-02-03T10:00:00Z", "office", 45);
  await contact(suedB, managerSued, "2025-02-04T10:00:00Z", "office", 45);
  const householdPlan = await plan({ householdId: suedHousehold }, "2025-02-10T10:00:00Z", "2025-03-15T08:00:00Z");
  await goal(householdPlan, "housing", "open");
  await referral(suedA, "offer", "Sprachcafé", "2025-02-05T10:00:00Z");

  // Without municipality
  await client(null, "2025-01-05T09:00:00Z");

  // Another tenant: must not count
  const otherHousehold = id("h");
  await store.households.create({ id: otherHousehold, tenantId: otherTenantId, municipalityId: null, label: "X", createdAt: created });
  await store.clients.create({
    id: id("c"),
    tenantId: otherTenantId,
    householdId: otherHousehold,
    municipalityId: null,
    name: "Other",
    language: "de",
    timezone: null,
    status: "open",
    caseStartedAt: at("2025-01-10T09:00:00Z"),
    closedAt: null,
    anonymizedAt: null,
    createdAt: at("2025-01-10T09:00:00Z"),
  });
  return { tenantId, nord, sued, supervisorId, managerId: managerA, otherTenantId };
}

/** The figures the seed must produce: [scope, section, key, value]. */
/** Exact counts (the funding authority's export): scope ("all" or a municipality's name), section, key, value. */
export const expectedFigures: [string, string, string, number][] = [
  ["all", "clients", "supported", 10],
  ["all", "cases", "new", 9],
  ["all", "cases", "closed", 1],
  ["all", "contacts", "total", 8],
  ["all", "contacts", "home_visit", 5],
  ["all", "contacts", "office", 2],
  ["all", "contacts", "video", 0],
  ["all", "contacts", "hours", 7],
  ["all", "plans", "written", 7],
  ["all", "plans", "reviewed", 5],
  ["all", "plans", "overdue_reviews", 6],
  ["all", "referrals", "service.jobcenter", 5],
  ["Nord", "clients", "supported", 7],
  ["Nord", "cases", "new", 6],
  ["Nord", "cases", "closed", 1],
  ["Nord", "contacts", "total", 6],
  ["Nord", "contacts", "phone", 1],
  ["Nord", "contacts", "hours", 5.5],
  ["Nord", "plans", "written", 6],
  ["Nord", "plans", "reviewed", 5],
  ["Nord", "plans", "overdue_reviews", 5],
  ["Nord", "goals", "language.in_progress", 5],
  ["Nord", "goals", "language.achieved", 1],
  ["Nord", "goals", "work.open", 6],
  ["Nord", "referrals", "service.jobcenter", 5],
  ["Nord", "referrals", "volunteer", 1],
  ["Nord", "managers", "qualification_a", 1],
  ["Nord", "managers", "qualification_c", 0],
  ["Süd", "clients", "supported", 2],
  ["Süd", "contacts", "total", 2],
  ["Süd", "contacts", "hours", 1.5],
  ["Süd", "plans", "overdue_reviews", 1],
  ["Süd", "goals", "housing.open", 1],
  ["Süd", "referrals", "offer", 1],
  ["Süd", "referrals", "service.jobcenter", 0],
  ["Süd", "managers", "qualification_a", 0],
];

/** What a shared audience sees: 1 to 4 as "<5"; hours are no count of people and stay as they are. */
export const sharedValue = (key: string, value: number): number | "<5" => (key !== "hours" && value > 0 && value < 5 ? "<5" : value);
