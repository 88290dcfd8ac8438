import { z } from "zod";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { OutboxAction } from "../outbox/model.ts";

/** The client's answer to an appointment notice: c = confirm, x = cannot come, o = other time. */
export const appointmentAnswerCodes = ["c", "x", "o"] as const;
export type AppointmentAnswerCode = (typeof appointmentAnswerCodes)[number];

/**
 * The appointment's time as the notice showed it (minutes since 1970, base 36): a button from before a move is
 * recognised as such and answers nothing (the client sees the new time instead).
 */
export const appointmentVersion = (startsAt: Date): string => Math.floor(startsAt.getTime() / 60_000).toString(36);
export const appointmentVersionSchema = z.string().regex(/^[0-9a-z]{1,10}$/);
/** The time a version stands for. */
export const startsAtOfVersion = (version: string): Date => new Date(Number.parseInt(version, 36) * 60_000);

export const answerAppointmentAction = defineAction("apc", [actionIdArg, actionOptionArg(appointmentAnswerCodes), appointmentVersionSchema]);

export const appointmentAnswers = ["confirm", "cannot_come", "other_time"] as const;
export type AppointmentAnswer = (typeof appointmentAnswers)[number];

export const answerByCode: Record<AppointmentAnswerCode, AppointmentAnswer> = { c: "confirm", x: "cannot_come", o: "other_time" };

const labelKeys: Record<AppointmentAnswerCode, string> = {
  c: "actions.appointment.confirm",
  x: "actions.appointment.cannot_come",
  o: "actions.appointment.other_time",
};

/** The three answer buttons under an appointment notice, bound to the time it shows. */
export function appointmentAnswerActions(appointment: { id: string; startsAt: Date }): OutboxAction[] {
  const version = appointmentVersion(appointment.startsAt);
  return appointmentAnswerCodes.map((code) => ({ labelKey: labelKeys[code], data: answerAppointmentAction.encode(appointment.id, code, version) }));
}
