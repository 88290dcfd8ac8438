import { z } from "zod";
import { defaultQuietHours, minutesOfDay, type QuietHours, type TimeOfDay } from "./quiet-hours.ts";

/** The planning rules' settings: these defaults, unless a tenant set its own (`lotse tenant reminders`). */
export interface ReminderSettings {
  /** Appointment reminders, minutes before the start. Whole days keep the wall-clock time across DST. */
  appointmentOffsetsMin: number[];
  quietHours: QuietHours;
  /** Two reminders of one appointment that end up closer than this become one (the later). */
  mergeWithinMin: number;
  /** When managers get their agenda, and when plan-review nudges and step check-ins go out (local times). */
  morningAgendaAt: TimeOfDay;
  reviewNudgeAt: TimeOfDay;
  checkInAt: TimeOfDay;
}

export const defaultReminderSettings: ReminderSettings = {
  appointmentOffsetsMin: [24 * 60, 2 * 60],
  quietHours: defaultQuietHours,
  mergeWithinMin: 30,
  morningAgendaAt: "07:30",
  reviewNudgeAt: "08:00",
  checkInAt: "10:00",
};

const timeOfDay = z
  .string()
  .refine((value) => {
    try {
      minutesOfDay(value);
      return true;
    } catch {
      return false;
    }
  }, "must be a time like 08:00")
  .transform((value) => value as TimeOfDay);

/** What a tenant may set (validated where settings are read). */
export const reminderSettingsSchema = z.object({
  appointmentOffsetsMin: z
    .array(
      z
        .number()
        .int()
        .min(5)
        .max(14 * 24 * 60),
    )
    .max(5)
    .default(defaultReminderSettings.appointmentOffsetsMin),
  quietHours: z.object({ start: timeOfDay, end: timeOfDay }).default(defaultReminderSettings.quietHours),
  mergeWithinMin: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(defaultReminderSettings.mergeWithinMin),
  morningAgendaAt: timeOfDay.default(defaultReminderSettings.morningAgendaAt),
  reviewNudgeAt: timeOfDay.default(defaultReminderSettings.reviewNudgeAt),
  checkInAt: timeOfDay.default(defaultReminderSettings.checkInAt),
});
