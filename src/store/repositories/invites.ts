import { z } from "zod";
import { invitePurposes, type Invite } from "../../core/invites/model.ts";
import type { InviteRepository } from "../../core/ports/store.ts";
import type { DbTransaction } from "../prisma-client.ts";

type Row = Omit<Invite, "purpose"> & { purpose: string };
const purposeSchema = z.enum(invitePurposes);

const toInvite = (row: Row): Invite => ({ ...row, purpose: purposeSchema.parse(row.purpose) });

export function inviteRepository(db: DbTransaction): InviteRepository {
  return {
    async create(invite) {
      await db.invite.create({ data: { ...invite } });
    },
    async findByCodeHash(codeHash) {
      const row = await db.invite.findUnique({ where: { codeHash } });
      return row ? toInvite(row) : null;
    },
    async markUsed(id, at) {
      const result = await db.invite.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
      return result.count === 1;
    },
    async revokeUnusedForManager(managerId) {
      return (await db.invite.deleteMany({ where: { managerId, usedAt: null } })).count;
    },
    async closeUnusedForClient(clientId, at) {
      return (await db.invite.updateMany({ where: { clientId, usedAt: null }, data: { usedAt: at } })).count;
    },
    async deleteExpired(before) {
      return (await db.invite.deleteMany({ where: { expiresAt: { lt: before } } })).count;
    },
  };
}
