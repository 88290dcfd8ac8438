import { z } from "zod";
import { actionIdArg, defineAction } from "../dialog/action-codec.ts";
import type { Outbound, TextPart } from "../dialog/messages.ts";
import { clientLanguages } from "../shared/languages.ts";

/** Buttons of the chat itself (not of a running form). */
export const chooseLanguageAction = defineAction("lng", [z.enum(clientLanguages)]);
export const consentAnswerAction = defineAction("cns", [z.enum(["a", "d"])]);
/** The client's answer to the question about plan check-ins (a purpose of its own): agree or decline. */
export const checkInsConsentAction = defineAction("cck", [z.enum(["a", "d"])]);
export const openClientAction = defineAction("cli", [actionIdArg]);
export const clientPageAction = defineAction("clp", [z.string().regex(/^\d{1,4}$/)]);
/** /stop: one purpose (m, c, w, h, r), everything that is on (y) or nothing (n). */
export const confirmStopAction = defineAction("stp", [z.enum(["m", "c", "w", "h", "r", "y", "n"])]);
export const confirmDeleteAction = defineAction("del", [z.enum(["y", "n"])]);
/** Staff answer "unlink this chat?" (/unlink). */
export const confirmUnlinkAction = defineAction("unl", [z.enum(["y", "n"])]);

/** A question answered with yes or no (/delete, /unlink): the yes and no buttons carry the action's y and n. */
export function yesNoQuestion(prompt: TextPart, action: { encode(answer: "y" | "n"): string }, labels: { yes: string; no: string }): Outbound {
  return {
    parts: [prompt],
    buttons: [
      [
        { labelKey: labels.yes, data: action.encode("y") },
        { labelKey: labels.no, data: action.encode("n") },
      ],
    ],
  };
}
/** A candidate client for a waiting one-line contact log. */
export const quickLogClientAction = defineAction("lgc", [actionIdArg]);
