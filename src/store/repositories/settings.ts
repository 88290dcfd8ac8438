import type { SettingRepository } from "../../core/ports/store.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function settingRepository(db: DbTransaction): SettingRepository {
  return {
    async get(key) {
      return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
    },
    async set(key, value) {
      await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}
