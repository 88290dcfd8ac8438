import type { ProcessedUpdateRepository } from "../../core/updates/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

export function processedUpdateRepository(db: DbTransaction): ProcessedUpdateRepository {
  return {
    async markProcessed(channel, updateId, at) {
      try {
        await db.processedUpdate.create({ data: { channel, updateId, at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async deleteOlderThan(before) {
      return (await db.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
    },
  };
}
