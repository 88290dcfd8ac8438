import type { CoreDeps } from "../core/deps.ts";
import { applyRetention } from "../core/privacy/apply-retention.ts";
import type { Logger } from "./logger.ts";
import type { ScheduledJob } from "./scheduler.ts";

/** Daily at 03:30 (the installation's zone): retention (src/core/privacy/apply-retention.ts). Logs counts only. */
export function retentionJob(deps: CoreDeps, retentionDays: number, logger: Logger): ScheduledJob {
  return {
    name: "retention",
    expression: "30 3 * * *",
    run: async () => {
      const result = await applyRetention(deps, { retentionDays });
      logger.info({ job: "retention", ...result }, "retention applied");
    },
  };
}
