import type { CoreDeps } from "../core/deps.ts";
import { applyRetention, type RetentionResult } from "../core/privacy/apply-retention.ts";
import type { Logger } from "./logger.ts";

/** Daily at 03:30 (the installation's zone): retention (src/core/privacy/apply-retention.ts). Logs counts only. */
export function retentionJob(deps: CoreDeps, retentionDays: number, logger: Logger): { name: string; expression: string; run: () => Promise<RetentionResult> } {
  return {
    name: "retention",
    expression: "30 3 * * *",
    run: async () => {
      const result = await applyRetention(deps, { retentionDays });
      logger.info({ job: "retention", ...result }, "retention applied");
      return result;
    },
  };
}
