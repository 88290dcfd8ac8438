import type { Crypto } from "../ports/crypto.ts";
import type { Repositories } from "../ports/store.ts";
import type { Goal, IntegrationPlan, PlanSnapshot, PlanStep, PlanVersion, PlanVersionReason } from "./model.ts";

export type StepView = PlanStep;
export interface GoalView extends Goal {
  steps: StepView[];
}

/** A plan as a reader sees it: step notes decrypted with "notes" access, otherwise null. */
export interface PlanView {
  plan: IntegrationPlan;
  goals: GoalView[];
  notesVisible: boolean;
}

export type GoalSnapshotView = PlanSnapshot["goals"][number];

export interface PlanVersionView {
  version: number;
  reason: PlanVersionReason;
  createdAt: Date;
  createdBy: string;
  goals: GoalSnapshotView[];
  notesVisible: boolean;
}

const readNote = (crypto: Crypto, sealed: string | null, visible: boolean): string | null => (visible && sealed !== null ? crypto.decrypt(sealed) : null);

export async function loadGoalsWithSteps(repositories: Pick<Repositories, "goals" | "steps">, planId: string): Promise<{ goals: Goal[]; steps: PlanStep[] }> {
  const goals = await repositories.goals.listForPlan(planId);
  const steps = await repositories.steps.listForPlan(planId);
  return { goals, steps };
}

export function toPlanView(crypto: Crypto, plan: IntegrationPlan, goals: Goal[], steps: PlanStep[], notesVisible: boolean): PlanView {
  return {
    plan,
    notesVisible,
    goals: goals.map((goal) => ({
      ...goal,
      steps: steps.filter((s) => s.goalId === goal.id).map((s) => ({ ...s, note: readNote(crypto, s.note, notesVisible) })),
    })),
  };
}

/** Goals and steps as a JSON document for a plan version; notes stay sealed. */
export function snapshotOf(goals: Goal[], steps: PlanStep[]): PlanSnapshot {
  return {
    goals: goals.map((goal) => ({
      id: goal.id,
      area: goal.area,
      catalogueKey: goal.catalogueKey,
      text: goal.text,
      status: goal.status,
      position: goal.position,
      steps: steps
        .filter((s) => s.goalId === goal.id)
        .map((s) => ({
          id: s.id,
          catalogueKey: s.catalogueKey,
          params: s.params,
          customText: s.customText,
          note: s.note,
          responsible: s.responsible,
          dueAt: s.dueAt?.toISOString() ?? null,
          cadenceDays: s.cadenceDays,
          status: s.status,
        })),
    })),
  };
}

export function toVersionView(crypto: Crypto, version: PlanVersion, notesVisible: boolean): PlanVersionView {
  return {
    version: version.version,
    reason: version.reason,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    notesVisible,
    goals: version.snapshot.goals.map((goal) => ({
      ...goal,
      steps: goal.steps.map((s) => ({ ...s, note: readNote(crypto, s.note, notesVisible) })),
    })),
  };
}
