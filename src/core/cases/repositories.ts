import type { CaseAssignment, CaseStatus, Client, Household } from "./model.ts";

export interface HouseholdRepository {
  create(household: Household): Promise<void>;
  get(id: string): Promise<Household | null>;
  update(household: Household): Promise<void>;
}

export interface ClientSearch {
  tenantId: string;
  /** Only clients assigned to this manager (primary or shared). */
  managerId?: string;
  /** Case-insensitive part of the name. */
  nameContains?: string;
  status?: CaseStatus;
  offset?: number;
  limit?: number;
}

export interface ClientRepository {
  create(client: Client): Promise<void>;
  get(id: string): Promise<Client | null>;
  /** The clients of these ids, in no particular order; unknown ids are left out, anonymized clients are not. */
  getMany(ids: readonly string[]): Promise<Client[]>;
  update(client: Client): Promise<void>;
  listByHousehold(householdId: string): Promise<Client[]>;
  /** Sorted by name, then id; anonymized (erased) clients are left out. */
  search(search: ClientSearch): Promise<{ clients: Client[]; total: number }>;
}

export interface AssignmentRepository {
  /** Adds or changes a manager's assignment to a client. */
  assign(assignment: CaseAssignment): Promise<void>;
  unassign(clientId: string, managerId: string): Promise<void>;
  listForClient(clientId: string): Promise<CaseAssignment[]>;
}
