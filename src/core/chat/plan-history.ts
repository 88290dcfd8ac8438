import { say, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { listPlanVersions } from "../plans/list-plan-versions.ts";
import type { PlanVersionReason } from "../plans/model.ts";
import { planChanges, type PlanChange } from "../plans/plan-changes.ts";
import { goalStatusKeys, goalTitle, keyParam, stepStatusKeys, stepTitle, type PlanContext } from "./plan-message.ts";

const versionReasonKeys: Record<PlanVersionReason, string> = {
  created: "manager.plan.history.created",
  reviewed: "manager.plan.history.reviewed",
  updated: "manager.plan.history.updated",
};

/** One line per change (a goal achieved or dropped, reworded, a new step …), as the manager reads it. */
export function changeLines(changes: PlanChange[]): MessageParam[] {
  return changes.map((change): MessageParam => {
    switch (change.kind) {
      case "goal_added":
        return { t: "key", key: "manager.plan.change.goal_added", params: { n: change.goal, text: goalTitle(change.title) } };
      case "goal_status":
        return {
          t: "key",
          key: "manager.plan.change.goal_status",
          params: { n: change.goal, text: goalTitle(change.title), status: keyParam(goalStatusKeys[change.status]) },
        };
      case "goal_reworded":
        return { t: "key", key: "manager.plan.change.goal_reworded", params: { n: change.goal, text: change.text, before: change.before } };
      case "step_added":
        return { t: "key", key: "manager.plan.change.step_added", params: { n: change.step, title: stepTitle(change.title) } };
      case "step_status":
        return {
          t: "key",
          key: "manager.plan.change.step_status",
          params: { n: change.step, title: stepTitle(change.title), status: keyParam(stepStatusKeys[change.status]) },
        };
    }
  });
}

/**
 * The plan's recorded versions, oldest first: when, why and how many goals, and under each later version what changed
 * against the one before (goals achieved, dropped, reworded or new; new steps; steps done or dropped).
 */
export async function planHistoryMessage(context: PlanContext, planId: string): Promise<Outbound> {
  const versions = await listPlanVersions(context.deps, context.actor, { planId });
  if (versions.length === 0) return say("manager.plan.history.none");
  const items = versions.flatMap((version, index): MessageParam[] => {
    const line: MessageParam = {
      t: "key",
      key: versionReasonKeys[version.reason],
      params: { version: version.version, at: { t: "date", iso: version.createdAt.toISOString(), zone: context.zone }, count: version.goals.length },
    };
    const previous = versions[index - 1];
    if (!previous) return [line];
    const changes = planChanges({ goals: previous.goals }, { goals: version.goals });
    return [line, ...(changes.length > 0 ? changeLines(changes) : [keyParam("manager.plan.change.none")])];
  });
  return say("manager.plan.history.list", { versions: { t: "lines", items } });
}
