import { z } from "zod";
import { referralStatuses, referralTargetKinds, type Referral } from "../../core/referrals/model.ts";
import type { ReferralRepository } from "../../core/referrals/repositories.ts";
import { rawDate, rawDateOrNull, rawText, type RawRow } from "../raw-rows.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";

const targetKindSchema = z.enum(referralTargetKinds);
const statusSchema = z.enum(referralStatuses);
const toReferral = (row: Omit<Referral, "targetKind" | "status"> & { targetKind: string; status: string }): Referral => ({
  ...row,
  targetKind: targetKindSchema.parse(row.targetKind),
  status: statusSchema.parse(row.status),
});

const followUpsDueSql = directStatement(
  "referrals_follow_ups_due",
  `SELECT "id", "tenantId", "clientId", "managerId", "targetKind", "target", "status", "followUpAt", "createdAt"
   FROM "Referral" WHERE "managerId" = $1 AND "followUpAt" <= $2 AND "status" = 'open' ORDER BY "followUpAt" ASC, "id" ASC`,
);

const fromRaw = (row: RawRow): Referral =>
  toReferral({
    id: rawText(row, "id"),
    tenantId: rawText(row, "tenantId"),
    clientId: rawText(row, "clientId"),
    managerId: rawText(row, "managerId"),
    targetKind: rawText(row, "targetKind"),
    target: rawText(row, "target"),
    status: rawText(row, "status"),
    followUpAt: rawDateOrNull(row, "followUpAt"),
    createdAt: rawDate(row, "createdAt"),
  });

/** `direct`: the agenda's read runs on the driver (direct-sql.ts). */
export function referralRepository(db: DbTransaction, direct: DirectSql): ReferralRepository {
  return {
    async create(referral) {
      await db.referral.create({ data: { ...referral } });
    },
    async get(id) {
      const row = await db.referral.findUnique({ where: { id } });
      return row ? toReferral(row) : null;
    },
    async update(referral) {
      const { id, ...data } = referral;
      await db.referral.update({ where: { id }, data });
    },
    async listForClient(clientId) {
      const rows = await db.referral.findMany({ where: { clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toReferral);
    },
    async listFollowUpsDue(managerId, dueBy) {
      return (await direct.rows(followUpsDueSql, [managerId, dueBy])).map(fromRaw);
    },
  };
}
