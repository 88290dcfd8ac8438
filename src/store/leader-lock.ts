import pg from "pg";
import type { DatabaseTarget } from "./database-url.ts";

/**
 * Who may run a singleton job (the dispatcher). On PostgreSQL a session advisory lock held on a dedicated
 * connection: when the holder dies its connection closes and PostgreSQL frees the lock, so another instance takes
 * over at its next try. On SQLite there is one instance by design: it always leads.
 */
export interface LeaderLock {
  /** Takes the lock if free (or confirms it is still held); true when this instance leads. */
  acquire(): Promise<boolean>;
  /** Lets go (on shutdown), so another instance takes over without waiting. */
  release(): Promise<void>;
}

export const soleInstanceLock: LeaderLock = {
  acquire: async () => true,
  release: async () => {},
};

/** A PostgreSQL session advisory lock named `name` (hashed to the lock key by PostgreSQL itself). */
export function advisoryLeaderLock(url: string, name: string): LeaderLock {
  let client: pg.Client | null = null;
  let held = false;

  const drop = () => {
    const gone = client;
    client = null;
    held = false;
    gone?.end().catch(() => {});
  };

  return {
    async acquire() {
      try {
        if (!client) {
          const fresh = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000 });
          // A broken connection means the lock is gone (PostgreSQL frees it with the session).
          fresh.on("error", () => {
            if (client === fresh) drop();
          });
          fresh.on("end", () => {
            if (client === fresh) {
              client = null;
              held = false;
            }
          });
          client = fresh;
          await fresh.connect();
        }
        if (held) {
          // Still ours? A dead connection fails here, and then someone else may already lead.
          await client.query("SELECT 1");
          return true;
        }
        const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [name]);
        held = result.rows[0]?.locked === true;
        return held;
      } catch {
        drop();
        return false;
      }
    },
    async release() {
      const current = client;
      if (!current) return;
      try {
        if (held) await current.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
      } catch {
        // the session ends below, which frees the lock anyway
      }
      drop();
    },
  };
}

/** The dispatcher's lock for a database. */
export function dispatcherLock(target: DatabaseTarget, name = "lotse:dispatcher"): LeaderLock {
  return target.provider === "postgresql" ? advisoryLeaderLock(target.url, name) : soleInstanceLock;
}
