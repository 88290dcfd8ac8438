import type { AssessmentVersion, StoredAssessment } from "../../../src/core/assessment/model.ts";
import type { CheckIn, Goal, IntegrationPlan, PlanAnswer, PlanStep, PlanVersion } from "../../../src/core/plans/model.ts";
import type { PlanRepositories } from "../../../src/core/plans/repositories.ts";
import type { Referral } from "../../../src/core/referrals/model.ts";
import { checkInDedupePrefix, checkInMessageKey } from "../../../src/core/plans/check-in-keys.ts";
import type { CaseState } from "./cases.ts";
import type { MessagingState } from "./messaging.ts";
import { byTimeThenId, copy, uniqueViolation } from "./shared.ts";

export interface PlanState {
  plans: Map<string, IntegrationPlan>;
  goals: Map<string, Goal>;
  steps: Map<string, PlanStep>;
  checkIns: CheckIn[];
  planVersions: PlanVersion[];
  planAnswers: PlanAnswer[];
  assessments: Map<string, StoredAssessment>;
  assessmentVersions: AssessmentVersion[];
  referrals: Map<string, Referral>;
}

export const emptyPlanState = (): PlanState => ({
  plans: new Map(),
  goals: new Map(),
  steps: new Map(),
  checkIns: [],
  planVersions: [],
  planAnswers: [],
  assessments: new Map(),
  assessmentVersions: [],
  referrals: new Map(),
});

function existing<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`record to update not found: ${what}`);
  return value;
}

function insert<T extends { id: string }>(map: Map<string, T>, value: T, what: string): void {
  if (map.has(value.id)) throw uniqueViolation(`${what}.id`);
  map.set(value.id, copy(value));
}

/** The check-in rows of a step: to or about a person of its plan, with its message key and dedupe-key prefix. */
function checkInRowsOf(state: PlanState & CaseState & MessagingState, step: PlanStep) {
  const plan = state.plans.get(state.goals.get(step.goalId)?.planId ?? "");
  const people = new Set(
    [...state.clients.values()].filter((c) => c.id === plan?.clientId || (plan?.householdId && c.householdId === plan.householdId)).map((c) => c.id),
  );
  return [...state.outbox.values()].filter(
    (m) => m.clientId !== null && people.has(m.clientId) && m.messageKey === checkInMessageKey && m.dedupeKey.startsWith(checkInDedupePrefix(step.id)),
  );
}

export function memoryPlanRepositories(state: () => PlanState & CaseState & MessagingState): PlanRepositories {
  const plan = (id: string) => existing(state().plans.get(id), "plan");
  const firstPlan = (match: (p: IntegrationPlan) => boolean) =>
    copy([...state().plans.values()].filter(match).sort(byTimeThenId((p) => p.createdAt))[0] ?? null);
  const inCaseload = (managerId: string) => {
    const clientIds = new Set(
      state()
        .assignments.filter((a) => a.managerId === managerId)
        .map((a) => a.clientId),
    );
    const householdIds = new Set([...clientIds].map((id) => state().clients.get(id)?.householdId));
    return (p: IntegrationPlan) => (p.clientId !== null && clientIds.has(p.clientId)) || (p.householdId !== null && householdIds.has(p.householdId));
  };
  return {
    plans: {
      create: async (p) => insert(state().plans, p, "plan"),
      get: async (id) => copy(state().plans.get(id) ?? null),
      findForClient: async (clientId) => firstPlan((p) => p.clientId === clientId),
      findForHousehold: async (householdId) => firstPlan((p) => p.householdId === householdId),
      touch: async (planId, at) => void (plan(planId).updatedAt = new Date(at)),
      setNextReviewAt: async (planId, nextReviewAt, at) => {
        Object.assign(plan(planId), { nextReviewAt: nextReviewAt && new Date(nextReviewAt), updatedAt: new Date(at) });
      },
      bumpVersion: async (planId, fromVersion, nextReviewAt, at) => {
        const stored = state().plans.get(planId);
        if (!stored || stored.version !== fromVersion) return false;
        Object.assign(stored, { version: fromVersion + 1, nextReviewAt: nextReviewAt && new Date(nextReviewAt), updatedAt: new Date(at) });
        return true;
      },
      listDueForReview: async (query) => {
        const caseload = query.managerId === undefined ? () => true : inCaseload(query.managerId);
        return [...state().plans.values()]
          .filter((p) => p.tenantId === query.tenantId && p.nextReviewAt !== null && p.nextReviewAt <= query.dueBy && caseload(p))
          .sort(byTimeThenId((p) => p.nextReviewAt ?? new Date(0)))
          .map(copy);
      },
    },
    goals: {
      create: async (goal) => {
        plan(goal.planId);
        insert(state().goals, goal, "goal");
      },
      get: async (id) => copy(state().goals.get(id) ?? null),
      update: async (goal) => {
        existing(state().goals.get(goal.id), "goal");
        state().goals.set(goal.id, copy(goal));
      },
      listForPlan: async (planId) =>
        [...state().goals.values()]
          .filter((g) => g.planId === planId)
          .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
          .map(copy),
    },
    steps: {
      create: async (step) => {
        existing(state().goals.get(step.goalId), "goal");
        insert(state().steps, step, "step");
      },
      get: async (id) => copy(state().steps.get(id) ?? null),
      update: async (step) => {
        existing(state().steps.get(step.id), "step");
        state().steps.set(step.id, copy(step));
      },
      listForPlan: async (planId) =>
        [...state().steps.values()]
          .filter((s) => state().goals.get(s.goalId)?.planId === planId)
          .sort(byTimeThenId((s) => s.createdAt))
          .map(copy),
      listAwaitingCheckIn: async ({ afterId, limit }) => {
        const page = [...state().steps.values()]
          .filter((s) => (s.status === "open" || s.status === "in_progress") && s.cadenceDays !== null && (afterId === undefined || s.id > afterId))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .slice(0, limit);
        const steps = page.flatMap((step) => {
          const rows = checkInRowsOf(state(), step);
          if (rows.some((m) => m.status === "pending" || m.status === "sending")) return [];
          const planId = state().goals.get(step.goalId)?.planId ?? "";
          return [{ step: copy(step), planId, earlier: rows.map((m) => ({ dedupeKey: m.dedupeKey, sentAt: m.sentAt })) }];
        });
        return { steps, nextAfterId: page.length < limit ? null : (page[page.length - 1]?.id ?? null) };
      },
      listDueForManager: async ({ tenantId, managerId, dueBy }) => {
        const caseload = inCaseload(managerId);
        return [...state().steps.values()]
          .filter((s) => (s.status === "open" || s.status === "in_progress") && s.dueAt !== null && s.dueAt <= dueBy)
          .flatMap((s) => {
            const owner = state().plans.get(state().goals.get(s.goalId)?.planId ?? "");
            return owner && owner.tenantId === tenantId && caseload(owner)
              ? [{ step: copy(s), plan: { id: owner.id, clientId: owner.clientId, householdId: owner.householdId } }]
              : [];
          })
          .sort((a, b) => (a.step.dueAt?.getTime() ?? 0) - (b.step.dueAt?.getTime() ?? 0) || a.step.id.localeCompare(b.step.id));
      },
    },
    checkIns: {
      record: async (checkIn) => void state().checkIns.push(copy(checkIn)),
      countForStep: async (stepId) => state().checkIns.filter((c) => c.stepId === stepId).length,
      listForStep: async (stepId) =>
        state()
          .checkIns.filter((c) => c.stepId === stepId)
          .sort(byTimeThenId((c) => c.at))
          .map(copy),
    },
    planAnswers: {
      record: async (answer) => void state().planAnswers.push(copy(answer)),
      listForPlan: async (planId) =>
        state()
          .planAnswers.filter((a) => a.planId === planId)
          .sort(byTimeThenId((a) => a.at))
          .map(copy),
    },
    planVersions: {
      create: async (version) => {
        plan(version.planId);
        if (state().planVersions.some((v) => v.planId === version.planId && v.version === version.version)) {
          throw uniqueViolation("planVersion.planId_version");
        }
        state().planVersions.push(copy(version));
      },
      listForPlan: async (planId) =>
        state()
          .planVersions.filter((v) => v.planId === planId)
          .sort((a, b) => a.version - b.version)
          .map(copy),
      replaceSnapshot: async (planId, version, snapshot) => {
        existing(
          state().planVersions.find((v) => v.planId === planId && v.version === version),
          "planVersion",
        ).snapshot = copy(snapshot);
      },
    },
    assessments: {
      get: async (clientId) => copy(state().assessments.get(clientId) ?? null),
      put: async (assessment) => void state().assessments.set(assessment.clientId, copy(assessment)),
      delete: async (clientId) => state().assessments.delete(clientId),
    },
    assessmentVersions: {
      create: async (version) => {
        if (state().assessmentVersions.some((v) => v.clientId === version.clientId && v.version === version.version)) {
          throw uniqueViolation("assessmentVersion.clientId_version");
        }
        state().assessmentVersions.push(copy(version));
      },
      listForClient: async (clientId, limit) =>
        state()
          .assessmentVersions.filter((v) => v.clientId === clientId)
          .sort((a, b) => b.version - a.version)
          .slice(0, limit ?? Infinity)
          .map(copy),
      deleteForClient: async (clientId) => {
        const before = state().assessmentVersions.length;
        state().assessmentVersions = state().assessmentVersions.filter((v) => v.clientId !== clientId);
        return before - state().assessmentVersions.length;
      },
    },
    referrals: {
      create: async (referral) => insert(state().referrals, referral, "referral"),
      get: async (id) => copy(state().referrals.get(id) ?? null),
      update: async (referral) => {
        existing(state().referrals.get(referral.id), "referral");
        state().referrals.set(referral.id, copy(referral));
      },
      listForClient: async (clientId) =>
        [...state().referrals.values()]
          .filter((r) => r.clientId === clientId)
          .sort(byTimeThenId((r) => r.createdAt))
          .map(copy),
      listFollowUpsDue: async (managerId, dueBy) =>
        [...state().referrals.values()]
          .filter((r) => r.managerId === managerId && r.status === "open" && r.followUpAt !== null && r.followUpAt <= dueBy)
          .sort(byTimeThenId((r) => r.followUpAt ?? r.createdAt))
          .map(copy),
    },
  };
}
