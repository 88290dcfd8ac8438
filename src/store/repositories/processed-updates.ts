import type { ProcessedUpdateRepository } from "../../core/updates/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function processedUpdateRepository(db: DbTransaction): ProcessedUpdateRepository {
  return {
    // Once per inbound update: raw SQL (see raw-rows.ts); a repeated update inserts nothing.
    async markProcessed(channel, updateId, at) {
      const inserted = await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("channel", "updateId", "at") VALUES (${channel}, ${updateId}, ${at}) ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
    async deleteOlderThan(before) {
      return (await db.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
    },
  };
}
