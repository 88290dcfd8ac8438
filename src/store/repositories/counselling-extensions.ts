import type { CounsellingExtensionRepository } from "../../core/counselling/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function counsellingExtensionRepository(db: DbTransaction): CounsellingExtensionRepository {
  return {
    async add(extension) {
      await db.counsellingExtension.create({ data: { ...extension } });
    },
    async listForClient(clientId) {
      return db.counsellingExtension.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    },
    async listForTenant(tenantId) {
      return db.counsellingExtension.findMany({ where: { tenantId }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    },
    async deleteForClient(clientId) {
      return (await db.counsellingExtension.deleteMany({ where: { clientId } })).count;
    },
  };
}
