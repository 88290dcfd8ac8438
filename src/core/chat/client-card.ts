import { getAppointment } from "../appointments/get-appointment.ts";
import type { PeriodStatus } from "../counselling/model.ts";
import { getCounsellingPeriod } from "../counselling/get-period.ts";
import type { EscalationKind } from "../escalations/model.ts";
import type { Button, MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { openPlanAction } from "./plan-actions.ts";
import { clientLanguageSchema } from "../shared/languages.ts";
import {
  cardAppointmentAction,
  cardAssessmentAction,
  cardAppointmentsAction,
  cardCancelAction,
  cardCloseAction,
  cardConsentsAction,
  cardEarlierWorkAction,
  cardInviteAction,
  cardQuietAction,
  cardWriteAction,
  cardMeetingAction,
  cardAssessmentViewAction,
  cardAssessmentHistoryAction,
  cardHandoverAction,
  cardLogAction,
  cardMoveAction,
  cardReferralAction,
  cardReferralsAction,
  cardReopenAction,
  cardShareAction,
  erasureObjectAction,
  escalationHandledAction,
  handoverNoteAction,
} from "./card-actions.ts";
import { loadClientCard, type ClientCardData } from "./client-card-data.ts";
import type { PlanContext } from "./plan-message.ts";
import { kindKeys } from "./staff-options.ts";
import { offerKeys } from "../volunteers/offer-keys.ts";
import { firstName } from "../volunteers/volunteer-scope.ts";

/** Labels of escalation kinds (literal keys, so the i18n check sees them). */
export const escalationKindKeys: Record<EscalationKind, string> = {
  need_help: "manager_card.escalation.need_help",
  plan_question: "manager_card.escalation.plan_question",
  cannot_come: "manager_card.escalation.cannot_come",
  other_time: "manager_card.escalation.other_time",
  unreachable: "manager_card.escalation.unreachable",
  consent_declined: "manager_card.escalation.consent_declined",
  erasure_requested: "manager_card.escalation.erasure_requested",
};

/** At most this many help requests get their own "handled" button on the card. */
const maxEscalationButtons = 3;

const key = (k: string): MessageParam => ({ t: "key", key: k });

function headerPart(card: ClientCardData): TextPart {
  const { client } = card;
  const known = clientLanguageSchema.safeParse(client.language);
  // In the reader's language ("Tigrinya"), not in its own script ("ትግርኛ"), which a manager may not read.
  const language = known.success ? { t: "key" as const, key: `manager.language_name.${known.data}` } : client.language;
  return { key: client.status === "closed" ? "manager_card.card.header_closed" : "manager_card.card.header", params: { name: client.name, language } };
}

/** Upcoming appointments shown on the card itself; the others are behind "all appointments". */
const appointmentsOnCard = 3;

/** The next appointment, or the next few (the rest counted), and how many past ones still lack their attendance. */
function appointmentParts(card: ClientCardData, zone: string): TextPart[] {
  const upcoming = card.upcomingAppointments;
  const unmarked: TextPart[] =
    card.unmarkedAppointments > 0 ? [{ key: "manager_card.card.unmarked_appointments", params: { count: card.unmarkedAppointments } }] : [];
  const [next] = upcoming;
  if (!next) return [{ key: "manager_card.card.no_appointment" }, ...unmarked];
  const line = (appointment: typeof next) => ({
    startsAt: { t: "datetime" as const, iso: appointment.startsAt.toISOString(), zone },
    place: appointment.place,
    kind: key(kindKeys[appointment.kind]),
  });
  if (upcoming.length === 1) return [{ key: "manager_card.card.next_appointment", params: line(next) }, ...unmarked];
  const items: MessageParam[] = upcoming
    .slice(0, appointmentsOnCard)
    .map((appointment) => ({ t: "key", key: "manager_card.card.appointment", params: line(appointment) }));
  const more = upcoming.length - appointmentsOnCard;
  return [
    { key: "manager_card.card.upcoming_appointments", params: { appointments: { t: "lines", items } } },
    ...(more > 0 ? [{ key: "manager_card.card.more_appointments", params: { count: more } }] : []),
    ...unmarked,
  ];
}

/** The latest contacts, newest first: when, what kind, which areas (the notes only behind /contacts, never here). */
function contactParts(card: ClientCardData, zone: string): TextPart[] {
  if (card.recentContacts.length === 0) return [{ key: "manager_card.card.no_contact" }];
  const items: MessageParam[] = card.recentContacts.map((contact) => {
    const params = { at: { t: "date" as const, iso: contact.at.toISOString(), zone }, kind: key(kindKeys[contact.kind]) };
    if (contact.areas.length === 0) return { t: "key", key: "manager_card.card.contact", params };
    return {
      t: "key",
      key: "manager_card.card.contact_areas",
      params: { ...params, areas: { t: "list", items: contact.areas.map((area) => key(`areas.${area}`)) } },
    };
  });
  return [{ key: "manager_card.card.recent_contacts", params: { contacts: { t: "lines", items } } }];
}

function planParts(card: ClientCardData, zone: string): TextPart[] {
  const plan = card.plan;
  if (!plan) return [{ key: "manager_card.card.no_plan" }];
  const { goalsOpen, goalsDone, stepsOpen, stepsDone } = plan;
  const parts: TextPart[] = [{ key: "manager_card.card.plan", params: { goalsOpen, goalsDone, stepsOpen, stepsDone } }];
  if (plan.nextReviewAt) parts.push({ key: "manager_card.card.review_due", params: { dueAt: { t: "date", iso: plan.nextReviewAt.toISOString(), zone } } });
  return parts;
}

/** Running volunteer matches, each with its first meeting (when and where) or that none is proposed yet. */
function volunteerParts(card: ClientCardData, zone: string): TextPart[] {
  return card.volunteerMatches.map((match): TextPart => {
    const who = { volunteer: match.volunteerName, offer: key(offerKeys[match.offer]) };
    if (!match.meetingAt) return { key: "manager_card.card.volunteer", params: who };
    const startsAt: MessageParam = { t: "datetime", iso: match.meetingAt.toISOString(), zone };
    return { key: "manager_card.card.volunteer_meeting", params: { ...who, startsAt, place: match.meetingPlace ?? "" } };
  });
}

/** At most this many volunteer matches get their own meeting button on the card. */
const maxMeetingButtons = 2;

function escalationParts(card: ClientCardData, zone: string): TextPart[] {
  if (card.openEscalations.length === 0) return [{ key: "manager_card.card.no_help_requests" }];
  return [
    { key: "manager_card.card.help_requests", params: { count: card.openEscalations.length } },
    ...card.openEscalations.map((e): TextPart => ({
      key: e.step !== null ? "manager_card.card.help_request_step" : "manager_card.card.help_request",
      params: {
        kind: key(escalationKindKeys[e.kind]),
        since: { t: "date", iso: e.createdAt.toISOString(), zone },
        ...(e.step !== null ? { step: e.step } : {}),
      },
    })),
  ];
}

const cardButton = (labelKey: string, data: string, labelParams?: Button["labelParams"]): Button => ({
  labelKey,
  data,
  ...(labelParams ? { labelParams } : {}),
});

function cardButtons(card: ClientCardData): Button[][] {
  const id = card.client.id;
  const plan = cardButton("manager_card.button.plan", openPlanAction.encode(id));
  const referrals = cardButton("manager_card.button.referrals", cardReferralsAction.encode(id));
  const assessmentView = cardButton("manager_card.button.assessment_view", cardAssessmentViewAction.encode(id));
  const assessmentHistory = cardButton("manager_card.button.assessment_history", cardAssessmentHistoryAction.encode(id));
  if (!card.canWrite)
    return [
      [plan, referrals],
      [assessmentView, assessmentHistory],
    ];
  if (card.client.status === "closed") return [[plan, cardButton("manager_card.button.reopen", cardReopenAction.encode(id))]];
  const rows: Button[][] = [
    [cardButton("manager_card.button.new_appointment", cardAppointmentAction.encode(id)), cardButton("manager_card.button.log", cardLogAction.encode(id))],
  ];
  const next = card.nextAppointment;
  // One appointment: its buttons on the card. Several, or past ones without attendance: each with its own buttons in a list.
  if (next && card.upcomingAppointments.length === 1 && card.unmarkedAppointments === 0)
    rows.push([
      cardButton("manager_card.button.move", cardMoveAction.encode(next.id)),
      cardButton("manager_card.button.cancel", cardCancelAction.encode(next.id)),
    ]);
  else if (next || card.unmarkedAppointments > 0) rows.push([cardButton("manager_card.button.appointments", cardAppointmentsAction.encode(id))]);
  rows.push([plan, cardButton("manager_card.button.assessment", cardAssessmentAction.encode(id))]);
  rows.push([assessmentView, assessmentHistory]);
  rows.push([cardButton("manager_card.button.referral", cardReferralAction.encode(id)), referrals]);
  for (const match of card.volunteerMatches.slice(0, maxMeetingButtons)) {
    const labelKey = match.meetingAt ? "manager_card.button.meeting_move" : "manager_card.button.meeting_new";
    rows.push([cardButton(labelKey, cardMeetingAction.encode(match.id), { volunteer: firstName(match.volunteerName) })]);
  }
  rows.push([cardButton("manager_card.button.handover", cardHandoverAction.encode(id)), cardButton("manager_card.button.share", cardShareAction.encode(id))]);
  if (card.lastHandover?.hasNote && card.canReadNotes)
    rows.push([cardButton("manager_card.button.handover_note", handoverNoteAction.encode(id, card.lastHandover.id))]);
  rows.push([
    cardButton("manager_card.button.earlier_work", cardEarlierWorkAction.encode(id)),
    ...(card.earlierWork?.hasNote && card.canReadNotes
      ? [cardButton("manager_card.button.earlier_work_note", handoverNoteAction.encode(id, card.earlierWork.id))]
      : []),
  ]);
  rows.push([cardButton("manager_card.button.consents", cardConsentsAction.encode(id)), cardButton("manager_card.button.quiet", cardQuietAction.encode(id))]);
  rows.push([cardButton("manager_card.button.write", cardWriteAction.encode(id)), cardButton("manager_card.button.invite", cardInviteAction.encode(id))]);
  // An erasure request comes first: its objection button must never be crowded out by other requests.
  const byUrgency = [...card.openEscalations].sort((a, b) => Number(b.kind === "erasure_requested") - Number(a.kind === "erasure_requested"));
  for (const escalation of byUrgency.slice(0, maxEscalationButtons)) {
    // An erasure request is not "handled": it is carried out after the objection period, unless objected to.
    if (escalation.kind === "erasure_requested") rows.push([cardButton("manager_card.button.object_erasure", erasureObjectAction.encode(escalation.id))]);
    else
      rows.push([
        cardButton("manager_card.button.handled_kind", escalationHandledAction.encode(escalation.id), { kind: key(escalationKindKeys[escalation.kind]) }),
      ]);
  }
  rows.push([cardButton("manager_card.button.close", cardCloseAction.encode(id))]);
  return rows;
}

const periodKeys: Record<Exclude<PeriodStatus, "closed">, string> = {
  running: "manager_card.card.period_running",
  extended: "manager_card.card.period_extended",
  ending_soon: "manager_card.card.period_ending_soon",
  overdue: "manager_card.card.period_overdue",
};

/** Since when the client is counselled and the last day of the period (three years, four when extended). */
async function periodParts(context: PlanContext, clientId: string): Promise<TextPart[]> {
  const period = await getCounsellingPeriod(context.deps, context.actor, { clientId });
  if (period.status === "closed") return [];
  const date = (at: Date): MessageParam => ({ t: "date", iso: at.toISOString(), zone: context.zone });
  return [{ key: periodKeys[period.status], params: { started: date(period.startedAt), lastDay: date(new Date(period.endsAt.getTime() - 1)) } }];
}

/** What the client wrote with "other time" (kept sealed; shown to staff who may read notes, the read audited). */
async function answerParts(context: PlanContext, card: ClientCardData): Promise<TextPart[]> {
  const next = card.nextAppointment;
  if (!next || next.clientAnswer === null) return [];
  const view = await getAppointment(context.deps, context.actor, { appointmentId: next.id });
  return view.clientAnswerText ? [{ key: "manager_card.card.client_answer", params: { text: view.clientAnswerText } }] : [];
}

/** Who handed the case over and when; the note itself only behind its button (never in the card's text). */
function handoverParts(card: ClientCardData, zone: string): TextPart[] {
  const last = card.lastHandover;
  if (!last) return [];
  return [{ key: "manager_card.card.handed_over", params: { fromName: last.fromName, at: { t: "date", iso: last.at.toISOString(), zone } } }];
}

/** Which agency of the earlier refugee social work handed the case over, and when; its summary only behind a button. */
function earlierWorkParts(card: ClientCardData, zone: string): TextPart[] {
  const earlier = card.earlierWork;
  if (!earlier) return [];
  return [{ key: "manager_card.card.earlier_work", params: { agency: earlier.agency, at: { t: "date", iso: earlier.at.toISOString(), zone } } }];
}

/** What the client consents to now, by purpose (the details and the Art. 9 questions behind the card's button). */
function consentsPart(card: ClientCardData): TextPart {
  if (card.consentsGiven.length === 0) return { key: "manager_card.card.consents_none" };
  const items: MessageParam[] = card.consentsGiven.map((purpose) => ({ t: "key", key: `manager.consents.purpose.${purpose}` }));
  return { key: "manager_card.card.consents", params: { list: { t: "lines", items } } };
}

/**
 * The manager's client card: who, counselling period, next appointment (with the client's answer), last contact, plan
 * summary, open help requests, and the actions.
 */
export async function clientCardMessage(context: PlanContext, clientId: string, edit = false): Promise<Outbound> {
  const card = await loadClientCard(context.deps, context.actor, clientId);
  const parts = [
    headerPart(card),
    ...(card.messagesAllowed ? [] : [{ key: "manager_card.card.no_messages" }]),
    consentsPart(card),
    ...(await periodParts(context, clientId)),
    ...appointmentParts(card, context.zone),
    ...(await answerParts(context, card)),
    ...contactParts(card, context.zone),
    ...planParts(card, context.zone),
    ...escalationParts(card, context.zone),
    ...volunteerParts(card, context.zone),
    ...(card.openMessages > 0 ? [{ key: "manager_card.card.open_messages", params: { count: card.openMessages } }] : []),
    ...earlierWorkParts(card, context.zone),
    ...handoverParts(card, context.zone),
  ];
  return { parts, buttons: cardButtons(card), ...(edit ? { edit: true } : {}) };
}
