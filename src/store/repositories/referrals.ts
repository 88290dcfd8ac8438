import { z } from "zod";
import { referralStatuses, referralTargetKinds, type Referral } from "../../core/referrals/model.ts";
import type { ReferralRepository } from "../../core/referrals/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const targetKindSchema = z.enum(referralTargetKinds);
const statusSchema = z.enum(referralStatuses);
const toReferral = (row: Omit<Referral, "targetKind" | "status"> & { targetKind: string; status: string }): Referral => ({
  ...row,
  targetKind: targetKindSchema.parse(row.targetKind),
  status: statusSchema.parse(row.status),
});

export function referralRepository(db: DbTransaction): ReferralRepository {
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
      const rows = await db.referral.findMany({
        where: { managerId, followUpAt: { lte: dueBy }, status: "open" },
        orderBy: [{ followUpAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toReferral);
    },
  };
}
