import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import { dataKeyFromBase64, type DataKey } from "./node-ports.ts";
import type { Logger } from "./logger.ts";

export const DEVELOPMENT_KEY_FILE = "data/lotse.key";

/**
 * The key for encryption at rest: LOTSE_DATA_KEY, or outside production a key kept in data/lotse.key (made on
 * first start, with a warning: losing that file makes encrypted notes unreadable).
 */
export function loadDataKey(configured: string | undefined, logger: Logger, file = DEVELOPMENT_KEY_FILE): DataKey {
  if (configured) return dataKeyFromBase64(configured);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600 });
    logger.warn({ file }, "LOTSE_DATA_KEY is not set: generated a development key file; set LOTSE_DATA_KEY in production");
  } else {
    logger.info({ file }, "LOTSE_DATA_KEY is not set: using the development key file");
  }
  return dataKeyFromBase64(readFileSync(file, "utf8").trim());
}
