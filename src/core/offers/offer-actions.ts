import { z } from "zod";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import { planAreas } from "../plans/areas.ts";

/** The client's answer to "Did you go?": yes / not yet / I need help. */
export const offerFollowUpAction = defineAction("ofu", [actionIdArg, actionOptionArg(["y", "n", "h"])]);
/** Staff: show the offers of one area ("all" for every area). */
export const offerAreaAction = defineAction("ofa", [z.enum([...planAreas, "all"])]);
/** Staff: share (s) or refer (r) this offer: asks for the client. */
export const offerPickAction = defineAction("ofp", [actionIdArg, actionOptionArg(["s", "r"])]);
/** Staff: share (s) or refer (r) this offer to this client. */
export const offerToClientAction = defineAction("ofc", [actionIdArg, actionIdArg, actionOptionArg(["s", "r"])]);
