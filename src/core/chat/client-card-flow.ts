import { reopenCase } from "../cases/close-case.ts";
import { findClients } from "../cases/find-clients.ts";
import type { Action } from "../dialog/action-codec.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { resolveEscalation } from "../escalations/resolve-escalation.ts";
import { openHelpRequestAction } from "../plans/actions.ts";
import { objectToErasure } from "../privacy/object-to-erasure.ts";
import { appointmentForm } from "./appointment-form.ts";
import {
  cardMeetingAction,
  cardAppointmentAction,
  cardAssessmentAction,
  cardCancelAction,
  cardCloseAction,
  cardConsentsAction,
  cardEarlierWorkAction,
  cardHandoverAction,
  cardInviteAction,
  cardQuietAction,
  cardWriteAction,
  handoverNoteAction,
  cardAssessmentViewAction,
  cardAssessmentHistoryAction,
  cardLogAction,
  cardMoveAction,
  cardReferralAction,
  cardReopenAction,
  cardShareAction,
  erasureObjectAction,
  erasureObjectConfirmAction,
  escalationHandledAction,
  escalationMoveAction,
} from "./card-actions.ts";
import type { ChatContext } from "./chat-context.ts";
import { startWriting } from "./conversation-flow.ts";
import { readHandoverNote } from "../handover/read-handover-note.ts";
import { assessmentForm, formSectionsFor } from "./assessment-form.ts";
import { assessmentHistory, assessmentSummary } from "./assessment-summary.ts";
import { openClientAction } from "./chat-actions.ts";
import { clientCardMessage, escalationKindKeys } from "./client-card.ts";
import { assertCaseWritable } from "./case-forms.ts";
import { escalationInScope, sensitiveConsents } from "./client-card-data.ts";
import {
  cancelAppointmentForm,
  closeCaseForm,
  earlierWorkForm,
  handoverForm,
  managerOptions,
  moveAppointmentForm,
  referralForm,
  shareForm,
} from "./client-card-forms.ts";
import { consentsForm } from "./consents-form.ts";
import { inviteForm } from "./invite-form.ts";
import { logForm } from "./log-form.ts";
import { clientQuietForm } from "./quiet-hours-forms.ts";
import { firstMeetingForm } from "../volunteers/first-meeting-form.ts";

/** `/clients <search>` with exactly one match opens that client's card; otherwise null (the list answers). */
export async function singleMatchCard(context: ChatContext, query: string): Promise<Outbound | null> {
  if (!query) return null;
  const found = await findClients(context.deps, context.actor, { query, pageSize: 2 });
  const [only] = found.clients;
  return found.total === 1 && only ? clientCardMessage(context, only.id) : null;
}

/**
 * The assessment form, asking health and residence only with the client's current consent to each. A chat first asks
 * which sections to change; a card (a chat that fills forms whole) shows every section at once.
 */
async function startAssessment(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const consents = await sensitiveConsents(context.deps, context.actor, clientId);
  const given = { client: clientId, healthConsent: consents.health, residenceConsent: consents.residence };
  const form = await startForm(context, assessmentForm, context.session.forms === "whole" ? { ...given, sections: formSectionsFor(consents) } : given);
  return consents.health && consents.residence ? form : [say("manager_card.assessment.sensitive_without_consent"), ...form];
}

/** The handover form, unless the tenant has nobody else to take the case. */
async function startHandover(context: ChatContext, clientId: string): Promise<Outbound[]> {
  if ((await managerOptions(context)).length === 0) return [say("manager_card.handover.nobody")];
  return startForm(context, handoverForm, { client: clientId });
}

/** The share form, unless the tenant has nobody else to share with. */
async function startShare(context: ChatContext, clientId: string): Promise<Outbound[]> {
  if ((await managerOptions(context)).length === 0) return [say("manager_card.handover.nobody")];
  return startForm(context, shareForm, { client: clientId });
}

async function escalationHandled(context: ChatContext, escalationId: string): Promise<Outbound[]> {
  const { escalation, changed } = await resolveEscalation(context.deps, context.actor, { escalationId });
  const kind = { t: "key" as const, key: escalationKindKeys[escalation.kind] };
  return [say(changed ? "manager_card.escalation.handled" : "manager_card.escalation.already_handled", { kind })];
}

/** "Move appointment" under a "cannot come" / "other time" message. */
async function moveFromEscalation(context: ChatContext, escalationId: string): Promise<Outbound[]> {
  const escalation = await escalationInScope(context.deps, context.actor, escalationId);
  const appointmentId = escalation.kind === "cannot_come" || escalation.kind === "other_time" ? escalation.subjectId : null;
  if (!appointmentId) return [say("dialog.stale")];
  await assertCaseWritable(context.deps, context.actor, { appointmentId });
  return startForm(context, moveAppointmentForm, { appointment: appointmentId });
}

/** The first meeting of a running match: the case must be writable; an ended match is said to have ended. */
async function startMeeting(context: ChatContext, matchId: string): Promise<Outbound[]> {
  const match = await context.deps.store.volunteerMatches.get(matchId);
  if (!match) return [say("dialog.stale")];
  await assertCaseWritable(context.deps, context.actor, { clientId: match.clientId });
  if (match.status !== "active") return [say("manager_volunteers.meeting.match_ended")];
  return startForm(context, firstMeetingForm, { match: matchId });
}

/** Card buttons that start a form about the client, with the client given. */
const clientForms = [
  { action: cardAppointmentAction, start: (context: ChatContext, id: string) => startForm(context, appointmentForm, { client: id }) },
  { action: cardLogAction, start: (context: ChatContext, id: string) => startForm(context, logForm, { client: id }) },
  { action: cardAssessmentAction, start: startAssessment },
  { action: cardReferralAction, start: (context: ChatContext, id: string) => startForm(context, referralForm, { client: id }) },
  { action: cardHandoverAction, start: startHandover },
  { action: cardShareAction, start: startShare },
  { action: cardEarlierWorkAction, start: (context: ChatContext, id: string) => startForm(context, earlierWorkForm, { client: id }) },
  { action: cardCloseAction, start: (context: ChatContext, id: string) => startForm(context, closeCaseForm, { client: id }) },
  { action: cardConsentsAction, start: (context: ChatContext, id: string) => startForm(context, consentsForm, { clientId: id }) },
  { action: cardQuietAction, start: (context: ChatContext, id: string) => startForm(context, clientQuietForm, { client: id }) },
  { action: cardInviteAction, start: (context: ChatContext, id: string) => startForm(context, inviteForm, { clientId: id }) },
  { action: cardWriteAction, start: (context: ChatContext, id: string) => startWriting(context, id) },
];

/** Forms started from a card button; the actor's right to change the case is checked before the first question (case-forms.ts). */
async function cardForm(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const meeting = cardMeetingAction.match(action);
  if (meeting) return startMeeting(context, meeting[0]);
  const move = cardMoveAction.match(action);
  const cancel = cardCancelAction.match(action);
  const appointmentId = move?.[0] ?? cancel?.[0];
  if (appointmentId) {
    await assertCaseWritable(context.deps, context.actor, { appointmentId });
    return startForm(context, move ? moveAppointmentForm : cancelAppointmentForm, { appointment: appointmentId });
  }
  for (const { action: definition, start } of clientForms) {
    const matched = definition.match(action);
    if (!matched) continue;
    await assertCaseWritable(context.deps, context.actor, { clientId: matched[0] });
    return start(context, matched[0]);
  }
  return null;
}

/** "Object to the erasure" asks first (what it means); yes objects, no leaves the request to run its course. */
async function routeErasureObjection(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const ask = erasureObjectAction.match(action);
  if (ask) {
    const escalation = await escalationInScope(context.deps, context.actor, ask[0]);
    await assertCaseWritable(context.deps, context.actor, { clientId: escalation.clientId });
    const name = (await context.deps.store.clients.get(escalation.clientId))?.name ?? "";
    return [
      {
        parts: [{ key: "manager_card.erasure.object_confirm", params: { name } }],
        buttons: [
          [
            { labelKey: "manager_card.erasure.object_yes", data: erasureObjectConfirmAction.encode(ask[0], "y") },
            { labelKey: "dialog.button.cancel", data: erasureObjectConfirmAction.encode(ask[0], "n") },
          ],
        ],
      },
    ];
  }
  const confirmed = erasureObjectConfirmAction.match(action);
  if (!confirmed) return null;
  if (confirmed[1] === "n") return [{ ...say("manager_card.erasure.not_objected"), edit: true }];
  const { changed } = await objectToErasure(context.deps, context.actor, { escalationId: confirmed[0] });
  return [{ ...say(changed ? "manager_card.erasure.objected" : "manager_card.erasure.already_closed"), edit: true }];
}

/** The client card's buttons and the buttons under escalation messages; null when the action is not one of them. */
export async function routeCardAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const open = openClientAction.match(action);
  if (open) return [await clientCardMessage(context, open[0])];
  const helpRequest = openHelpRequestAction.match(action);
  if (helpRequest) return [await clientCardMessage(context, (await escalationInScope(context.deps, context.actor, helpRequest[0])).clientId)];
  const handled = escalationHandledAction.match(action);
  if (handled) return escalationHandled(context, handled[0]);
  const moveRequested = escalationMoveAction.match(action);
  if (moveRequested) return moveFromEscalation(context, moveRequested[0]);
  const objection = await routeErasureObjection(context, action);
  if (objection) return objection;
  const viewAssessment = cardAssessmentViewAction.match(action);
  if (viewAssessment) return assessmentSummary(context, viewAssessment[0]);
  const assessmentVersions = cardAssessmentHistoryAction.match(action);
  if (assessmentVersions) return assessmentHistory(context, assessmentVersions[0]);
  const note = handoverNoteAction.match(action);
  if (note) {
    const shown = await readHandoverNote(context.deps, context.actor, { clientId: note[0], handoverId: note[1] });
    const at: MessageParam = { t: "date", iso: shown.at.toISOString(), zone: context.zone };
    return [say("manager_card.handover.note_shown", { fromName: shown.fromName, at, clientName: shown.clientName, note: shown.note })];
  }
  const reopen = cardReopenAction.match(action);
  if (reopen) {
    await reopenCase(context.deps, context.actor, { clientId: reopen[0] });
    return [say("manager_card.reopened"), await clientCardMessage(context, reopen[0])];
  }
  return cardForm(context, action);
}
