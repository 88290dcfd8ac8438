import { z } from "zod";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";

/** Buttons of the plan review (Fortschreibung): under /review, the review nudge, the plan view and the review itself. */

/**
 * Begin the review of a plan: goal by goal. The verb is the one of the former one-tap "review done" button, so such a
 * button in an older message now begins the review instead of recording one that did not take place.
 */
export const reviewBeginAction = defineAction("rvd", [actionIdArg]);
/** Snooze the review one week. */
export const reviewSnoozeAction = defineAction("rvs", [actionIdArg]);
/** Book the review appointment with the client (the appointment form, kind "plan review"). */
export const reviewAppointmentAction = defineAction("rva", [actionIdArg]);
/** One goal's outcome in the review: plan id, goal id; achieved, keep, change the wording, drop, or a new step. */
export const reviewGoalAction = defineAction("rvg", [actionIdArg, actionIdArg, actionOptionArg(["a", "k", "c", "x", "s"])]);
/** Complete the review with the next review date: plan id, the version reviewed, in 3, 6 or 12 months or another day (o). */
export const reviewNextAction = defineAction("rvn", [actionIdArg, z.string().regex(/^\d{1,6}$/), actionOptionArg(["3", "6", "12", "o"])]);
/** Add a goal in the review (the goal form, then back to the review's end). */
export const reviewNewGoalAction = defineAction("rvga", [actionIdArg]);
