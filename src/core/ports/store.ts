import type { Invite } from "../invites/model.ts";
import type { Manager, Municipality, Tenant } from "../setup/model.ts";
import type { AuditChainHead, AuditEvent, AuditSeal, ChainedAuditEvent } from "../audit/model.ts";
import type { CaseworkRepositories } from "../appointments/repositories.ts";
import type { AssignmentRepository, ClientRepository, HouseholdRepository } from "../cases/repositories.ts";
import type { ConsentRepository } from "../consent/repositories.ts";
import type { ConversationRepositories } from "../conversations/repositories.ts";
import type { CounsellingRepositories } from "../counselling/repositories.ts";
import type { DialogStateRepository } from "../dialog/repositories.ts";
import type { EscalationRepository } from "../escalations/repositories.ts";
import type { IdentityRepository } from "../identities/repositories.ts";
import type { OfferRepositories } from "../offers/repositories.ts";
import type { OutboxRepository } from "../outbox/repositories.ts";
import type { PlanRepositories } from "../plans/repositories.ts";
import type { PrivacyRepository } from "../privacy/repositories.ts";
import type { ReportRepository } from "../reports/repositories.ts";
import type { ProcessedUpdateRepository } from "../updates/repositories.ts";
import type { VolunteerRepositories } from "../volunteers/repositories.ts";

export interface TenantRepository {
  create(tenant: Tenant): Promise<void>;
  get(id: string): Promise<Tenant | null>;
  list(): Promise<Tenant[]>;
}

export interface MunicipalityRepository {
  create(municipality: Municipality): Promise<void>;
  get(id: string): Promise<Municipality | null>;
  listByTenant(tenantId: string): Promise<Municipality[]>;
}

export interface ManagerRepository {
  create(manager: Manager): Promise<void>;
  get(id: string): Promise<Manager | null>;
  listByTenant(tenantId: string): Promise<Manager[]>;
  findByAadObjectId(aadObjectId: string): Promise<Manager | null>;
  /** A staff member's own quiet hours and working days (null: the defaults). */
  setWorkingTimes(id: string, times: { quietHours: string | null; workDays: string | null }): Promise<void>;
  /** Switches a staff member off (they left) or on again. */
  setActive(id: string, active: boolean): Promise<void>;
  /** A staff member's role and qualification (a, b, c; null: none). */
  setRole(id: string, role: Pick<Manager, "role" | "qualification">): Promise<void>;
}

export interface InviteRepository {
  create(invite: Invite): Promise<void>;
  findByCodeHash(codeHash: string): Promise<Invite | null>;
  /** Marks an unused invite used; false when it was already used (single use under concurrency). */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Removes unused invites of a manager, e.g. when a fresh one is issued. */
  revokeUnusedForManager(managerId: string): Promise<number>;
  /**
   * Closes a client's unused invites (marks them used at `at`): a fresh invite replaces them, and a link with one
   * ends the others, so a stray older link never takes over the client's chat. Returns how many were open.
   */
  closeUnusedForClient(clientId: string, at: Date): Promise<number>;
  deleteExpired(before: Date): Promise<number>;
}

/**
 * The audit log, a tamper-evident chain (docs/architecture.md, "Audit chain"): every entry gets the next `seq` and
 * the hash `seal` computes over the hash before it, in the transaction that inserts it. Concurrent writers (server
 * instances, the command line) take turns at the end of the chain, so it never forks.
 */
export interface AuditRepository {
  /**
   * Appends an entry at the end of the chain. Inside a transaction the store may hold it until the work is done
   * (it commits or rolls back with the transaction; `listForClient` in the same transaction need not see it).
   */
  record(event: AuditEvent, seal: AuditSeal): Promise<void>;
  listForClient(clientId: string): Promise<AuditEvent[]>;
  /** A tenant's entries with `from <= at < to` (of one actor when given), in time order: the audit export. */
  listForTenant(query: { tenantId: string; from: Date; to: Date; actorId?: string }): Promise<AuditEvent[]>;
  /** Chained entries with a seq above `afterSeq`, in seq order, at most `limit`. */
  listChain(afterSeq: number, limit: number): Promise<ChainedAuditEvent[]>;
  /** The end of the chain as the last append left it; null when its record is gone. */
  chainHead(): Promise<AuditChainHead | null>;
  /** Entries written before the chain began (they have no seq and are not protected). */
  countUnchained(): Promise<number>;
}

/** Small installation-wide values, e.g. the Telegram bot's username once known. */
export interface SettingRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Set-up, audit and settings: the foundation's repositories. */
export interface SetupRepositories {
  tenants: TenantRepository;
  municipalities: MunicipalityRepository;
  managers: ManagerRepository;
  invites: InviteRepository;
  audit: AuditRepository;
  settings: SettingRepository;
}

export interface CaseRepositories {
  households: HouseholdRepository;
  clients: ClientRepository;
  assignments: AssignmentRepository;
  identities: IdentityRepository;
  escalations: EscalationRepository;
  consents: ConsentRepository;
}

export interface MessagingRepositories {
  outbox: OutboxRepository;
  dialogs: DialogStateRepository;
  processedUpdates: ProcessedUpdateRepository;
}

/** Retention, key rotation and the funding report. */
export interface DataProtectionRepositories {
  privacy: PrivacyRepository;
  reports: ReportRepository;
}

/** Every repository. Each area adds its group here (one line), its Prisma implementation in src/store/repositories. */
export interface Repositories
  extends
    SetupRepositories,
    CaseRepositories,
    MessagingRepositories,
    PlanRepositories,
    CaseworkRepositories,
    DataProtectionRepositories,
    CounsellingRepositories,
    OfferRepositories,
    VolunteerRepositories,
    ConversationRepositories {}

export interface Store extends Repositories {
  /** Runs the work atomically: all writes or none. */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
