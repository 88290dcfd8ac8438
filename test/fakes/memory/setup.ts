import type { AuditChainHead, AuditEvent, ChainedAuditEvent } from "../../../src/core/audit/model.ts";
import type { Invite } from "../../../src/core/invites/model.ts";
import type { SetupRepositories } from "../../../src/core/ports/store.ts";
import type { Manager, Municipality, Tenant } from "../../../src/core/setup/model.ts";
import { byTimeThenId, copy, deleteWhere, uniqueViolation } from "./shared.ts";

export interface SetupState {
  tenants: Map<string, Tenant>;
  municipalities: Map<string, Municipality>;
  managers: Map<string, Manager>;
  invites: Map<string, Invite>;
  /** Chained entries as the store holds them (tests may change or remove one to play an attacker). */
  audit: (AuditEvent | ChainedAuditEvent)[];
  /** The end of the audit chain, as the Prisma store's AuditChainHead row (null: a test removed it). */
  auditHead: AuditChainHead | null;
  settings: Map<string, string>;
}

export const emptySetupState = (): SetupState => ({
  tenants: new Map(),
  municipalities: new Map(),
  managers: new Map(),
  invites: new Map(),
  audit: [],
  auditHead: { seq: 0, hash: "" },
  settings: new Map(),
});

export function memorySetupRepositories(state: () => SetupState): SetupRepositories {
  const byName = <T extends { name: string; id: string }>(a: T, b: T) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  return {
    tenants: {
      create: async (tenant) => {
        if (state().tenants.has(tenant.id)) throw uniqueViolation("tenant.id");
        state().tenants.set(tenant.id, copy(tenant));
      },
      get: async (id) => copy(state().tenants.get(id) ?? null),
      list: async () => [...state().tenants.values()].sort(byTimeThenId((t) => t.createdAt)).map(copy),
    },
    municipalities: {
      create: async (municipality) => {
        if (!state().tenants.has(municipality.tenantId)) throw new Error("foreign key: tenant");
        state().municipalities.set(municipality.id, copy(municipality));
      },
      get: async (id) => copy(state().municipalities.get(id) ?? null),
      listByTenant: async (tenantId) =>
        [...state().municipalities.values()]
          .filter((m) => m.tenantId === tenantId)
          .sort(byName)
          .map(copy),
    },
    managers: {
      create: async (manager) => {
        if (!state().tenants.has(manager.tenantId)) throw new Error("foreign key: tenant");
        if (manager.aadObjectId && [...state().managers.values()].some((m) => m.aadObjectId === manager.aadObjectId)) {
          throw uniqueViolation("manager.aadObjectId");
        }
        state().managers.set(manager.id, copy({ ...manager, municipalityIds: [...manager.municipalityIds].sort() }));
      },
      get: async (id) => copy(state().managers.get(id) ?? null),
      listByTenant: async (tenantId) =>
        [...state().managers.values()]
          .filter((m) => m.tenantId === tenantId)
          .sort(byName)
          .map(copy),
      findByAadObjectId: async (aadObjectId) => copy([...state().managers.values()].find((m) => m.aadObjectId === aadObjectId) ?? null),
      setActive: async (id, active) => {
        const manager = state().managers.get(id);
        if (manager) state().managers.set(id, { ...manager, active });
      },
      setRole: async (id, { role, qualification }) => {
        const manager = state().managers.get(id);
        if (manager) state().managers.set(id, { ...manager, role, qualification });
      },
      setWorkingTimes: async (id, times) => {
        const manager = state().managers.get(id);
        if (manager) state().managers.set(id, { ...manager, ...times });
      },
    },
    invites: {
      create: async (invite) => {
        if ([...state().invites.values()].some((i) => i.codeHash === invite.codeHash)) throw uniqueViolation("invite.codeHash");
        state().invites.set(invite.id, copy(invite));
      },
      findByCodeHash: async (codeHash) => copy([...state().invites.values()].find((i) => i.codeHash === codeHash) ?? null),
      markUsed: async (id, at) => {
        const invite = state().invites.get(id);
        if (!invite || invite.usedAt) return false;
        invite.usedAt = new Date(at);
        return true;
      },
      revokeUnusedForManager: async (managerId) => deleteWhere(state().invites, (i) => i.managerId === managerId && i.usedAt === null),
      closeUnusedForClient: async (clientId, at) => {
        const open = [...state().invites.values()].filter((i) => i.clientId === clientId && i.usedAt === null);
        for (const invite of open) state().invites.set(invite.id, { ...invite, usedAt: at });
        return open.length;
      },
      deleteExpired: async (before) => deleteWhere(state().invites, (i) => i.expiresAt < before),
    },
    audit: {
      // Appends at once (no other writer can come between): the next seq after the head, sealed over its hash.
      record: async (event, seal) => {
        const head = state().auditHead ?? { seq: 0, hash: "" };
        const place = { seq: head.seq + 1, prevHash: head.hash };
        const sealed = seal(place);
        state().audit.push(copy({ ...event, ...place, ...sealed }));
        state().auditHead = { seq: place.seq, hash: sealed.hash };
      },
      listForClient: async (clientId) =>
        state()
          .audit.filter((e) => e.clientId === clientId)
          .sort(byTimeThenId((e) => e.at))
          .map(({ id, tenantId, actorKind, actorId, action, subjectKind, subjectId, clientId: client, at }) =>
            copy({ id, tenantId, actorKind, actorId, action, subjectKind, subjectId, clientId: client, at }),
          ),
      listForTenant: async ({ tenantId, from, to, actorId }) =>
        state()
          .audit.filter((e) => e.tenantId === tenantId && e.at >= from && e.at < to && (actorId === undefined || e.actorId === actorId))
          .sort(byTimeThenId((e) => e.at))
          .map(({ id, tenantId: tenant, actorKind, actorId: actor, action, subjectKind, subjectId, clientId, at }) =>
            copy({ id, tenantId: tenant, actorKind, actorId: actor, action, subjectKind, subjectId, clientId, at }),
          ),
      listChain: async (afterSeq, limit) =>
        state()
          .audit.filter((e): e is ChainedAuditEvent => "seq" in e && e.seq > afterSeq)
          .sort((a, b) => a.seq - b.seq)
          .slice(0, limit)
          .map(copy),
      chainHead: async () => copy(state().auditHead),
      countUnchained: async () => state().audit.filter((e) => !("seq" in e)).length,
    },
    settings: {
      get: async (key) => state().settings.get(key) ?? null,
      set: async (key, value) => void state().settings.set(key, value),
    },
  };
}
