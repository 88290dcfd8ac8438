import type { CoreDeps } from "../deps.ts";
import { checkInNumber } from "../plans/check-in-keys.ts";
import { checkInRecipient, enqueueCheckIn, isFinished } from "../plans/check-ins.ts";
import { loadSubjects } from "../plans/plan-scope.ts";
import type { PlanStep } from "../plans/model.ts";
import type { StepAwaitingCheckIn } from "../plans/repositories.ts";
import type { Repositories } from "../ports/store.ts";
import { stepCheckInDueAt } from "./manager-times.ts";
import { clientZone, loadReminderSettings } from "./recipient-zone.ts";
import type { ReminderSettings } from "./settings.ts";
import { emptySweep, type SweepReport } from "./staff-recipients.ts";

/** Steps read per page (one query for the steps, one or two for their check-in rows). */
export const checkInSweepPageSize = 200;

/** The number the next check-in of a step gets: one more than any it had. */
export function nextCheckInNumber(awaiting: StepAwaitingCheckIn): number {
  const numbers = awaiting.earlier.map((c) => checkInNumber(awaiting.step.id, c.dedupeKey) ?? 0);
  return Math.max(0, ...numbers) + 1;
}

/** When the step was last asked about (the latest sent check-in) or answered, else when it was added. */
export function lastAskedAt(awaiting: StepAwaitingCheckIn): Date {
  const times = awaiting.earlier.flatMap((c) => (c.sentAt ? [c.sentAt.getTime()] : []));
  if (awaiting.step.lastCheckinAt) times.push(awaiting.step.lastCheckinAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : awaiting.step.createdAt;
}

/**
 * When the next check-in goes out: at the check-in time (10:00, tenant setting) in the recipient's zone on the
 * cadence day after the last one asked, out of the quiet hours. A day that has passed (the service was down, or
 * consent came back) is not caught up with several messages: the one question goes out at the next check-in time.
 */
export function nextCheckInDueAt(
  lastAsked: Date,
  cadenceDays: number,
  now: Date,
  zone: string,
  settings: Pick<ReminderSettings, "checkInAt" | "quietHours">,
): Date {
  const onCadence = stepCheckInDueAt(lastAsked, cadenceDays, 1, zone, settings);
  if (onCadence.getTime() > now.getTime()) return onCadence;
  const today = stepCheckInDueAt(now, 0, 1, zone, settings);
  return today.getTime() > now.getTime() ? today : stepCheckInDueAt(now, 1, 1, zone, settings);
}

/** An answer since the page was read has planned the next check-in itself. */
const answeredSince = (read: PlanStep, now: PlanStep): boolean => (now.lastCheckinAt?.getTime() ?? 0) !== (read.lastCheckinAt?.getTime() ?? 0);

/** Plans the next check-in of one step; false when nobody of the plan may be asked (consent, closed case). */
async function planCheckInFor(deps: CoreDeps, repositories: Repositories, awaiting: StepAwaitingCheckIn): Promise<boolean> {
  // Read again in the transaction: the step may have been finished, or answered (and its next check-in planned), since the page was read.
  const step = await repositories.steps.get(awaiting.step.id);
  const plan = await repositories.plans.get(awaiting.planId);
  if (!step || !plan || step.cadenceDays === null || isFinished(step.status) || answeredSince(awaiting.step, step)) return false;
  const people = (await loadSubjects(repositories, plan)).map((s) => s.client);
  const recipient = await checkInRecipient(repositories, people);
  if (!recipient) return false;
  const zone = await clientZone(repositories, recipient, deps.defaultZone);
  const settings = await loadReminderSettings(repositories, plan.tenantId);
  const dueAt = nextCheckInDueAt(lastAskedAt(awaiting), step.cadenceDays, deps.clock.now(), zone, settings);
  return enqueueCheckIn(deps, repositories, { plan, step, recipient, number: nextCheckInNumber(awaiting), dueAt });
}

/**
 * Sweep: check-ins continue at each step's cadence until the step is done or dropped, also when the client does not
 * answer (an answer plans the next one at once, src/core/plans/answer-check-in.ts). For every open or in-progress
 * step with a cadence and no check-in waiting in the outbox, the next one is planned for a person of the plan who
 * consented to check-ins and messaging. At most one is pending per step; the dedupe key numbers it, so running the
 * sweep again (or twice at once) plans nothing more. Reads through the repositories: no audit entries per run.
 */
export async function planDueCheckIns(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  let afterId: string | undefined;
  for (;;) {
    const page = await deps.store.steps.listAwaitingCheckIn({ ...(afterId === undefined ? {} : { afterId }), limit: checkInSweepPageSize });
    for (const awaiting of page.steps) {
      if (await deps.store.transaction((repositories) => planCheckInFor(deps, repositories, awaiting))) report.planned += 1;
    }
    if (page.nextAfterId === null) return report;
    afterId = page.nextAfterId;
  }
}
