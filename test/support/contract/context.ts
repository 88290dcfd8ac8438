import type { Store } from "../../../src/core/ports/store.ts";

export interface ContractContext {
  /** The store under test (available inside tests). */
  store: () => Store;
  /** A value no other test uses. */
  unique: (prefix: string) => string;
}

export const at = (iso: string) => new Date(iso);

/** A tenant, household and client, as most contracts need them. */
export async function seedClient(context: ContractContext, overrides: { name?: string; tenantId?: string } = {}) {
  const store = context.store();
  const tenantId = overrides.tenantId ?? context.unique("tenant");
  if (!overrides.tenantId) {
    await store.tenants.create({ id: tenantId, name: "Landkreis Test", timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
  }
  const householdId = context.unique("household");
  await store.households.create({ id: householdId, tenantId, municipalityId: null, label: "Familie Test", createdAt: at("2027-01-01T00:00:00Z") });
  const client = {
    id: context.unique("client"),
    tenantId,
    householdId,
    municipalityId: null,
    name: overrides.name ?? "Amina Haddad",
    language: "ar",
    timezone: null,
    status: "open" as const,
    caseStartedAt: at("2027-01-01T00:00:00Z"),
    closedAt: null,
    anonymizedAt: null,
    createdAt: at("2027-01-01T00:00:00Z"),
  };
  await store.clients.create(client);
  return { tenantId, householdId, client };
}
