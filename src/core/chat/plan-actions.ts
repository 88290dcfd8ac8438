import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { StepStatus } from "../plans/model.ts";

/** Buttons of the manager's plan view (/plan). */

/** Open the plans of a client (one of several clients found by name). */
export const openPlanAction = defineAction("ppo", [actionIdArg]);
/** Create the integration plan of a client who has none. */
export const createPlanAction = defineAction("ppc", [actionIdArg]);
/** A plan for the client's whole household (a family plan, pact 1.1: "Einzelpersonen bzw. Familien"). */
export const createHouseholdPlanAction = defineAction("ppf", [actionIdArg]);
/** Add a goal to a plan (starts the goal form). */
export const addGoalAction = defineAction("ppg", [actionIdArg]);
/** Add a step to a goal: plan id and goal id (starts the step form with both given). */
export const addStepAction = defineAction("pps", [actionIdArg, actionIdArg]);
/** Edit a goal (its status or wording): plan id and goal id. */
export const editGoalAction = defineAction("ppe", [actionIdArg, actionIdArg]);
/** Show the recorded versions of a plan (each Fortschreibung). */
export const planHistoryAction = defineAction("pph", [actionIdArg]);
/** Move a step: step id, plan id (to show the plan again) and the new status. */
export const stepStatusAction = defineAction("ppt", [actionIdArg, actionIdArg, actionOptionArg(["p", "d", "x"])]);

export const stepStatusByCode = { p: "in_progress", d: "done", x: "dropped" } as const satisfies Record<string, StepStatus>;
/** Send the plan to its people to agree to (the plan agreed in writing). */
export const planAgreementAction = defineAction("ppa", [actionIdArg]);
/** The plan as the HTML document the client keeps (client language and German). */
export const planDocumentAction = defineAction("ppd", [actionIdArg]);
