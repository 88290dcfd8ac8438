import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawText } from "../raw-rows.ts";

const caseloadSql = directStatement("caseload_client_ids", `SELECT "clientId" FROM "CaseAssignment" WHERE "managerId" = $1`);

/**
 * A filter on plans: those of the manager's clients and their households; null for an empty caseload (nothing to
 * ask). `direct`: the first read runs on the driver (direct-sql.ts).
 */
export async function caseloadPlanFilter(db: DbTransaction, managerId: string, direct: DirectSql) {
  // Two indexed lookups (by manager, then by client id); the second only for a caseload that is not empty.
  const assignments = await direct.rows(caseloadSql, [managerId]);
  if (assignments.length === 0) return null;
  const clientIds = assignments.map((a) => rawText(a, "clientId"));
  const households = await db.client.findMany({ where: { id: { in: clientIds } }, select: { householdId: true } });
  return {
    OR: [{ clientId: { in: clientIds } }, { householdId: { in: [...new Set(households.map((c) => c.householdId))] } }],
  };
}
