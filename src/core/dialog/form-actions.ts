import { z } from "zod";
import { actionIdArg, defineAction } from "./action-codec.ts";

/** A short token per running form, so a button of an older dialog is recognised as out of date. */
const tokenArg = z.string().regex(/^[0-9A-Za-z_-]{1,8}$/);

/** Answer the current question with an option value (≤ 26 characters). */
export const formAnswerAction = defineAction("fa", [tokenArg, actionIdArg]);
/** Skip an optional question. */
export const formSkipAction = defineAction("fs", [tokenArg]);
/** Finish a multiple choice. */
export const formDoneAction = defineAction("fd", [tokenArg]);
/** Stop the form; nothing is saved. */
export const formCancelAction = defineAction("fc", [tokenArg]);
