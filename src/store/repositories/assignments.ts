import { z } from "zod";
import { assignmentKinds, type CaseAssignment } from "../../core/cases/model.ts";
import type { AssignmentRepository } from "../../core/cases/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const kindSchema = z.enum(assignmentKinds);
const toAssignment = (row: Omit<CaseAssignment, "kind"> & { kind: string }): CaseAssignment => ({
  ...row,
  kind: kindSchema.parse(row.kind),
});

export function assignmentRepository(db: DbTransaction): AssignmentRepository {
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
      const rows = await db.caseAssignment.findMany({ where: { clientId }, orderBy: [{ kind: "asc" }, { createdAt: "asc" }] });
      return rows.map(toAssignment);
    },
  };
}
