import type { Actor } from "../../src/core/actor.ts";
import type { Client } from "../../src/core/cases/model.ts";
import { currentConsentVersions, type ConsentPurpose } from "../../src/core/consent/model.ts";
import type { Store } from "../../src/core/ports/store.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import type { ManagerRole } from "../../src/core/shared/values.ts";

const t0 = new Date("2027-01-01T00:00:00Z");
let sequence = 0;
const next = (prefix: string) => `${prefix}-${++sequence}`;

export async function seedTenant(store: Store, name = "Landratsamt Beispielkreis"): Promise<string> {
  const id = next("tenant");
  await store.tenants.create({ id, name, timezone: "Europe/Berlin", createdAt: t0 });
  return id;
}

export async function seedManager(store: Store, tenantId: string, role: ManagerRole = "manager", name = "Eva Muster"): Promise<Manager> {
  const manager: Manager = {
    id: next("manager"),
    tenantId,
    name,
    role,
    qualification: "a",
    municipalityIds: [],
    aadObjectId: null,
    active: true,
    createdAt: t0,
  };
  await store.managers.create(manager);
  return manager;
}

export async function seedClient(
  store: Store,
  tenantId: string,
  options: { managerId?: string; name?: string; language?: string; householdId?: string } = {},
): Promise<Client> {
  const householdId = options.householdId ?? next("household");
  if (!options.householdId) await store.households.create({ id: householdId, tenantId, municipalityId: null, label: "Familie", createdAt: t0 });
  const client: Client = {
    id: next("client"),
    tenantId,
    householdId,
    municipalityId: null,
    name: options.name ?? "Amina Haddad",
    language: options.language ?? "ar",
    timezone: null,
    status: "open",
    caseStartedAt: t0,
    closedAt: null,
    anonymizedAt: null,
    createdAt: t0,
  };
  await store.clients.create(client);
  if (options.managerId) await store.assignments.assign({ clientId: client.id, managerId: options.managerId, kind: "primary", createdAt: t0 });
  return client;
}

export async function seedConsent(store: Store, clientId: string, purposes: ConsentPurpose[] = ["messaging", "plan_checkins"], at = t0): Promise<void> {
  for (const purpose of purposes) {
    await store.consents.append({ id: next("consent"), clientId, purpose, version: currentConsentVersions[purpose], given: true, channel: "telegram", at });
  }
}

export const staffActor = (manager: Manager): Actor => ({ kind: "staff", managerId: manager.id, tenantId: manager.tenantId, role: manager.role });
export const clientActor = (client: Client): Actor => ({ kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId });

/** A typical world: a tenant with a manager, a colleague, a supervisor, and one client of the manager with consent. */
export async function seedWorld(store: Store) {
  const tenantId = await seedTenant(store);
  const manager = await seedManager(store, tenantId, "manager", "Eva Muster");
  const colleague = await seedManager(store, tenantId, "manager", "Jonas Beispiel");
  const supervisor = await seedManager(store, tenantId, "supervisor", "Sabine Aufsicht");
  const client = await seedClient(store, tenantId, { managerId: manager.id });
  await seedConsent(store, client.id);
  const otherTenantId = await seedTenant(store, "Andere Stadt");
  const stranger = await seedManager(store, otherTenantId, "manager", "Fremd");
  const otherClient = await seedClient(store, otherTenantId, { managerId: stranger.id, name: "Other Client" });
  return { tenantId, manager, colleague, supervisor, client, otherTenantId, stranger, otherClient };
}
