import type { AssessmentRepository, AssessmentVersionRepository } from "../assessment/repositories.ts";
import type { ReferralRepository } from "../referrals/repositories.ts";
import type { CheckIn, Goal, IntegrationPlan, PlanAnswer, PlanStep, PlanVersion } from "./model.ts";

export interface DueReviewQuery {
  tenantId: string;
  /** Plans whose next review is on or before this instant. */
  dueBy: Date;
  /** Only plans of this manager's caseload: plans of assigned clients and of their households. */
  managerId?: string;
}

export interface PlanRepository {
  create(plan: IntegrationPlan): Promise<void>;
  get(id: string): Promise<IntegrationPlan | null>;
  /** The plan of one client (not their household's). */
  findForClient(clientId: string): Promise<IntegrationPlan | null>;
  findForHousehold(householdId: string): Promise<IntegrationPlan | null>;
  /** Records that goals or steps changed. */
  touch(planId: string, at: Date): Promise<void>;
  setNextReviewAt(planId: string, nextReviewAt: Date | null, at: Date): Promise<void>;
  /**
   * Moves the plan from `fromVersion` to the next version with a new review date; false when the plan is no longer
   * at `fromVersion` (a concurrent review won).
   */
  bumpVersion(planId: string, fromVersion: number, nextReviewAt: Date | null, at: Date): Promise<boolean>;
  /** Due plans, earliest review first (then id). */
  listDueForReview(query: DueReviewQuery): Promise<IntegrationPlan[]>;
}

export interface GoalRepository {
  create(goal: Goal): Promise<void>;
  get(id: string): Promise<Goal | null>;
  update(goal: Goal): Promise<void>;
  /** By position, then id. */
  listForPlan(planId: string): Promise<Goal[]>;
}

/** A check-in question about a step that is no longer waiting to be sent (sent, failed or cancelled). */
export interface EarlierCheckIn {
  dedupeKey: string;
  /** When it went out; null when it never did. */
  sentAt: Date | null;
}

/**
 * A step asked about at a cadence (open or in progress, with a cadence) that has no check-in question waiting in the
 * outbox (pending or being sent). Its check-in questions are the outbox rows to the people of its plan whose message
 * key is `checkInMessageKey` and whose dedupe key starts with `checkInDedupePrefix(step.id)` (src/core/plans/check-in-keys.ts).
 */
export interface StepAwaitingCheckIn {
  step: PlanStep;
  planId: string;
  earlier: EarlierCheckIn[];
}

/** A step due in a manager's caseload, with whom its plan is for. */
export interface DueStep {
  step: PlanStep;
  plan: Pick<IntegrationPlan, "id" | "clientId" | "householdId">;
}

export interface StepsAwaitingCheckInPage {
  steps: StepAwaitingCheckIn[];
  /** Pass as `afterId` for the next page; null after the last. */
  nextAfterId: string | null;
}

export interface StepRepository {
  create(step: PlanStep): Promise<void>;
  get(id: string): Promise<PlanStep | null>;
  update(step: PlanStep): Promise<void>;
  /** Every step of every goal of a plan, oldest first (then id). */
  listForPlan(planId: string): Promise<PlanStep[]>;
  /**
   * Steps awaiting their next check-in question, by id: of the (at most `limit`) steps with a cadence that are open
   * or in progress and whose id is after `afterId`, those without a pending or sending check-in in the outbox.
   */
  listAwaitingCheckIn(query: { afterId?: string; limit: number }): Promise<StepsAwaitingCheckInPage>;
  /**
   * Open or in-progress steps due on or before `dueBy` in plans of the manager's caseload (their clients and their
   * clients' households) in the tenant, earliest due first (then id).
   */
  listDueForManager(query: { tenantId: string; managerId: string; dueBy: Date }): Promise<DueStep[]>;
}

export interface CheckInRepository {
  record(checkIn: CheckIn): Promise<void>;
  /** Oldest first. */
  listForStep(stepId: string): Promise<CheckIn[]>;
  /** How many answers a step has had (numbers the next question without reading them). */
  countForStep(stepId: string): Promise<number>;
}

export interface PlanAnswerRepository {
  record(answer: PlanAnswer): Promise<void>;
  /** Oldest first. */
  listForPlan(planId: string): Promise<PlanAnswer[]>;
}

export interface PlanVersionRepository {
  create(version: PlanVersion): Promise<void>;
  /** Oldest version first. */
  listForPlan(planId: string): Promise<PlanVersion[]>;
  /** Replaces the snapshot of one version (erasure removes its notes); the rest of the version stays. */
  replaceSnapshot(planId: string, version: number, snapshot: PlanVersion["snapshot"]): Promise<void>;
}

/** Integration plans, assessments and referrals. */
export interface PlanRepositories {
  plans: PlanRepository;
  goals: GoalRepository;
  steps: StepRepository;
  checkIns: CheckInRepository;
  planVersions: PlanVersionRepository;
  planAnswers: PlanAnswerRepository;
  assessments: AssessmentRepository;
  assessmentVersions: AssessmentVersionRepository;
  referrals: ReferralRepository;
}
