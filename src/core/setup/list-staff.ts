import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { channels, type Channel } from "../identities/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, type ManagerRole, type Qualification } from "../shared/values.ts";
import type { Manager } from "./model.ts";
import { assertCanSeeStaff } from "./setup-scope.ts";

export const listStaffInput = z.object({ tenantId: idSchema });

export interface StaffMember {
  id: string;
  name: string;
  role: ManagerRole;
  /** a, b or c (section 1.4 of the Pakt für Integration); null: none recorded. */
  qualification: Qualification | null;
  active: boolean;
  /** Names of the municipalities they work for, by name. */
  municipalities: string[];
  /** Open cases: as primary manager, and shared with them. */
  openCases: { primary: number; shared: number };
  /** Active chat accounts per channel (how many, never which). */
  chatAccounts: Record<Channel, number>;
}

/** How many of the team hold each qualification. */
export type QualificationMix = Record<Qualification | "none", number>;

export interface StaffList {
  tenantId: string;
  tenantName: string;
  /** Everyone on the staff, active or not, by name. */
  staff: StaffMember[];
  /** The team's qualification mix: active integration managers (role manager), as the funding report counts the team. */
  qualificationMix: QualificationMix;
}

function qualificationMix(staff: readonly Pick<Manager, "role" | "qualification" | "active">[]): QualificationMix {
  const mix: QualificationMix = { a: 0, b: 0, c: 0, none: 0 };
  for (const member of staff) {
    if (member.active && member.role === "manager") mix[member.qualification ?? "none"] += 1;
  }
  return mix;
}

/**
 * A tenant's staff (`lotse manager list`, `/staff` in the chat): role, qualification, active or not, municipalities,
 * open cases (primary and shared) and how many chat accounts are linked per channel, with the team's qualification
 * mix. Counts only: no client names, no chat ids. The operator (any tenant) and the tenant's supervisors and admins.
 * Reads only, so no transaction; nothing of a client is shown, so nothing is audited.
 */
export async function listStaff(deps: Pick<CoreDeps, "store">, actor: Actor, input: unknown): Promise<StaffList> {
  const parsed = parseInput(listStaffInput, input);
  assertCanSeeStaff(actor, parsed.tenantId);
  const { store } = deps;
  const tenant = await store.tenants.get(parsed.tenantId);
  if (!tenant) throw notFound("tenant", parsed.tenantId);
  const [managers, municipalities, primaries] = await Promise.all([
    store.managers.listByTenant(tenant.id),
    store.municipalities.listByTenant(tenant.id),
    store.figures.openCasesByManager(tenant.id),
  ]);
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  const primaryCount = new Map(primaries.map((row) => [row.managerId, row.count]));
  const staff: StaffMember[] = [];
  for (const manager of managers) {
    const { total } = await store.clients.search({ tenantId: tenant.id, managerId: manager.id, status: "open", limit: 0 });
    const primary = primaryCount.get(manager.id) ?? 0;
    const identities = await store.identities.listForManager(manager.id);
    const chatAccounts = Object.fromEntries(channels.map((channel) => [channel, identities.filter((i) => i.active && i.channel === channel).length])) as Record<
      Channel,
      number
    >;
    staff.push({
      id: manager.id,
      name: manager.name,
      role: manager.role,
      qualification: manager.qualification,
      active: manager.active,
      municipalities: manager.municipalityIds
        .map((id) => municipalityNames.get(id))
        .filter((name) => name !== undefined)
        .sort((a, b) => a.localeCompare(b)),
      openCases: { primary, shared: Math.max(0, total - primary) },
      chatAccounts,
    });
  }
  return { tenantId: tenant.id, tenantName: tenant.name, staff, qualificationMix: qualificationMix(managers) };
}
