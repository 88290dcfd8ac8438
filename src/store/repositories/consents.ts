import { z } from "zod";
import { consentPurposes, type ConsentRecord } from "../../core/consent/model.ts";
import type { ConsentRepository } from "../../core/consent/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawBoolean, rawDate, rawInteger, rawText } from "../raw-rows.ts";

const purposeSchema = z.enum(consentPurposes);
const toRecord = (row: Omit<ConsentRecord, "purpose"> & { purpose: string }): ConsentRecord => ({
  ...row,
  purpose: purposeSchema.parse(row.purpose),
});

const listForClientSql = directStatement(
  "consents_of_client",
  `SELECT "id", "clientId", "purpose", "version", "given", "channel", "at" FROM "Consent" WHERE "clientId" = $1 ORDER BY "at", "id"`,
);

/** `direct`: the ledger read before every message to a client on the driver (direct-sql.ts). */
export function consentRepository(db: DbTransaction, direct: DirectSql): ConsentRepository {
  return {
    async append(record) {
      await db.consent.create({ data: { ...record } });
    },
    async listForClient(clientId) {
      const raw = await direct.rows(listForClientSql, [clientId]);
      return raw.map((row) =>
        toRecord({
          id: rawText(row, "id"),
          clientId: rawText(row, "clientId"),
          purpose: rawText(row, "purpose"),
          version: rawInteger(row, "version"),
          given: rawBoolean(row, "given"),
          channel: rawText(row, "channel"),
          at: rawDate(row, "at"),
        }),
      );
    },
  };
}
