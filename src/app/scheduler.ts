import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "./logger.ts";

export interface ScheduledJob {
  name: string;
  /** node-cron expression (5 or 6 fields), evaluated in the given time zone. */
  expression: string;
  run: () => Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Runs jobs with node-cron; a job never overlaps itself, and a failure is logged, never thrown. */
export function startScheduler(jobs: ScheduledJob[], timezone: string, logger: Logger): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.expression,
      async () => {
        try {
          await job.run();
        } catch (error) {
          logger.error({ job: job.name, err: { message: (error as Error).message } }, "scheduled job failed");
        }
      },
      { name: job.name, timezone, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}
