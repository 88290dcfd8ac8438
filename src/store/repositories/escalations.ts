import { z } from "zod";
import { escalationKinds, type Escalation } from "../../core/escalations/model.ts";
import type { EscalationRepository } from "../../core/escalations/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawDateOrNull, rawText, rawTextOrNull } from "../raw-rows.ts";

const kindSchema = z.enum(escalationKinds);
const statusSchema = z.enum(["open", "resolved"]);
const toEscalation = (row: Omit<Escalation, "kind" | "status"> & { kind: string; status: string }): Escalation => ({
  ...row,
  kind: kindSchema.parse(row.kind),
  status: statusSchema.parse(row.status),
});

const openForManagerSql = directStatement(
  "escalations_open_for_manager",
  `SELECT "id", "tenantId", "clientId", "managerId", "kind", "subjectId", "status", "createdAt", "resolvedAt"
   FROM "Escalation" WHERE "managerId" = $1 AND "status" = 'open' ORDER BY "createdAt" ASC, "id" ASC`,
);

/** `direct`: the agenda's read runs on the driver (direct-sql.ts). */
export function escalationRepository(db: DbTransaction, direct: DirectSql): EscalationRepository {
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
    // Once per /agenda.
    async listOpenForManager(managerId) {
      const rows = await direct.rows(openForManagerSql, [managerId]);
      return rows.map((row) =>
        toEscalation({
          id: rawText(row, "id"),
          tenantId: rawText(row, "tenantId"),
          clientId: rawText(row, "clientId"),
          managerId: rawText(row, "managerId"),
          kind: rawText(row, "kind"),
          subjectId: rawTextOrNull(row, "subjectId"),
          status: rawText(row, "status"),
          createdAt: rawDate(row, "createdAt"),
          resolvedAt: rawDateOrNull(row, "resolvedAt"),
        }),
      );
    },
    async listForClient(clientId) {
      const rows = await db.escalation.findMany({ where: { clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toEscalation);
    },
  };
}
