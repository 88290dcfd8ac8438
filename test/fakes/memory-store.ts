import type { AuditEvent } from "../../src/core/audit/model.ts";
import type { Invite } from "../../src/core/invites/model.ts";
import type { Repositories, Store } from "../../src/core/ports/store.ts";
import type { Manager, Municipality, Tenant } from "../../src/core/setup/model.ts";

/** Everything the in-memory store holds; tests may read it directly. */
export interface MemoryState {
  tenants: Map<string, Tenant>;
  municipalities: Map<string, Municipality>;
  managers: Map<string, Manager>;
  invites: Map<string, Invite>;
  audit: AuditEvent[];
  settings: Map<string, string>;
}

function emptyState(): MemoryState {
  return { tenants: new Map(), municipalities: new Map(), managers: new Map(), invites: new Map(), audit: [], settings: new Map() };
}

const copy = <T>(value: T): T => structuredClone(value);

function conflict(what: string): Error {
  return Object.assign(new Error(`unique constraint: ${what}`), { code: "P2002" });
}

/** A hand-written fake of the store port, for unit tests of the core. Same contract as the Prisma store. */
export class MemoryStore implements Store {
  state: MemoryState = emptyState();
  pings = 0;
  failPing = false;

  readonly tenants: Repositories["tenants"] = {
    create: async (tenant) => {
      if (this.state.tenants.has(tenant.id)) throw conflict("tenant.id");
      this.state.tenants.set(tenant.id, copy(tenant));
    },
    get: async (id) => copy(this.state.tenants.get(id) ?? null),
    list: async () => [...this.state.tenants.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(copy),
  };

  readonly municipalities: Repositories["municipalities"] = {
    create: async (municipality) => {
      if (!this.state.tenants.has(municipality.tenantId)) throw new Error("foreign key: tenant");
      this.state.municipalities.set(municipality.id, copy(municipality));
    },
    get: async (id) => copy(this.state.municipalities.get(id) ?? null),
    listByTenant: async (tenantId) =>
      [...this.state.municipalities.values()].filter((m) => m.tenantId === tenantId).sort((a, b) => a.name.localeCompare(b.name)).map(copy),
  };

  readonly managers: Repositories["managers"] = {
    create: async (manager) => {
      if (!this.state.tenants.has(manager.tenantId)) throw new Error("foreign key: tenant");
      if (manager.aadObjectId && [...this.state.managers.values()].some((m) => m.aadObjectId === manager.aadObjectId)) {
        throw conflict("manager.aadObjectId");
      }
      this.state.managers.set(manager.id, copy({ ...manager, municipalityIds: [...manager.municipalityIds].sort() }));
    },
    get: async (id) => copy(this.state.managers.get(id) ?? null),
    listByTenant: async (tenantId) =>
      [...this.state.managers.values()].filter((m) => m.tenantId === tenantId).sort((a, b) => a.name.localeCompare(b.name)).map(copy),
    findByAadObjectId: async (aadObjectId) => copy([...this.state.managers.values()].find((m) => m.aadObjectId === aadObjectId) ?? null),
  };

  readonly invites: Repositories["invites"] = {
    create: async (invite) => {
      if ([...this.state.invites.values()].some((i) => i.codeHash === invite.codeHash)) throw conflict("invite.codeHash");
      this.state.invites.set(invite.id, copy(invite));
    },
    findByCodeHash: async (codeHash) => copy([...this.state.invites.values()].find((i) => i.codeHash === codeHash) ?? null),
    markUsed: async (id, at) => {
      const invite = this.state.invites.get(id);
      if (!invite || invite.usedAt) return false;
      invite.usedAt = new Date(at);
      return true;
    },
    revokeUnusedForManager: async (managerId) => this.#deleteInvites((i) => i.managerId === managerId && i.usedAt === null),
    deleteExpired: async (before) => this.#deleteInvites((i) => i.expiresAt < before),
  };

  readonly audit: Repositories["audit"] = {
    record: async (event) => {
      this.state.audit.push(copy(event));
    },
    listForClient: async (clientId) =>
      this.state.audit
        .filter((e) => e.clientId === clientId)
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id))
        .map(copy),
  };

  readonly settings: Repositories["settings"] = {
    get: async (key) => this.state.settings.get(key) ?? null,
    set: async (key, value) => {
      this.state.settings.set(key, value);
    },
  };

  #deleteInvites(match: (invite: Invite) => boolean): number {
    let count = 0;
    for (const [id, invite] of this.state.invites) {
      if (match(invite)) {
        this.state.invites.delete(id);
        count += 1;
      }
    }
    return count;
  }

  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const before = structuredClone(this.state);
    try {
      return await work(this);
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  async ping(): Promise<void> {
    this.pings += 1;
    if (this.failPing) throw new Error("database down");
  }

  async close(): Promise<void> {}
}
