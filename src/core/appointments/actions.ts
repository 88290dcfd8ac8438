import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { OutboxAction } from "../outbox/model.ts";

/** The client's answer to an appointment notice: c = confirm, x = cannot come, o = other time. */
export const appointmentAnswerCodes = ["c", "x", "o"] as const;
export type AppointmentAnswerCode = (typeof appointmentAnswerCodes)[number];

export const answerAppointmentAction = defineAction("apc", [actionIdArg, actionOptionArg(appointmentAnswerCodes)]);

export const appointmentAnswers = ["confirm", "cannot_come", "other_time"] as const;
export type AppointmentAnswer = (typeof appointmentAnswers)[number];

export const answerByCode: Record<AppointmentAnswerCode, AppointmentAnswer> = { c: "confirm", x: "cannot_come", o: "other_time" };

const labelKeys: Record<AppointmentAnswerCode, string> = {
  c: "actions.appointment.confirm",
  x: "actions.appointment.cannot_come",
  o: "actions.appointment.other_time",
};

/** The three answer buttons under an appointment notice. */
export function appointmentAnswerActions(appointmentId: string): OutboxAction[] {
  return appointmentAnswerCodes.map((code) => ({ labelKey: labelKeys[code], data: answerAppointmentAction.encode(appointmentId, code) }));
}
