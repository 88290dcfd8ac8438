import { z } from "zod";

/** German text written by a manager: a goal or a custom step. */
export const planTextSchema = z.string().trim().min(1, "must not be empty").max(300);
export const stepNoteSchema = z.string().trim().min(1, "must not be empty").max(2000);
export const cadenceDaysSchema = z.number().int().min(1).max(365);
