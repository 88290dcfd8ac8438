import type { Coordinates } from "../shared/coordinates.ts";

export const appointmentKinds = ["counselling", "home_visit", "office", "authority_accompaniment", "plan_review", "phone", "video", "other"] as const;
export type AppointmentKind = (typeof appointmentKinds)[number];

/** How long an appointment takes when nobody says otherwise. */
export const defaultAppointmentMinutes = 60;

/**
 * scheduled → confirmed | declined | other_time_requested (the client's answer) → attended | missed (the manager
 * afterwards); cancelled at any time before. Moving an appointment makes it scheduled again.
 */
export const appointmentStatuses = ["scheduled", "confirmed", "declined", "other_time_requested", "cancelled", "attended", "missed"] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Statuses in which an appointment is still ahead: it can be moved, cancelled and answered. */
export const openAppointmentStatuses: readonly AppointmentStatus[] = ["scheduled", "confirmed", "declined", "other_time_requested"];

export const minAppointmentMinutes = 5;
export const maxAppointmentMinutes = 480;
export const maxPlaceLength = 200;
export const maxAnswerTextLength = 300;

export interface Appointment {
  id: string;
  tenantId: string;
  /** The manager who holds the appointment. */
  managerId: string;
  /** One or more clients of one household or one caseload, sorted. */
  clientIds: string[];
  startsAt: Date;
  durationMin: number;
  place: string;
  kind: AppointmentKind;
  interpreter: boolean;
  status: AppointmentStatus;
  /** The client's short free text with "other time" (encrypted); never part of a message. */
  clientAnswer: string | null;
  /** Where the place is on the map, when it was picked from the known places (local offers with coordinates). */
  coordinates: Coordinates | null;
  /**
   * Raised by every move and by the cancellation (0 when created): the SEQUENCE of the appointment's calendar file, so
   * that a calendar replaces the entry it has instead of adding a second one.
   */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An appointment as a use case returns it: the answer text only decrypted for staff who may read notes. */
export interface AppointmentView extends Omit<Appointment, "clientAnswer"> {
  managerName: string | null;
  clientAnswerText: string | null;
}

/** A created, moved or cancelled appointment, and which of its clients were told (those with consent to messages). */
export interface ChangedAppointment extends AppointmentView {
  notifiedClientIds: string[];
}

export function isOpenAppointment(appointment: Pick<Appointment, "status">): boolean {
  return openAppointmentStatuses.includes(appointment.status);
}

/** Appointments that began this long ago still wait for "attended" or "missed"; older ones are left as they are. */
const unmarkedWindowMs = 30 * 24 * 60 * 60 * 1000;

/** Whether an appointment has begun, is not cancelled, and its attendance is not recorded yet (recently enough to ask). */
export const awaitsAttendance = (appointment: Pick<Appointment, "status" | "startsAt">, now: Date): boolean =>
  openAppointmentStatuses.includes(appointment.status) &&
  appointment.startsAt.getTime() <= now.getTime() &&
  appointment.startsAt.getTime() > now.getTime() - unmarkedWindowMs;
