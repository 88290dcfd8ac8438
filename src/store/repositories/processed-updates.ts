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
    async claimUpdate(channel, updateId, at, claimant) {
      const inserted = await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("channel", "updateId", "at", "done", "claimedBy")
        VALUES (${channel}, ${updateId}, ${at}, false, ${claimant.bootId}) ON CONFLICT DO NOTHING`;
      if (inserted === 1) return true;
      const leaseEnded = new Date(at.getTime() - claimant.leaseMs);
      const reclaimed = await db.processedUpdate.updateMany({
        where: { channel, updateId, done: false, OR: [{ claimedBy: null }, { claimedBy: { not: claimant.bootId } }, { at: { lt: leaseEnded } }] },
        data: { at, claimedBy: claimant.bootId },
      });
      return reclaimed.count === 1;
    },
    async completeUpdate(channel, updateId) {
      await db.processedUpdate.updateMany({ where: { channel, updateId }, data: { done: true, claimedBy: null } });
    },
    async deleteOlderThan(before) {
      return (await db.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
    },
  };
}
