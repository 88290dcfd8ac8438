import type { ProcessedUpdateRepository } from "../../core/updates/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";

const claimSql = directStatement(
  "update_claim",
  `INSERT INTO "ProcessedUpdate" ("channel", "updateId", "at", "done", "claimedBy") VALUES ($1, $2, $3, false, $4) ON CONFLICT DO NOTHING`,
);
const completeSql = directStatement(
  "update_complete",
  `UPDATE "ProcessedUpdate" SET "done" = true, "claimedBy" = NULL WHERE "channel" = $1 AND "updateId" = $2`,
);

/**
 * `direct`: the claim and the completion of every update run on the driver (direct-sql.ts).
 * A redelivery of a claimed update (rare) takes it over through Prisma.
 */
export function processedUpdateRepository(db: DbTransaction, direct: DirectSql): ProcessedUpdateRepository {
  return {
    // Once per inbound update: raw SQL (see raw-rows.ts); a repeated update inserts nothing.
    async markProcessed(channel, updateId, at) {
      const inserted = await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("channel", "updateId", "at") VALUES (${channel}, ${updateId}, ${at}) ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
    async claimUpdate(channel, updateId, at, claimant) {
      const inserted = await direct.run(claimSql, [channel, updateId, at, claimant.bootId]);
      if (inserted === 1) return true;
      const leaseEnded = new Date(at.getTime() - claimant.leaseMs);
      const reclaimed = await db.processedUpdate.updateMany({
        where: { channel, updateId, done: false, OR: [{ claimedBy: null }, { claimedBy: { not: claimant.bootId } }, { at: { lt: leaseEnded } }] },
        data: { at, claimedBy: claimant.bootId },
      });
      return reclaimed.count === 1;
    },
    async completeUpdate(channel, updateId) {
      await direct.run(completeSql, [channel, updateId]);
    },
    async deleteOlderThan(before) {
      return (await db.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
    },
  };
}
