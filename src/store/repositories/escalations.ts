import { z } from "zod";
import { escalationKinds, type Escalation } from "../../core/escalations/model.ts";
import type { EscalationRepository } from "../../core/escalations/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const kindSchema = z.enum(escalationKinds);
const statusSchema = z.enum(["open", "resolved"]);
const toEscalation = (row: Omit<Escalation, "kind" | "status"> & { kind: string; status: string }): Escalation => ({
  ...row,
  kind: kindSchema.parse(row.kind),
  status: statusSchema.parse(row.status),
});

export function escalationRepository(db: DbTransaction): EscalationRepository {
  return {
    async create(escalation) {
      await db.escalation.create({ data: { ...escalation } });
    },
    async get(id) {
      const row = await db.escalation.findUnique({ where: { id } });
      return row ? toEscalation(row) : null;
    },
    async update(escalation) {
      const { id, ...data } = escalation;
      await db.escalation.update({ where: { id }, data });
    },
    async listOpenForManager(managerId) {
      const rows = await db.escalation.findMany({ where: { managerId, status: "open" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toEscalation);
    },
    async listForClient(clientId) {
      const rows = await db.escalation.findMany({ where: { clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toEscalation);
    },
  };
}
