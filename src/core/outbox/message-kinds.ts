import { z } from "zod";
import type { ConsentPurpose } from "../consent/model.ts";

/**
 * What each value of an outbox row's params is, declared per message kind (its message key), so the renderer formats
 * it for the recipient at the moment of sending without guessing from the param's name:
 * - `text`: shown as it is (names, places, a time already written out, a manager's own words);
 * - `number`: a count;
 * - `instant`: an ISO instant, shown as date and time in the recipient's zone;
 * - `date`: a calendar day "YYYY-MM-DD";
 * - `until`: a calendar day "YYYY-MM-DD" ahead, shown as the time left when the message is sent ("in 44 Tagen");
 * - `minutes`: a duration, "30 Minuten" in the recipient's language;
 * - `step`: a plan step, its catalogue title (with the step's own values, e.g. the child's name) in the recipient's
 *   language; a step written as free text is named "a step agreed with your manager" (its German text is never sent);
 * - `reason`: a snake_case code, `<namespace of the message>.reason.<code>`;
 * - `service`: a referral's standard service (a `RegularService` key), `<namespace of the message>.service.<key>`;
 * - `phrase`: a manager's standard answer, in the recipient's language;
 * - `marked`: a text as it is, or a text marked in the recipient's language: a key of the message's own namespace with
 *   text params (a German offer title in an Arabic message: "Caritas-Beratung (بالألمانية)");
 * - `language`: a client language code, its name for staff;
 * - `file`: part of a client's file passed on to the manager; not text;
 * - `appointment`: the id of the appointment a notice is about; not text: the renderer makes the appointment's calendar
 *   file (and its map location) from the appointment as it is at the moment of sending;
 * - `plan`: the id of the plan a client is asked to agree to; not text: the renderer adds that plan, at the version the
 *   row names (its snapshot), in the client's language below the message;
 * - `tally`: counts by name, `{ key: <a key of the message's own namespace>, params: { name: "3" } }`, said as a list of
 *   the counts that are not zero ("2 offene Anliegen und 3 fällige Schritte": plural keys `<key>.<name>`), or
 *   `<key>.none` when all are zero.
 * A name ending in `?` marks a param a row may leave out.
 */
export const outboxParamKinds = [
  "text",
  "number",
  "instant",
  "date",
  "until",
  "minutes",
  "step",
  "reason",
  "service",
  "phrase",
  "marked",
  "language",
  "file",
  "appointment",
  "plan",
  "tally",
] as const;
export type OutboxParamKind = (typeof outboxParamKinds)[number];
type ParamSpec = OutboxParamKind | `${OutboxParamKind}?`;
type KindSpec = Readonly<Record<string, ParamSpec>>;

/**
 * A plan step in a row: its catalogue key ("custom" for a step written as free text) and its values; the same shape
 * carries a `marked` text (its mark's key and the text).
 */
export interface OutboxStep {
  key: string;
  params: Readonly<Record<string, string>>;
}
export type OutboxParamValue = string | number | OutboxStep;
/** The params of a stored row (read with `outboxParamsSchema`). */
export type OutboxParams = Readonly<Record<string, OutboxParamValue>>;

export const outboxParamsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.strictObject({ key: z.string(), params: z.record(z.string(), z.string()) })]),
);

const appointment = { startsAt: "instant", place: "text", managerName: "text" } as const;
const appointmentNotice = { ...appointment, durationMin: "minutes" } as const;
/** A notice carries the appointment's calendar file: the row names the appointment, the file is made when it is sent. */
const calendarOf = { appointmentId: "appointment" } as const;
const appointmentAnswer = { clientName: "text", startsAt: "instant", place: "text" } as const;
const relayedFile = { fileKind: "file?", fileChannel: "file?", fileRef: "file?", fileName: "file?", fileMime: "file?" } as const;
const fileOnly = { client: "text", language: "language", writtenAt: "instant", ...relayedFile } as const;
const offerText = { title: "marked", summary: "text", details: "marked" } as const;
/** The day and its work besides appointments (help requests, messages, reviews, steps, follow-ups, clients who joined). */
const morningCounts = { dayDate: "date", work: "tally" } as const;
/** A volunteer's first meeting with a client: the other person's first name, when and where (as the manager typed it). */
const firstMeeting = { name: "text", startsAt: "instant", place: "text" } as const;
const meetingOfVolunteer = { firstName: "text", startsAt: "instant", place: "text" } as const;
const clientName = { clientName: "text" } as const;
const periodEnd = { client: "text", lastDate: "date" } as const;
const periodNudge = { ...periodEnd, endsIn: "until" } as const;

/** Every message the outbox carries, with what its params are. A message key not listed here cannot be planned. */
const outboxMessageKinds = {
  // to clients
  "client.appointment.created": { ...appointmentNotice, ...calendarOf },
  "client.appointment.moved": { ...appointmentNotice, previousStartsAt: "instant", ...calendarOf },
  "client.appointment.cancelled": { ...appointment, ...calendarOf },
  "client.appointment.reminder": appointmentNotice,
  "client.step.checkin": { stepKey: "step" },
  "client.delete.objected": {},
  "client.plan.agreement.request": { planId: "plan", version: "number" },
  "client.handover.introduction": { managerName: "text" },
  "client.conversation.from_manager": { manager: "text", text: "text" },
  "client.conversation.from_manager_phrase": { manager: "text", phrase: "phrase" },
  "offers.followup.question": { title: "marked" },
  "referrals.check_in.question": { service: "service" },
  "offers.shared": offerText,
  "offers.shared_in_german": offerText,
  "offers.referred": offerText,
  "offers.referred_in_german": offerText,
  "volunteers.matched.manager_introduces": { name: "text" },
  "volunteers.matched.volunteer_calls": { name: "text" },
  "volunteers.matched.meet_at_office": { name: "text" },
  "volunteers.meeting.proposed": firstMeeting,
  "volunteers.meeting.moved": firstMeeting,
  "volunteers.meeting.reminder": firstMeeting,
  // to volunteers: about their own matches only (the client's first name and language, never more)
  "volunteers.volunteer.matched": { firstName: "text", language: "text", manager: "text" },
  "volunteers.volunteer.meeting": meetingOfVolunteer,
  "volunteers.volunteer.meeting_moved": meetingOfVolunteer,
  "volunteers.volunteer.meeting_reminder": meetingOfVolunteer,
  // to clients and staff: a reply that could not be sent at once
  "dialog.later_reply": { text: "text" },
  // to staff
  "manager.appointment.confirmed": appointmentAnswer,
  "manager.appointment.declined": { ...appointmentAnswer, askedAt: "instant" },
  "manager.appointment.other_time": { ...appointmentAnswer, askedAt: "instant" },
  "manager.escalation.need_help": { clientName: "text", stepKey: "step", askedAt: "instant" },
  "manager.escalation.plan_question": { clientName: "text", version: "number", askedAt: "instant" },
  "manager.escalation.unreachable": { clientName: "text", reason: "reason" },
  "manager.escalation.manager_unreachable": { managerName: "text", reason: "reason" },
  "manager.escalation.client_unlinked": clientName,
  "manager.escalation.consent_declined": clientName,
  "manager.escalation.messaging_stopped": clientName,
  "manager.escalation.withdrawn.plan_checkins": clientName,
  "manager.escalation.withdrawn.manager_messages": clientName,
  "manager.escalation.withdrawn.data_health": clientName,
  "manager.escalation.withdrawn.data_residence": clientName,
  "manager.escalation.erasure_requested": { clientName: "text", eraseDate: "date" },
  "manager.reachable.joined": { client: "text", language: "language" },
  "manager.reachable.relinked": { client: "text", language: "language" },
  "manager.conversation.incoming": {
    client: "text",
    language: "language",
    writtenAt: "instant",
    text: "text",
    ...relayedFile,
  },
  "manager.conversation.incoming_photo": fileOnly,
  "manager.conversation.incoming_voice": fileOnly,
  "manager.conversation.incoming_audio": fileOnly,
  "manager.conversation.incoming_document": fileOnly,
  "manager_card.share.received": { clientName: "text", byName: "text" },
  "manager_card.share.ended": { clientName: "text", byName: "text" },
  "manager_card.handover.received": { clientName: "text", fromName: "text" },
  "manager_jobs.agenda.morning": { ...morningCounts, appointments: "number", firstTime: "text", firstPlace: "text" },
  "manager_jobs.agenda.morning_no_appointments": morningCounts,
  "manager_jobs.attendance.prompt": { clientName: "text", startsAt: "instant", place: "text" },
  "manager_jobs.review.nudge": { name: "text", reviewDate: "date" },
  "manager_jobs.review.overdue": { name: "text", reviewDate: "date" },
  "manager_jobs.review.digest": { overdue: "number", oldestDate: "date" },
  "manager_referrals.ask.service": { client: "text", service: "service" },
  "manager_referrals.ask.named": { client: "text", target: "text" },
  "manager_referrals.answer.yes": { client: "text", service: "service" },
  "manager_referrals.answer.not_yet": { client: "text", service: "service", next: "instant" },
  "manager_referrals.answer.need_help": { client: "text", service: "service" },
  "manager_offers.followup.attended": { client: "text", title: "text" },
  "manager_offers.followup.not_yet": { client: "text", title: "text" },
  "manager_offers.followup.need_help": { client: "text", title: "text" },
  "manager_counselling.nudge.three_months": periodNudge,
  "manager_counselling.nudge.one_month": periodNudge,
  "manager_counselling.closed": periodEnd,
  "manager_counselling.extended.notice": { client: "text", manager: "text", endDate: "date" },
} as const satisfies Record<string, KindSpec>;

/** A consent question (`consent.<purpose>.v<version>`, src/core/consent/model.ts): no params. */
type ConsentQuestionKey = `consent.${ConsentPurpose}.v${number}`;
const consentQuestionPattern = /^consent\.[a-z_]+\.v\d+$/;

type ListedKey = keyof typeof outboxMessageKinds;
export type OutboxMessageKey = ListedKey | ConsentQuestionKey;

type SpecOf<K extends OutboxMessageKey> = K extends ListedKey ? (typeof outboxMessageKinds)[K] : Record<never, ParamSpec>;
type KindOf<S> = S extends `${infer K}?` ? K : S;
type ValueOf<S> =
  KindOf<S> extends "number" | "minutes" ? number : KindOf<S> extends "step" | "marked" ? string | OutboxStep : KindOf<S> extends "tally" ? OutboxStep : string;
type RequiredNames<S> = { [P in keyof S]: S[P] extends `${string}?` ? never : P }[keyof S];
type OptionalNames<S> = { [P in keyof S]: S[P] extends `${string}?` ? P : never }[keyof S];
/** The params a message kind takes, typed: a planning site that leaves one out or adds another does not compile. */
export type OutboxParamsOf<K extends OutboxMessageKey> = K extends OutboxMessageKey ? ParamsOfSpec<SpecOf<K>> : never;
type ParamsOfSpec<S> = { [P in RequiredNames<S>]: ValueOf<S[P]> } & { [P in OptionalNames<S>]?: ValueOf<S[P]> };

declare const checkedParams: unique symbol;
/** Params that went through `outboxContent`, i.e. were checked against their message kind. */
export type CheckedOutboxParams = OutboxParams & { readonly [checkedParams]: true };

/** The message key and params of a planned row, checked against the kind's declaration at compile time. */
export function outboxContent<K extends OutboxMessageKey>(messageKey: K, params: OutboxParamsOf<K>): { messageKey: K; params: CheckedOutboxParams } {
  return { messageKey, params: params as OutboxParams as CheckedOutboxParams };
}

/** What the params of a stored row's message are; undefined for a key no longer planned (its values stay plain text). */
export function outboxParamKindsOf(messageKey: string): Readonly<Record<string, OutboxParamKind>> | undefined {
  if (consentQuestionPattern.test(messageKey)) return {};
  if (!Object.hasOwn(outboxMessageKinds, messageKey)) return undefined;
  const spec: KindSpec = outboxMessageKinds[messageKey as ListedKey];
  return Object.fromEntries(Object.entries(spec).map(([name, kind]) => [name, kind.replace(/\?$/, "") as OutboxParamKind]));
}

/** Every listed message kind (the locale check walks them: each placeholder of the text must be a declared param). */
export const listedOutboxMessageKeys = Object.keys(outboxMessageKinds) as ListedKey[];
