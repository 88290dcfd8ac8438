import type { GoalStatus, PlanSnapshot, StepStatus } from "./model.ts";

type GoalSnapshot = PlanSnapshot["goals"][number];
type StepSnapshot = GoalSnapshot["steps"][number];

/** A step as a change names it: its catalogue key and values, or the manager's own text. */
export type ChangedStep = Pick<StepSnapshot, "catalogueKey" | "params" | "customText">;
/** A goal as a change names it: its catalogue key, or the manager's own wording. */
export type ChangedGoal = Pick<GoalSnapshot, "catalogueKey" | "text">;

/** One thing that differs between two versions of a plan; goals and steps are numbered as in the later version (1, 1.2). */
export type PlanChange =
  | { kind: "goal_added"; goal: number; title: ChangedGoal }
  | { kind: "goal_status"; goal: number; title: ChangedGoal; status: GoalStatus }
  /** The manager's words changed: a free goal's wording, or a catalogue goal's note. */
  | { kind: "goal_reworded"; goal: number; text: string; before: string }
  | { kind: "step_added"; step: string; title: ChangedStep }
  | { kind: "step_status"; step: string; title: ChangedStep; status: StepStatus };

const titleOf = (step: StepSnapshot): ChangedStep => ({ catalogueKey: step.catalogueKey, params: step.params, customText: step.customText });
const goalTitleOf = (goal: GoalSnapshot): ChangedGoal => ({ catalogueKey: goal.catalogueKey, text: goal.text });

function stepChanges(goalNumber: number, before: GoalSnapshot | undefined, after: GoalSnapshot): PlanChange[] {
  const earlier = new Map((before?.steps ?? []).map((step) => [step.id, step]));
  return after.steps.flatMap((step, index): PlanChange[] => {
    const number = `${goalNumber}.${index + 1}`;
    const was = earlier.get(step.id);
    if (!was) return [{ kind: "step_added", step: number, title: titleOf(step) }];
    return was.status === step.status ? [] : [{ kind: "step_status", step: number, title: titleOf(step), status: step.status }];
  });
}

/**
 * What changed from one version of a plan to the next, goal by goal in the later version's order: new goals, a goal's
 * new status or wording, new steps and steps that moved. Goals and steps are never deleted, only dropped.
 */
export function planChanges(before: PlanSnapshot, after: PlanSnapshot): PlanChange[] {
  const earlier = new Map(before.goals.map((goal) => [goal.id, goal]));
  return after.goals.flatMap((goal, index): PlanChange[] => {
    const number = index + 1;
    const was = earlier.get(goal.id);
    const own: PlanChange[] = [];
    if (!was) own.push({ kind: "goal_added", goal: number, title: goalTitleOf(goal) });
    else {
      if (was.text !== goal.text) own.push({ kind: "goal_reworded", goal: number, text: goal.text, before: was.text });
      if (was.status !== goal.status) own.push({ kind: "goal_status", goal: number, title: goalTitleOf(goal), status: goal.status });
    }
    return [...own, ...stepChanges(number, was, goal)];
  });
}
