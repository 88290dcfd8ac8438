import type { DialogStateRepository } from "../../core/dialog/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawText } from "../raw-rows.ts";
import type { TextSealer } from "../text-sealer.ts";

const getSql = directStatement("dialog_get", `SELECT "state", "expiresAt" FROM "DialogState" WHERE "key" = $1`);

/**
 * The core validates the state it reads back (it owns the dialog schemas); the store only keeps JSON text, sealed
 * (text-sealer.ts): a running form holds what was typed so far (a place, a note).
 * `direct`: the read of every update runs on the driver (direct-sql.ts).
 */
export function dialogStateRepository(db: DbTransaction, sealer: TextSealer, direct: DirectSql): DialogStateRepository {
  return {
    // Read for every chat update.
    async get(key, now) {
      const [row] = await direct.rows(getSql, [key]);
      if (!row || rawDate(row, "expiresAt") <= now) return null;
      try {
        return JSON.parse(sealer.open(rawText(row, "state"))) as unknown;
      } catch {
        return null; // unreadable (or under a key no longer configured): the form has ended, as when it expires
      }
    },
    async put(key, state, expiresAt) {
      const json = sealer.seal(JSON.stringify(state));
      await db.dialogState.upsert({ where: { key }, create: { key, state: json, expiresAt }, update: { state: json, expiresAt } });
    },
    async delete(key) {
      await db.dialogState.deleteMany({ where: { key } });
    },
    async deleteExpired(before) {
      return (await db.dialogState.deleteMany({ where: { expiresAt: { lte: before } } })).count;
    },
  };
}
