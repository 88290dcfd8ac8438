import { actionIdArg, defineAction } from "../dialog/action-codec.ts";
import { z } from "zod";

/** The client's answer to "pass this to your manager?" (y / n). */
export const passMessageAction = defineAction("cmp", [actionIdArg, z.enum(["y", "n"])]);
/** The manager's buttons on a client's message: answer it, mark it done, open the client's card. */
export const replyToMessageAction = defineAction("cmr", [actionIdArg]);
export const closeMessageAction = defineAction("cmd", [actionIdArg]);
