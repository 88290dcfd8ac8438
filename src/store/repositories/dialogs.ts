import type { DialogStateRepository } from "../../core/dialog/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

/** The core validates the state it reads back (it owns the dialog schemas); the store only keeps JSON text. */
export function dialogStateRepository(db: DbTransaction): DialogStateRepository {
  return {
    async get(key, now) {
      const row = await db.dialogState.findUnique({ where: { key } });
      if (!row || row.expiresAt <= now) return null;
      try {
        return JSON.parse(row.state) as unknown;
      } catch {
        return null;
      }
    },
    async put(key, state, expiresAt) {
      const json = JSON.stringify(state);
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
