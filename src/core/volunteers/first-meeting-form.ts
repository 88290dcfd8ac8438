import { z } from "zod";
import { maxPlaceLength } from "../appointments/model.ts";
import { chosenPlace, chosenStart, pickedDayHasTime, placeOptions, startFields, startShape } from "../chat/appointment-form.ts";
import { isStaffManager } from "../chat/staff-options.ts";
import { defineForm, type FormContext } from "../dialog/form.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { offerKeys } from "./offer-keys.ts";
import { setFirstMeeting } from "./set-first-meeting.ts";

const meetingSchema = z
  .object({
    match: z.string().min(1),
    ...startShape,
    place: z.string().trim().min(1).max(maxPlaceLength),
    confirm: z.boolean(),
  })
  .refine(pickedDayHasTime, { message: "a picked day needs a time", path: ["time"] });

/** Who meets, for which help, and the meeting as it stands (read back above the first question). */
async function meetingAbout({ deps, values, zone }: FormContext): Promise<TextPart[]> {
  const match = typeof values.match === "string" ? await deps.store.volunteerMatches.get(values.match) : null;
  if (!match) return [];
  const client = await deps.store.clients.get(match.clientId);
  const volunteer = await deps.store.volunteers.get(match.volunteerId);
  const who = { client: client?.name ?? "", volunteer: volunteer?.name ?? "", offer: { t: "key" as const, key: offerKeys[match.offer] } };
  if (!match.meetingAt) return [{ key: "manager_volunteers.meeting.about", params: who }];
  return [
    {
      key: "manager_volunteers.meeting.about_moving",
      params: { ...who, startsAt: { t: "datetime", iso: match.meetingAt.toISOString(), zone }, place: match.meetingPlace ?? "" },
    },
  ];
}

/** The meeting as it will be proposed: when (weekday, date, time as understood) and where. */
async function meetingSummary({ deps, actor, values, zone }: FormContext): Promise<TextPart[]> {
  const parsed = meetingSchema.safeParse({ ...values, confirm: true });
  if (!parsed.success) return [];
  return [
    {
      key: "manager_volunteers.meeting.summary",
      params: {
        startsAt: { t: "datetime", iso: chosenStart(parsed.data, zone), zone },
        place: (await chosenPlace({ deps, actor }, parsed.data.place)).text,
      },
    },
  ];
}

/**
 * The first meeting of a client and their volunteer (from the client card or the new match): date and time (typed
 * naturally, or a day and a time tapped), place (typed, or a known place tapped), confirm. Both are told at once and
 * reminded the day before; proposing it again moves it.
 */
export const firstMeetingForm = defineForm({
  id: "volmeet",
  titleKey: "manager_volunteers.meeting.title",
  schema: meetingSchema,
  allowed: isStaffManager,
  fields: [
    { name: "match", type: "text", promptKey: "manager_card.form.which", maxLength: 26 },
    ...startFields({ promptKey: "manager_volunteers.meeting.starts_at", labelKey: "manager_volunteers.labels.meeting_at", summary: meetingAbout }),
    {
      name: "place",
      type: "text",
      promptKey: "manager_volunteers.meeting.place",
      labelKey: "manager_volunteers.labels.meeting_place",
      maxLength: maxPlaceLength,
      options: placeOptions,
    },
    {
      name: "confirm",
      type: "confirm",
      promptKey: "manager_volunteers.meeting.confirm",
      labelKey: "manager_volunteers.labels.meeting_confirm",
      summary: meetingSummary,
    },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const place = await chosenPlace({ deps, actor }, values.place);
    const proposed = await setFirstMeeting(deps, actor, { matchId: values.match, startsAt: chosenStart(values, zone), place: place.text });
    if (proposed.unchanged) return [say("manager_volunteers.meeting.unchanged")];
    const params = {
      client: proposed.clientName,
      volunteer: proposed.volunteerName,
      startsAt: { t: "datetime" as const, iso: (proposed.match.meetingAt ?? new Date(0)).toISOString(), zone },
      place: proposed.match.meetingPlace ?? "",
    };
    return [
      {
        parts: [
          { key: "manager_volunteers.meeting.done", params },
          { key: proposed.clientTold ? "manager_volunteers.meeting.client_told" : "manager_volunteers.meeting.client_not_told", params },
          { key: proposed.volunteerTold ? "manager_volunteers.meeting.volunteer_told" : "manager_volunteers.meeting.volunteer_not_told", params },
        ],
      },
    ];
  },
});
