import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { CheckInAnswer } from "./model.ts";

/** A client's answer button under a check-in question: step id and answer. */
export const checkInAnswerAction = defineAction("pci", [actionIdArg, actionOptionArg(["d", "p", "h"])]);

/** The manager's button under a "need help" message: opens the escalation. */
export const openHelpRequestAction = defineAction("phr", [actionIdArg]);

export const checkInAnswerOptions = { done: "d", in_progress: "p", need_help: "h" } as const satisfies Record<CheckInAnswer, string>;
