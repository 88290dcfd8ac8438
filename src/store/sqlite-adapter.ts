import { createClient, type Client, type Config, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
const BUSY_TIMEOUT = `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`;

/**
 * The libsql adapter with a busy timeout on every connection. libsql opens a fresh connection after each
 * transaction and offers no timeout option, so the pragma is set again whenever that happens. Without it a
 * second process (the CLI next to the server) would fail at once with SQLITE_BUSY instead of waiting.
 */
export class SqliteAdapterFactory extends PrismaLibSQL {
  override createClient(config: Config): Client {
    const client = createClient(config);
    void client.execute(BUSY_TIMEOUT);
    const transaction = client.transaction.bind(client);
    client.transaction = async (mode?: TransactionMode) => {
      const tx = await transaction(mode);
      await client.execute(BUSY_TIMEOUT);
      return tx;
    };
    return client;
  }
}
