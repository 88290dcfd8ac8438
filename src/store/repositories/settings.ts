import type { SettingRepository } from "../../core/ports/store.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawText } from "../raw-rows.ts";

const getSql = directStatement("setting_get", `SELECT "value" FROM "Setting" WHERE "key" = $1`);

/** `direct`: a tenant's reminder settings, read whenever a message is planned, on the driver (direct-sql.ts). */
export function settingRepository(db: DbTransaction, direct: DirectSql): SettingRepository {
  return {
    async get(key) {
      const [row] = await direct.rows(getSql, [key]);
      return row ? rawText(row, "value") : null;
    },
    async set(key, value) {
      await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}
