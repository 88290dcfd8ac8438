import type { CaseAssignment, Client, Household } from "../../../src/core/cases/model.ts";
import type { ChannelIdentity } from "../../../src/core/identities/model.ts";
import type { ConsentRecord } from "../../../src/core/consent/model.ts";
import type { Escalation } from "../../../src/core/escalations/model.ts";
import type { CaseRepositories } from "../../../src/core/ports/store.ts";
import { searchKey } from "../../../src/core/shared/search-key.ts";
import { byTimeThenId, copy, uniqueViolation } from "./shared.ts";

export interface CaseState {
  households: Map<string, Household>;
  clients: Map<string, Client>;
  assignments: CaseAssignment[];
  identities: Map<string, ChannelIdentity>;
  escalations: Map<string, Escalation>;
  consents: ConsentRecord[];
}

export const emptyCaseState = (): CaseState => ({
  households: new Map(),
  clients: new Map(),
  assignments: [],
  identities: new Map(),
  escalations: new Map(),
  consents: [],
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`record to update not found: ${what}`);
  return value;
}

export function memoryCaseRepositories(state: () => CaseState): CaseRepositories {
  const byName = (a: Client, b: Client) => searchKey(a.name).localeCompare(searchKey(b.name)) || a.id.localeCompare(b.id);
  const assignedTo = (clientId: string, managerId: string) => state().assignments.some((a) => a.clientId === clientId && a.managerId === managerId);
  return {
    households: {
      create: async (household) => void state().households.set(household.id, copy(household)),
      get: async (id) => copy(state().households.get(id) ?? null),
      update: async (household) => {
        required(state().households.get(household.id), "household");
        state().households.set(household.id, copy(household));
      },
    },
    clients: {
      create: async (client) => {
        if (state().clients.has(client.id)) throw uniqueViolation("client.id");
        if (!state().households.has(client.householdId)) throw new Error("foreign key: household");
        state().clients.set(client.id, copy(client));
      },
      get: async (id) => copy(state().clients.get(id) ?? null),
      getMany: async (ids) =>
        [...new Set(ids)].flatMap((id) => {
          const client = state().clients.get(id);
          return client ? [copy(client)] : [];
        }),
      update: async (client) => {
        required(state().clients.get(client.id), "client");
        state().clients.set(client.id, copy(client));
      },
      listByHousehold: async (householdId) =>
        [...state().clients.values()]
          .filter((c) => c.householdId === householdId)
          .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
          .map(copy),
      search: async (search) => {
        const needle = search.nameContains ? searchKey(search.nameContains) : null;
        const matches = [...state().clients.values()]
          .filter((c) => c.tenantId === search.tenantId && c.anonymizedAt === null)
          .filter((c) => !search.status || c.status === search.status)
          .filter((c) => !search.managerId || assignedTo(c.id, search.managerId))
          .filter((c) => !needle || searchKey(c.name).includes(needle))
          .sort(byName);
        const offset = search.offset ?? 0;
        return { clients: matches.slice(offset, offset + (search.limit ?? 20)).map(copy), total: matches.length };
      },
    },
    assignments: {
      assign: async (assignment) => {
        const existing = state().assignments.find((a) => a.clientId === assignment.clientId && a.managerId === assignment.managerId);
        if (existing) existing.kind = assignment.kind;
        else state().assignments.push(copy(assignment));
      },
      unassign: async (clientId, managerId) => {
        state().assignments = state().assignments.filter((a) => !(a.clientId === clientId && a.managerId === managerId));
      },
      listForClient: async (clientId) =>
        state()
          .assignments.filter((a) => a.clientId === clientId)
          .sort((a, b) => a.kind.localeCompare(b.kind) || a.createdAt.getTime() - b.createdAt.getTime())
          .map(copy),
    },
    identities: {
      upsert: async (identity) => {
        const existing = [...state().identities.values()].find((i) => i.channel === identity.channel && i.externalId === identity.externalId);
        const stored = existing ? { ...copy(identity), id: existing.id } : copy(identity);
        state().identities.set(stored.id, stored);
        return copy(stored);
      },
      findByExternal: async (channel, externalId) =>
        copy([...state().identities.values()].find((i) => i.channel === channel && i.externalId === externalId) ?? null),
      get: async (id) => copy(state().identities.get(id) ?? null),
      listForManager: async (managerId) =>
        [...state().identities.values()]
          .filter((i) => i.managerId === managerId && i.active)
          .sort((a, b) => b.linkedAt.getTime() - a.linkedAt.getTime() || a.id.localeCompare(b.id))
          .map(copy),
      listForClient: async (clientId) =>
        [...state().identities.values()]
          .filter((i) => i.clientId === clientId && i.active)
          .sort((a, b) => b.linkedAt.getTime() - a.linkedAt.getTime() || a.id.localeCompare(b.id))
          .map(copy),
      listAllForClient: async (clientId) =>
        [...state().identities.values()]
          .filter((i) => i.clientId === clientId)
          .sort((a, b) => b.linkedAt.getTime() - a.linkedAt.getTime() || a.id.localeCompare(b.id))
          .map(copy),
      update: async (identity) => {
        required(state().identities.get(identity.id), "identity");
        state().identities.set(identity.id, copy(identity));
      },
      listClientsLinkedForManager: async (managerId, from, to) => {
        const caseload = new Set(
          state()
            .assignments.filter((a) => a.managerId === managerId)
            .map((a) => a.clientId),
        );
        const found = new Map<string, Date>();
        for (const i of state().identities.values()) {
          if (i.clientId && i.active && caseload.has(i.clientId) && i.linkedAt >= from && i.linkedAt < to) found.set(i.clientId, i.linkedAt);
        }
        return [...found.entries()]
          .map(([clientId, linkedAt]) => ({ clientId, linkedAt }))
          .sort((a, b) => a.linkedAt.getTime() - b.linkedAt.getTime() || a.clientId.localeCompare(b.clientId));
      },
    },
    escalations: {
      create: async (escalation) => void state().escalations.set(escalation.id, copy(escalation)),
      get: async (id) => copy(state().escalations.get(id) ?? null),
      update: async (escalation) => {
        required(state().escalations.get(escalation.id), "escalation");
        state().escalations.set(escalation.id, copy(escalation));
      },
      listOpenForManager: async (managerId) =>
        [...state().escalations.values()]
          .filter((e) => e.managerId === managerId && e.status === "open")
          .sort(byTimeThenId((e) => e.createdAt))
          .map(copy),
      listForClient: async (clientId) =>
        [...state().escalations.values()]
          .filter((e) => e.clientId === clientId)
          .sort(byTimeThenId((e) => e.createdAt))
          .map(copy),
    },
    consents: {
      append: async (record) => void state().consents.push(copy(record)),
      listForClient: async (clientId) =>
        state()
          .consents.filter((c) => c.clientId === clientId)
          .sort(byTimeThenId((c) => c.at))
          .map(copy),
    },
  };
}
