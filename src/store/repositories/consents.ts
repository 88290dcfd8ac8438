import { z } from "zod";
import { consentPurposes, type ConsentRecord } from "../../core/consent/model.ts";
import type { ConsentRepository } from "../../core/consent/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const purposeSchema = z.enum(consentPurposes);
const toRecord = (row: Omit<ConsentRecord, "purpose"> & { purpose: string }): ConsentRecord => ({
  ...row,
  purpose: purposeSchema.parse(row.purpose),
});

export function consentRepository(db: DbTransaction): ConsentRepository {
  return {
    async append(record) {
      await db.consent.create({ data: { ...record } });
    },
    async listForClient(clientId) {
      const rows = await db.consent.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      return rows.map(toRecord);
    },
  };
}
