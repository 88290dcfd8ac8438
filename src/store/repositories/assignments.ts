import { z } from "zod";
import { assignmentKinds, type CaseAssignment } from "../../core/cases/model.ts";
import type { AssignmentRepository } from "../../core/cases/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawText } from "../raw-rows.ts";

const kindSchema = z.enum(assignmentKinds);
const toAssignment = (row: Omit<CaseAssignment, "kind"> & { kind: string }): CaseAssignment => ({
  ...row,
  kind: kindSchema.parse(row.kind),
});

const listForClientSql = directStatement(
  "assignments_of_client",
  `SELECT "clientId", "managerId", "kind", "createdAt" FROM "CaseAssignment" WHERE "clientId" = $1 ORDER BY "kind", "createdAt"`,
);

/** `direct`: who manages a client (read by every plan step a client answers about) on the driver (direct-sql.ts). */
export function assignmentRepository(db: DbTransaction, direct: DirectSql): AssignmentRepository {
  return {
    async assign(assignment) {
      const { clientId, managerId } = assignment;
      await db.caseAssignment.upsert({
        where: { clientId_managerId: { clientId, managerId } },
        create: { ...assignment },
        update: { kind: assignment.kind },
      });
    },
    async unassign(clientId, managerId) {
      await db.caseAssignment.deleteMany({ where: { clientId, managerId } });
    },
    async listForClient(clientId) {
      const raw = await direct.rows(listForClientSql, [clientId]);
      return raw.map((row) =>
        toAssignment({
          clientId: rawText(row, "clientId"),
          managerId: rawText(row, "managerId"),
          kind: rawText(row, "kind"),
          createdAt: rawDate(row, "createdAt"),
        }),
      );
    },
  };
}
