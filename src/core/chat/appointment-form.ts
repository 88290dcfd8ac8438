import { z } from "zod";
import { createAppointment } from "../appointments/create-appointment.ts";
import { knownPlaceChoices, knownPlaces } from "../appointments/known-places.ts";
import { appointmentKinds, defaultAppointmentMinutes, maxAppointmentMinutes, maxPlaceLength, minAppointmentMinutes } from "../appointments/model.ts";
import { defineForm, type FieldOption, type FormContext, type FormField } from "../dialog/form.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { addLocalDays, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { caseloadOptions, isStaffManager, kindKeys, kindOptions } from "./staff-options.ts";

/** A day picked from the buttons: a local calendar date in the manager's zone. */
export const pickedDay = /^\d{4}-\d{2}-\d{2}$/;
/** A time picked from the buttons: "0930" (local wall clock). */
export const pickedTime = /^([01]\d|2[0-3])([0-5]\d)$/;
export const otherTime = "other";

/** The days offered as buttons (today, tomorrow, the day after) and the times of day (common office hours). */
const dayButtons = [
  { offset: 0, labelKey: "manager_time_picker.today" },
  { offset: 1, labelKey: "manager_time_picker.tomorrow" },
  { offset: 2, labelKey: "manager_time_picker.day_after" },
] as const;
export const pickerTimes = ["0800", "0900", "1000", "1100", "1300", "1400", "1500", "1600"] as const;

/** The values of the start's fields (`startFields`), in the schema of a form that books a time. */
export const startShape = {
  /** Typed: an ISO instant; tapped: a local day, completed by `time` (or `typedStartsAt` for another time). */
  startsAt: z.union([z.iso.datetime(), z.string().regex(pickedDay)]),
  time: z.union([z.string().regex(pickedTime), z.literal(otherTime)]).optional(),
  typedStartsAt: z.iso.datetime().optional(),
};

/** A day tapped needs its time: tapped, or typed after "another time". */
export const pickedDayHasTime = (values: { startsAt: string; time?: string | undefined; typedStartsAt?: string | undefined }): boolean =>
  !pickedDay.test(values.startsAt) || (values.time !== undefined && (values.time !== otherTime || values.typedStartsAt !== undefined));

const appointmentSchema = z
  .object({
    client: z.string().min(1),
    ...startShape,
    place: z.string().trim().min(1).max(maxPlaceLength),
    kind: z.enum(appointmentKinds),
    /** Minutes: a tapped option arrives as text, a typed duration as a number; skipped: the default hour. */
    durationMin: z.coerce.number().int().min(minAppointmentMinutes).max(maxAppointmentMinutes).optional(),
    confirm: z.boolean(),
  })
  .refine(pickedDayHasTime, { message: "a picked day needs a time", path: ["time"] });

const localDate = (date: { year: number; month: number; day: number }) =>
  `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;

/** The instant of a picked day at a picked time ("0930") in the zone. */
function pickedInstant(day: string, time: string, zone: string): Date {
  const [year = 0, month = 0, date = 0] = day.split("-").map(Number);
  return zonedLocalToUtc({ year, month, day: date, hour: Number(time.slice(0, 2)), minute: Number(time.slice(2)) }, zone);
}

/** Picked times still ahead on `day` (all of them on a later day). */
function timesAhead(day: string, { deps, zone }: Pick<FormContext, "deps" | "zone">): string[] {
  const now = deps.clock.now().getTime();
  return pickerTimes.filter((time) => pickedInstant(day, time, zone).getTime() > now);
}

/** Today (while a picker time is still ahead), tomorrow and the day after, labelled with their date. */
export async function dayOptions(context: FormContext): Promise<FieldOption[]> {
  const today = localParts(context.deps.clock.now(), context.zone);
  return dayButtons
    .map(({ offset, labelKey }) => ({ day: localDate(addLocalDays(today, offset)), labelKey }))
    .filter(({ day }) => timesAhead(day, context).length > 0)
    .map(({ day, labelKey }) => ({ value: day, labelKey, labelParams: { date: { t: "date", iso: day, zone: context.zone } } }));
}

/** The common times of the picked day (past ones left out), and "another time" to type one. */
export async function timeOptions(context: FormContext): Promise<FieldOption[]> {
  const day = String(context.values.startsAt ?? "");
  const times = timesAhead(day, context).map((time): FieldOption => ({ value: time, labelKey: "", label: `${time.slice(0, 2)}:${time.slice(2)}` }));
  return [...times, { value: otherTime, labelKey: "manager_time_picker.other" }];
}

export const dayWasPicked = (values: Record<string, unknown>) => typeof values.startsAt === "string" && pickedDay.test(values.startsAt);

/** The start the manager chose: typed at once, a picked day and time, or a day and then another time typed. */
export function chosenStart(values: { startsAt: string; time?: string | undefined; typedStartsAt?: string | undefined }, zone: string): string {
  if (!pickedDay.test(values.startsAt)) return values.startsAt;
  if (values.time === otherTime || values.time === undefined) return values.typedStartsAt ?? values.startsAt;
  return pickedInstant(values.startsAt, values.time, zone).toISOString();
}

/**
 * The start of a form that books a time: the day and time typed at once ("morgen 10"), or a day tapped and then its
 * time tapped, or another time typed on it. Shared by the appointment and the volunteers' first meeting.
 */
export function startFields(start: Pick<FormField, "promptKey" | "labelKey" | "summary">): FormField[] {
  return [
    { name: "startsAt", type: "datetime", ...start, options: dayOptions, resets: ["time", "typedStartsAt"] },
    { name: "time", type: "choice", promptKey: "manager_time_picker.time", when: dayWasPicked, options: timeOptions, onDayOf: "startsAt" },
    {
      name: "typedStartsAt",
      type: "datetime",
      promptKey: "manager_time_picker.typed",
      when: (values) => dayWasPicked(values) && values.time === otherTime,
      onDayOf: "startsAt",
    },
  ];
}

/** The usual lengths of an appointment, one tap each; another is typed ("75 min", "2 Std."). */
const durationOptions = async (): Promise<FieldOption[]> =>
  [30, 45, 60, 90].map((minutes) => ({ value: String(minutes), labelKey: "manager.appointment.duration_option", labelParams: { minutes } }));

/** Known places (local offers with a map position) as buttons under the place question: a tap picks one, typing stays free. */
export const placeOptions = async ({ deps, actor }: FormContext): Promise<FieldOption[]> =>
  (await knownPlaceChoices(deps.store, actor, deps.clock.now())).map((known) => ({ value: known.offerId, labelKey: "", label: known.place }));

/** The place as typed, or the known place tapped (its offer id), whose text and map position the appointment takes. */
export async function chosenPlace({ deps, actor }: Pick<FormContext, "deps" | "actor">, value: string): Promise<{ text: string; offerId?: string }> {
  const known = (await knownPlaces(deps.store, actor)).find((place) => place.offerId === value);
  return known ? { text: known.place, offerId: known.offerId } : { text: value };
}

/** The appointment as it will be created, read back before "create": whom, weekday, date and time, how long, where, what. */
async function appointmentSummary({ deps, actor, values, zone }: FormContext): Promise<TextPart[]> {
  const parsed = appointmentSchema.safeParse({ ...values, confirm: true });
  if (!parsed.success) return [];
  const client = (await deps.store.clients.get(parsed.data.client))?.name ?? "";
  return [
    {
      key: "manager.appointment.summary",
      params: {
        client,
        startsAt: { t: "datetime", iso: chosenStart(parsed.data, zone), zone },
        minutes: parsed.data.durationMin ?? defaultAppointmentMinutes,
        place: (await chosenPlace({ deps, actor }, parsed.data.place)).text,
        kind: { t: "key", key: kindKeys[parsed.data.kind] },
      },
    },
  ];
}

/**
 * /appointment: client → date and time (typed naturally, or a day and a time tapped) → place → kind → confirm;
 * the client is told at once.
 */
export const appointmentForm = defineForm({
  id: "appt",
  titleKey: "manager.appointment.title",
  schema: appointmentSchema,
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "choice", promptKey: "manager.appointment.client", labelKey: "manager.labels.client", options: caseloadOptions },
    ...startFields({ promptKey: "manager.appointment.starts_at", labelKey: "manager.labels.starts_at" }),
    {
      name: "place",
      type: "text",
      promptKey: "manager.appointment.place",
      labelKey: "manager.labels.place",
      maxLength: maxPlaceLength,
      options: placeOptions,
    },
    {
      name: "kind",
      type: "choice",
      promptKey: "manager.appointment.kind",
      labelKey: "manager.labels.appointment_kind",
      options: async () => kindOptions(appointmentKinds),
    },
    {
      name: "durationMin",
      type: "duration",
      promptKey: "manager.appointment.duration",
      labelKey: "manager.labels.appointment_duration",
      emptyMeansKey: "manager.labels.appointment_duration_empty",
      optional: true,
      min: minAppointmentMinutes,
      max: maxAppointmentMinutes,
      options: durationOptions,
    },
    { name: "confirm", type: "confirm", promptKey: "manager.appointment.confirm", labelKey: "manager.labels.confirm", summary: appointmentSummary },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const place = await chosenPlace({ deps, actor }, values.place);
    const appointment = await createAppointment(deps, actor, {
      clientIds: [values.client],
      startsAt: chosenStart(values, zone),
      place: place.text,
      ...(place.offerId ? { placeOfferId: place.offerId } : {}),
      kind: values.kind,
      ...(values.durationMin !== undefined ? { durationMin: values.durationMin } : {}),
    });
    return [
      say(appointment.notifiedClientIds.length > 0 ? "manager.appointment.created" : "manager.appointment.created_not_told", {
        startsAt: { t: "datetime", iso: appointment.startsAt.toISOString(), zone },
        place: appointment.place,
      }),
    ];
  },
});
