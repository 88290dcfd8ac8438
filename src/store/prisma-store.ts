import type { Repositories, Store } from "../core/ports/store.ts";
import type { DatabaseProvider, DatabaseTarget } from "./database-url.ts";
import { createPrismaConnection, type Db, type DbTransaction } from "./prisma-client.ts";
import { endingWith, pgDirectSql, type DirectSql } from "./direct-sql.ts";
import { inTransactionSlot, type TransactionSlot } from "./pg-transaction-connection.ts";
import { pgStatements, type PgStatements } from "./pg-statements.ts";
import { SqliteAdapterFactory } from "./sqlite-adapter.ts";
import { startSqliteCheckpointer } from "./sqlite-checkpointer.ts";
import { plainText, type TextSealer } from "./text-sealer.ts";
import { appointmentRepository } from "./repositories/appointments.ts";
import { assignmentRepository } from "./repositories/assignments.ts";
import { auditRepository, standaloneAuditRepository } from "./repositories/audit.ts";
import { clientRepository } from "./repositories/clients.ts";
import { consentRepository } from "./repositories/consents.ts";
import { contactRepository } from "./repositories/contacts.ts";
import { conversationRepository } from "./repositories/conversations.ts";
import { counsellingExtensionRepository } from "./repositories/counselling-extensions.ts";
import { dialogStateRepository } from "./repositories/dialogs.ts";
import { escalationRepository } from "./repositories/escalations.ts";
import { figuresRepository } from "./repositories/figures.ts";
import { handoverRepository } from "./repositories/handovers.ts";
import { householdRepository } from "./repositories/households.ts";
import { identityRepository } from "./repositories/identities.ts";
import { localOfferRepository } from "./repositories/local-offers.ts";
import { outboxRepository } from "./repositories/outbox.ts";
import { planRepositories } from "./repositories/plan-repositories.ts";
import { privacyRepository } from "./repositories/privacy.ts";
import { reportRepository } from "./repositories/reports.ts";
import { processedUpdateRepository } from "./repositories/processed-updates.ts";
import { inviteRepository } from "./repositories/invites.ts";
import { managerRepository } from "./repositories/managers.ts";
import { municipalityRepository } from "./repositories/municipalities.ts";
import { settingRepository } from "./repositories/settings.ts";
import { tenantRepository } from "./repositories/tenants.ts";
import { volunteerRepositories } from "./repositories/volunteers.ts";

/** Statements beside Prisma (direct-sql.ts, pg-statements.ts). */
interface Beside {
  /** Statements on either database: on the pool or the one connection, or on a transaction's own connection. */
  direct: DirectSql;
  /** PostgreSQL, outside transactions only: the dispatcher's claim and mark. */
  pg?: PgStatements;
}

/** All but the audit log, whose appends differ inside and outside a transaction (repositories/audit.ts). */
function repositoriesOn(db: DbTransaction, provider: DatabaseProvider, sealer: TextSealer, beside: Beside): Omit<Repositories, "audit"> {
  const { direct } = beside;
  const volunteers = volunteerRepositories(db, sealer, direct);
  return {
    tenants: tenantRepository(db, direct),
    municipalities: municipalityRepository(db),
    managers: managerRepository(db, direct),
    invites: inviteRepository(db),
    settings: settingRepository(db, direct),
    households: householdRepository(db),
    clients: clientRepository(db, direct),
    assignments: assignmentRepository(db, direct),
    identities: identityRepository(db, direct),
    escalations: escalationRepository(db, direct),
    consents: consentRepository(db, direct),
    outbox: outboxRepository(db, provider, sealer, direct, beside.pg),
    dialogs: dialogStateRepository(db, sealer, direct),
    processedUpdates: processedUpdateRepository(db, direct),
    ...planRepositories(db, sealer, direct),
    appointments: appointmentRepository(db, sealer, direct),
    contacts: contactRepository(db),
    handovers: handoverRepository(db),
    figures: figuresRepository(db),
    privacy: privacyRepository(db),
    reports: reportRepository(db),
    counsellingExtensions: counsellingExtensionRepository(db),
    localOffers: localOfferRepository(db),
    ...volunteers,
    conversations: conversationRepository(db, sealer, direct),
  };
}

export interface PrismaStore extends Store {
  readonly target: DatabaseTarget;
  readonly db: Db;
}

export interface PrismaStoreOptions {
  /**
   * SQLite: WAL checkpoints in a worker thread instead of inside commits (sqlite-checkpointer.ts), so no statement
   * waits for one. For long-running processes (the server); a short CLI run keeps SQLite's default.
   */
  backgroundCheckpoints?: boolean;
  /** The checkpoint thread failed; commits checkpoint again from then on. */
  onCheckpointerFailure?: (error: Error) => void;
  /** PostgreSQL: an idle connection was ended by the server (a restart, a failover); the pool opens a new one. */
  onConnectionLost?: (error: Error) => void;
  /**
   * Seals goal texts, step texts and parameters, appointment places, plan versions and conversation texts, file
   * references and file names at rest (text-sealer.ts). The server and the command line always pass one; without it
   * (store tests, benchmarks) those texts are kept as they are.
   */
  sealer?: TextSealer;
}

/** The store port on Prisma, for SQLite and PostgreSQL alike. Migrations are applied separately (migrator.ts). */
export function createPrismaStore(target: DatabaseTarget, options: PrismaStoreOptions = {}): PrismaStore {
  const checkpointFile = target.provider === "sqlite" && options.backgroundCheckpoints === true ? target.file : undefined;
  const sqliteAdapter =
    target.provider === "sqlite" ? new SqliteAdapterFactory({ url: target.url, checkpointElsewhere: checkpointFile !== undefined }) : undefined;
  const connection = createPrismaConnection(target, sqliteAdapter, (error) => options.onConnectionLost?.(error));
  const { db } = connection;
  const checkpointer =
    checkpointFile === undefined
      ? undefined
      : startSqliteCheckpointer({
          file: checkpointFile,
          onFailure: (error) => {
            sqliteAdapter?.checkpointInCommits();
            options.onCheckpointerFailure?.(error);
          },
        });
  const sealer = options.sealer ?? plainText;
  const pg = connection.pgPool ? pgStatements(connection.pgPool) : undefined;
  const direct = pg ? pgDirectSql(pg) : sqliteAdapter?.direct(() => db.$connect());
  if (!direct) throw new Error("no SQLite adapter for the direct statements");
  /**
   * The statements of a transaction on its own connection (SQLite: the one connection, which the transaction holds;
   * PostgreSQL: the connection Prisma took for it, pg-transaction-connection.ts).
   */
  const directInTransaction = (slot: TransactionSlot | null): { sql: DirectSql; end(): void } => {
    if (sqliteAdapter) return sqliteAdapter.directInTransaction();
    // Never the pool instead: a statement there would run outside the transaction.
    if (!slot?.connection) throw new Error("Prisma did not hand over the connection of the transaction");
    return endingWith(pgDirectSql(pgStatements(slot.connection)));
  };
  /**
   * PostgreSQL: each transaction in a slot of its own that receives its connection. SQLite needs none (the one
   * connection), and goes without: a slot is an AsyncLocalStorage scope, and once one is used Node tracks every
   * promise of the process (about 1 % more CPU per update, docs/benchmarks.md, P1).
   */
  const withSlot = <T>(work: (slot: TransactionSlot | null) => Promise<T>): Promise<T> => (sqliteAdapter ? work(null) : inTransactionSlot(work));
  return {
    target,
    db,
    ...repositoriesOn(db, target.provider, sealer, { direct, ...(pg ? { pg } : {}) }),
    audit: standaloneAuditRepository(db),
    transaction: (work) =>
      withSlot((slot) =>
        db.$transaction(
          async (tx) => {
            const inside = directInTransaction(slot);
            try {
              const audit = auditRepository(tx, inside.sql);
              const result = await work({ ...repositoriesOn(tx, target.provider, sealer, { direct: inside.sql }), audit });
              await audit.appendHeld();
              return result;
            } finally {
              inside.end();
            }
          },
          { timeout: 15_000, maxWait: 10_000 },
        ),
      ),
    async ping() {
      await db.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await connection.close();
      await checkpointer?.stop();
    },
  };
}
