import type { CoreDeps } from "../core/deps.ts";
import { runCounsellingPeriodJob } from "../core/counselling/period-job.ts";
import { purgeExpiredInvites } from "../core/invites/purge-expired-invites.ts";
import { planAttendancePrompts } from "../core/reminders/plan-attendance-prompts.ts";
import { planDueCheckIns } from "../core/reminders/plan-due-check-ins.ts";
import { planMorningAgendas } from "../core/reminders/plan-morning-agendas.ts";
import { planReviewDigests } from "../core/reminders/plan-review-digests.ts";
import { planReviewNudges } from "../core/reminders/plan-review-nudges.ts";
import { integreatOffersJob } from "./integreat/offers-job.ts";
import type { Logger } from "./logger.ts";
import { retentionJob } from "./retention-job.ts";
import type { ScheduledJob } from "./scheduler.ts";

/**
 * Every scheduled job of Lotse. The planning sweeps (src/core/reminders/plan-*.ts) only write outbox rows, so
 * quiet hours, rate limits and crash safety of the dispatcher apply; each is idempotent (dedupe keys) and
 * refreshes what it planned before, so running one more often, twice, or all of them at once is harmless.
 */
export interface Job {
  name: string;
  /** node-cron expression in the installation's zone (LOTSE_TIMEZONE). */
  expression: string;
  /** One run; returns what it did (counts only, never personal data). */
  run: () => Promise<unknown>;
}

export interface JobContext {
  deps: CoreDeps;
  logger: Logger;
  retentionDays: number;
}

/** The registry: what runs when. The sweeps plan what falls due within the next day, so hourly runs suffice. */
export function lotseJobs({ deps, logger, retentionDays }: JobContext): Job[] {
  const retention = retentionJob(deps, retentionDays, logger);
  return [
    { name: "purge-expired-invites", expression: "15 3 * * *", run: () => purgeExpiredInvites(deps) },
    { name: retention.name, expression: retention.expression, run: retention.run },
    { name: "plan-morning-agendas", expression: "5 * * * *", run: () => planMorningAgendas(deps) },
    { name: "plan-review-nudges", expression: "10 * * * *", run: () => planReviewNudges(deps) },
    { name: "plan-review-digests", expression: "20 * * * *", run: () => planReviewDigests(deps) },
    { name: "plan-attendance-prompts", expression: "*/10 * * * *", run: () => planAttendancePrompts(deps) },
    { name: "plan-due-check-ins", expression: "25 * * * *", run: () => planDueCheckIns(deps) },
    { name: "counselling-periods", expression: "30 2 * * *", run: () => runCounsellingPeriodJob(deps) },
    integreatOffersJob(deps, logger),
  ];
}

/** One finished run of a scheduled job, for the metrics (counts and times only). */
export interface JobRunEvent {
  job: string;
  ok: boolean;
  /** When the run ended (the application's clock). */
  at: Date;
  seconds: number;
}

export interface JobObserver {
  now: () => Date;
  observe: (event: JobRunEvent) => void;
}

/** The jobs in the form `startScheduler` takes; each run's result is logged (counts only) and observed (metrics). */
export function scheduledJobs(jobs: Job[], logger: Logger, observer?: JobObserver): ScheduledJob[] {
  return jobs.map((job) => ({
    name: job.name,
    expression: job.expression,
    run: async () => {
      // The duration on the monotonic clock; the end time on the application's clock (what the timestamps show).
      const started = performance.now();
      const observe = (ok: boolean) => observer?.observe({ job: job.name, ok, at: observer.now(), seconds: (performance.now() - started) / 1000 });
      let result: unknown;
      try {
        result = await job.run();
      } catch (error) {
        observe(false);
        throw error;
      }
      observe(true);
      if (result !== undefined) logger.debug({ job: job.name, result }, "scheduled job done");
    },
  }));
}

export type JobOutcome = { name: string; ok: true; result: unknown } | { name: string; ok: false; error: string };

/**
 * Runs every job once, now, in registry order (e.g. the playground after moving its clock). A failing job does not
 * stop the others; its error message is returned.
 */
export async function runAllJobsOnce(context: JobContext, jobs: Job[] = lotseJobs(context)): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs) {
    try {
      outcomes.push({ name: job.name, ok: true, result: await job.run() });
    } catch (error) {
      outcomes.push({ name: job.name, ok: false, error: (error as Error).message });
    }
  }
  return outcomes;
}
