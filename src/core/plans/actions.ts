import { z } from "zod";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { CheckInAnswer } from "./model.ts";

/** A client's answer button under a check-in question: step id and answer. */
export const checkInAnswerAction = defineAction("pci", [actionIdArg, actionOptionArg(["d", "p", "h"])]);

/** The manager's button under a "need help" message: opens the escalation. */
export const openHelpRequestAction = defineAction("phr", [actionIdArg]);

export const checkInAnswerOptions = { done: "d", in_progress: "p", need_help: "h" } as const satisfies Record<CheckInAnswer, string>;

/** A client's answer under the plan sent for agreement: plan id, the version they read, "I agree" (a) or "I have a question" (q). */
export const planAnswerAction = defineAction("pag", [actionIdArg, z.string().regex(/^\d{1,6}$/), actionOptionArg(["a", "q"])]);
