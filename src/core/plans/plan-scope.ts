import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CaseAssignment, Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { canAccessClient, type ClientAccess } from "../scope/client-access.ts";
import type { Goal, IntegrationPlan, PlanStep } from "./model.ts";

/** A person a plan is about, with the assignments that decide who may see it. */
export interface PlanSubject {
  client: Client;
  assignments: CaseAssignment[];
}

export interface PlanInScope {
  plan: IntegrationPlan;
  /** The plan's client, or every member of its household. */
  subjects: PlanSubject[];
}

type ScopeRepositories = Pick<Repositories, "plans" | "goals" | "steps" | "clients" | "assignments">;

/** The people of a client plan or a household plan (anonymized people are no longer subjects). */
export async function loadSubjects(
  repositories: Pick<Repositories, "clients" | "assignments">,
  owner: { clientId: string | null; householdId: string | null },
): Promise<PlanSubject[]> {
  const clients = owner.clientId
    ? [await repositories.clients.get(owner.clientId)]
    : owner.householdId
      ? await repositories.clients.listByHousehold(owner.householdId)
      : [];
  const subjects: PlanSubject[] = [];
  for (const client of clients) {
    if (client && !client.anonymizedAt) subjects.push({ client, assignments: await repositories.assignments.listForClient(client.id) });
  }
  return subjects;
}

/** A plan is as visible as the most visible of its people: a household plan is seen by every member and their managers. */
export function mayAccessPlan(actor: Actor, subjects: PlanSubject[], access: ClientAccess): boolean {
  return subjects.some((s) => canAccessClient(actor, s.client, s.assignments, access));
}

/** Checks access to the people of a plan: `forbidden` out of scope, `case_closed` when changing a plan of closed cases only. */
export function assertSubjectsInScope(actor: Actor, subjects: PlanSubject[], access: ClientAccess, what: string): void {
  if (!mayAccessPlan(actor, subjects, access)) throw forbidden(`${actor.kind} may not ${access === "write" ? "change" : "see"} ${what}`);
  if (access === "write" && subjects.every((s) => s.client.status === "closed")) {
    throw new DomainError("case_closed", `${what}: every case is closed`);
  }
}

export async function loadPlanInScope(repositories: ScopeRepositories, actor: Actor, planId: string, access: ClientAccess): Promise<PlanInScope> {
  const plan = await repositories.plans.get(planId);
  if (!plan) throw notFound("plan", planId);
  const subjects = await loadSubjects(repositories, plan);
  if (subjects.length === 0) throw notFound("plan", planId);
  assertSubjectsInScope(actor, subjects, access, `plan ${planId}`);
  return { plan, subjects };
}

export async function loadGoalInScope(
  repositories: ScopeRepositories,
  actor: Actor,
  goalId: string,
  access: ClientAccess,
): Promise<PlanInScope & { goal: Goal }> {
  const goal = await repositories.goals.get(goalId);
  if (!goal) throw notFound("goal", goalId);
  return { goal, ...(await loadPlanInScope(repositories, actor, goal.planId, access)) };
}

export async function loadStepInScope(
  repositories: ScopeRepositories,
  actor: Actor,
  stepId: string,
  access: ClientAccess,
): Promise<PlanInScope & { goal: Goal; step: PlanStep }> {
  const step = await repositories.steps.get(stepId);
  if (!step) throw notFound("step", stepId);
  return { step, ...(await loadGoalInScope(repositories, actor, step.goalId, access)) };
}

/** Audits an access to a plan once per person it is about, so each person's audit trail shows it. */
export async function auditPlan(
  deps: Pick<CoreDeps, "clock" | "ids" | "crypto">,
  repositories: Pick<Repositories, "audit">,
  actor: Actor,
  scope: PlanInScope,
  action: string,
  subject: { kind: string; id: string } = { kind: "plan", id: scope.plan.id },
): Promise<void> {
  for (const { client } of scope.subjects) {
    await recordAudit(deps, repositories, actor, {
      action,
      subjectKind: subject.kind,
      subjectId: subject.id,
      tenantId: scope.plan.tenantId,
      clientId: client.id,
    });
  }
}
