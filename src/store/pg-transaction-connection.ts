import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";

/**
 * PostgreSQL: the connection of a Prisma transaction, for statements beside Prisma inside it (direct-sql.ts). Prisma
 * takes a connection from the pool for each interactive transaction (adapter-pg's `startTransaction`) and runs
 * `BEGIN`, the work's queries and `COMMIT` on it; a statement on that same connection is part of the transaction.
 *
 * Which transaction is whose: the store opens each transaction inside a slot of its own (`inTransactionSlot`, an
 * AsyncLocalStorage scope). Prisma calls the adapter's `startTransaction` in the same asynchronous chain as
 * `$transaction` (its transaction manager awaits it directly), so the connection lands in the slot of the caller that
 * asked for it, never in another's. A slot takes only the first connection; the store refuses a transaction whose
 * slot stayed empty (a Prisma that no longer works this way) rather than run its statements on the pool.
 */
export interface TransactionSlot {
  connection: pg.PoolClient | null;
}

const slots = new AsyncLocalStorage<TransactionSlot>();

/** Runs `work` with an empty slot: the connection of the transaction it starts is put there. */
export function inTransactionSlot<T>(work: (slot: TransactionSlot) => Promise<T>): Promise<T> {
  const slot: TransactionSlot = { connection: null };
  return slots.run(slot, () => work(slot));
}

/** adapter-pg's transaction keeps its pool connection in the public field `client`. */
function connectionOf(transaction: unknown): pg.PoolClient | null {
  const client = (transaction as { client?: pg.PoolClient }).client;
  return client && typeof client.query === "function" && typeof client.release === "function" ? client : null;
}

function capturing(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "startTransaction") {
        return async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => {
          const transaction = await target.startTransaction(isolationLevel);
          const slot = slots.getStore();
          if (slot && slot.connection === null) slot.connection = connectionOf(transaction);
          return transaction;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** adapter-pg whose transactions put their connection into the caller's slot. */
export function capturingTransactionConnections(factory: PrismaPg): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return async () => capturing(await target.connect());
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
