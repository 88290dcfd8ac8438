import type { HandoverRepository } from "../../core/handover/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function handoverRepository(db: DbTransaction): HandoverRepository {
  return {
    async create(handover) {
      await db.handover.create({ data: { ...handover } });
    },
    async listForClient(clientId) {
      return db.handover.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    },
    async clearNotesForClient(clientId) {
      const result = await db.handover.updateMany({ where: { clientId, note: { not: null } }, data: { note: null } });
      return result.count;
    },
  };
}
