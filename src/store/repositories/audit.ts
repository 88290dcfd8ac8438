import type { AuditEvent } from "../../core/audit/model.ts";
import type { AuditRepository } from "../../core/ports/store.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function auditRepository(db: DbTransaction): AuditRepository {
  return {
    async record(event) {
      await db.auditEvent.create({ data: { ...event } });
    },
    async listForClient(clientId): Promise<AuditEvent[]> {
      return db.auditEvent.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    },
  };
}
