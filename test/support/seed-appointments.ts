import type { Actor } from "../../src/core/actor.ts";
import type { Appointment } from "../../src/core/appointments/model.ts";
import type { AssignmentKind, Client } from "../../src/core/cases/model.ts";
import type { OutboxMessage } from "../../src/core/outbox/model.ts";
import type { Manager, Tenant } from "../../src/core/setup/model.ts";
import type { ManagerRole } from "../../src/core/shared/values.ts";
import type { TestCore } from "./core-deps.ts";

/** Seeding for the tests of appointments, contacts, agenda, handover and figures: straight through the store. */

const since = new Date("2027-01-01T00:00:00Z");

export async function seedTenant(core: TestCore, id: string, timezone = "Europe/Berlin"): Promise<Tenant> {
  const tenant: Tenant = { id, name: `Landkreis ${id}`, timezone, createdAt: since };
  await core.store.tenants.create(tenant);
  return tenant;
}

export async function seedStaff(core: TestCore, tenantId: string, id: string, name: string, role: ManagerRole = "manager"): Promise<Manager> {
  const manager: Manager = {
    id,
    tenantId,
    name,
    role,
    qualification: null,
    municipalityIds: [],
    aadObjectId: null,
    active: true,
    createdAt: since,
  };
  await core.store.managers.create(manager);
  return manager;
}

export interface SeedClientOptions {
  tenantId: string;
  /** Assigned as primary (or `kind`) when given. */
  managerId?: string;
  kind?: AssignmentKind;
  /** Joins an existing household; a new one otherwise. */
  householdId?: string;
  /** Messaging consent (default true). */
  consent?: boolean;
}

export async function seedClient(core: TestCore, id: string, name: string, options: SeedClientOptions): Promise<Client> {
  const householdId = options.householdId ?? `household-${id}`;
  if (!options.householdId) {
    await core.store.households.create({ id: householdId, tenantId: options.tenantId, municipalityId: null, label: name, createdAt: since });
  }
  const client: Client = {
    id,
    tenantId: options.tenantId,
    householdId,
    municipalityId: null,
    name,
    language: "ar",
    timezone: null,
    status: "open",
    caseStartedAt: since,
    closedAt: null,
    anonymizedAt: null,
    createdAt: since,
  };
  await core.store.clients.create(client);
  if (options.managerId) {
    await core.store.assignments.assign({ clientId: id, managerId: options.managerId, kind: options.kind ?? "primary", createdAt: since });
  }
  if (options.consent ?? true) {
    await core.store.consents.append({ id: `consent-${id}`, clientId: id, purpose: "messaging", version: 1, given: true, channel: "telegram", at: since });
  }
  return client;
}

export const staffActor = (manager: Manager): Actor => ({ kind: "staff", managerId: manager.id, tenantId: manager.tenantId, role: manager.role });
export const clientActor = (client: Client): Actor => ({ kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId });

/**
 * A tenant (Europe/Berlin) with managers Eva and Jonas and supervisor Sara; Eva's clients Amina and Omar (one household,
 * Omar without messaging consent); Jonas's client Yusuf; another tenant with manager Mia and client Lena.
 */
export async function seedWorld(core: TestCore) {
  const tenant = await seedTenant(core, "goeppingen");
  const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
  const jonas = await seedStaff(core, tenant.id, "jonas", "Jonas Kern");
  const sara = await seedStaff(core, tenant.id, "sara", "Sara Aufsicht", "supervisor");
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
  const omar = await seedClient(core, "omar", "Omar Haddad", { tenantId: tenant.id, managerId: eva.id, householdId: amina.householdId, consent: false });
  const yusuf = await seedClient(core, "yusuf", "Yusuf Demir", { tenantId: tenant.id, managerId: jonas.id });
  const otherTenant = await seedTenant(core, "esslingen");
  const mia = await seedStaff(core, otherTenant.id, "mia", "Mia Fremd");
  const lena = await seedClient(core, "lena", "Lena Fremd", { tenantId: otherTenant.id, managerId: mia.id });
  core.store.state.audit = [];
  return { tenant, eva, jonas, sara, amina, omar, yusuf, otherTenant, mia, lena };
}

export type World = Awaited<ReturnType<typeof seedWorld>>;

/** An appointment written straight to the store (e.g. one that has already begun). */
export async function seedAppointment(
  core: TestCore,
  overrides: Partial<Appointment> & Pick<Appointment, "id" | "tenantId" | "managerId" | "clientIds" | "startsAt">,
): Promise<Appointment> {
  const appointment: Appointment = {
    durationMin: 60,
    place: "Rathaus, Zimmer 3",
    kind: "counselling",
    interpreter: false,
    status: "scheduled",
    clientAnswer: null,
    coordinates: null,
    sequence: 0,
    createdAt: since,
    updatedAt: since,
    ...overrides,
  };
  await core.store.appointments.create(appointment);
  return appointment;
}

/** The outbox rows, in insertion order. */
export const outbox = (core: TestCore): OutboxMessage[] => [...core.store.state.outbox.values()];

/** Awaits a call that must fail with a DomainError of this code. */
export async function expectDomainError(call: Promise<unknown>, code: string): Promise<void> {
  await call.then(
    () => {
      throw new Error(`expected DomainError ${code}, but the call succeeded`);
    },
    (error: unknown) => {
      if (!(error instanceof Error) || (error as { code?: string }).code !== code) throw error;
    },
  );
}
