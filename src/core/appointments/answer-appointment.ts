import { outboxContent, type OutboxMessageKey } from "../outbox/message-kinds.ts";
import { replanAppointmentReminders } from "../reminders/replan-appointment-reminders.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import { escalationHandledAction, escalationMoveAction } from "../chat/card-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import type { Escalation, EscalationKind } from "../escalations/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { OutboxAction } from "../outbox/model.ts";
import type { Repositories } from "../ports/store.ts";
import { openHelpRequestAction } from "../plans/actions.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { appointmentAnswers, appointmentVersion, appointmentVersionSchema, type AppointmentAnswer } from "./actions.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import { isOpenAppointment, maxAnswerTextLength, type Appointment, type AppointmentStatus, type AppointmentView } from "./model.ts";
import { resolveAnswerEscalations } from "./resolve-answer-escalations.ts";
import { managerAlertDueAt } from "../reminders/escalation-due.ts";

export const answerAppointmentInput = z
  .object({
    appointmentId: idSchema,
    answer: z.enum(appointmentAnswers),
    /** A short text with "cannot come" or "other time", e.g. when would suit; kept encrypted, shown only on the client card of staff who may read notes (never in a planned message). */
    text: z.string().trim().min(1).max(maxAnswerTextLength).optional(),
    /** The time the answered notice showed (`appointmentVersion`); an answer to an earlier time changes nothing. */
    seenVersion: appointmentVersionSchema.optional(),
  })
  .refine((input) => input.answer !== "confirm" || input.text === undefined, {
    message: "a confirmation carries no text",
    path: ["text"],
  });

const statusFor: Record<AppointmentAnswer, AppointmentStatus> = {
  confirm: "confirmed",
  cannot_come: "declined",
  other_time: "other_time_requested",
};

const escalationFor: Record<AppointmentAnswer, EscalationKind | null> = {
  confirm: null,
  cannot_come: "cannot_come",
  other_time: "other_time",
};

const managerMessageFor = {
  cannot_come: "manager.appointment.declined",
  other_time: "manager.appointment.other_time",
} as const satisfies Record<Exclude<AppointmentAnswer, "confirm">, OutboxMessageKey>;

type ClientActor = Extract<Actor, { kind: "client" }>;

async function loadOwnAppointment(
  repositories: Repositories,
  actor: Actor,
  appointmentId: string,
): Promise<{ appointment: Appointment; client: Client; actor: ClientActor }> {
  if (actor.kind !== "client") throw forbidden(`${actor.kind} may not answer for a client`);
  const appointment = await repositories.appointments.get(appointmentId);
  if (!appointment) throw notFound("appointment", appointmentId);
  const client = await repositories.clients.get(actor.clientId);
  if (!client || client.anonymizedAt || appointment.tenantId !== actor.tenantId || !appointment.clientIds.includes(client.id)) {
    throw forbidden(`client ${actor.clientId} is not invited to appointment ${appointmentId}`);
  }
  return { appointment, client, actor };
}

/** Buttons under a "cannot come" / "other time" message: open the client card, mark as handled, move the appointment. */
const escalationActions = (escalation: Escalation | null): OutboxAction[] =>
  escalation
    ? [
        { labelKey: "manager_card.button.open_card", data: openHelpRequestAction.encode(escalation.id) },
        { labelKey: "manager_card.button.handled", data: escalationHandledAction.encode(escalation.id) },
        { labelKey: "manager_card.button.move", data: escalationMoveAction.encode(escalation.id) },
      ]
    : [];

async function notifyManager(
  deps: CoreDeps,
  repositories: Repositories,
  appointment: Appointment,
  client: Client,
  answer: AppointmentAnswer,
  managerId: string,
  escalation: Escalation | null,
): Promise<void> {
  const now = deps.clock.now();
  await planMessage(deps, repositories, {
    dedupeKey: `appt-answer:${appointment.id}:${client.id}:${now.getTime()}`,
    tenantId: appointment.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...answerContent(answer, client, appointment, now),
    actions: escalationActions(escalation),
    dueAt: await managerAlertDueAt(repositories, appointment.tenantId, now, deps.defaultZone),
  });
}

async function escalate(
  deps: CoreDeps,
  repositories: Repositories,
  appointment: Appointment,
  client: Client,
  managerId: string,
  kind: EscalationKind,
): Promise<Escalation> {
  const escalation: Escalation = {
    id: deps.ids.newId(),
    tenantId: appointment.tenantId,
    clientId: client.id,
    managerId,
    kind,
    subjectId: appointment.id,
    status: "open",
    createdAt: deps.clock.now(),
    resolvedAt: null,
  };
  await repositories.escalations.create(escalation);
  return escalation;
}

/**
 * A client answers an appointment notice: confirm, cannot come (an escalation) or other time (an escalation, with an
 * optional short text). The primary manager is told at once; the text stays in the store, encrypted.
 * Answering the same way again changes nothing.
 */
export async function answerAppointment(deps: CoreDeps, actor: Actor, input: unknown): Promise<AppointmentView> {
  const parsed = parseInput(answerAppointmentInput, input);
  return deps.store.transaction(async (repositories) => {
    const { appointment, client } = await loadOwnAppointment(repositories, actor, parsed.appointmentId);
    if (!isOpenAppointment(appointment)) throw new DomainError("conflict", `appointment ${appointment.id} is ${appointment.status}`);
    if (appointment.startsAt.getTime() <= deps.clock.now().getTime()) throw new DomainError("conflict", `appointment ${appointment.id} has begun`);
    if (parsed.seenVersion !== undefined && parsed.seenVersion !== appointmentVersion(appointment.startsAt)) {
      throw new DomainError("conflict", `appointment ${appointment.id} was moved after the notice`, [
        { path: "seenVersion", message: "the appointment has changed" },
      ]);
    }
    const view = (a: Appointment) => toAppointmentView(deps, managerNames(repositories), a, { revealAnswer: false, visibleClientIds: new Set([client.id]) });
    const status = statusFor[parsed.answer];
    const storedText = appointment.clientAnswer === null ? null : deps.crypto.decrypt(appointment.clientAnswer);
    if (appointment.status === status && storedText === (parsed.text ?? null)) return view(appointment);

    const answered: Appointment = {
      ...appointment,
      status,
      clientAnswer: parsed.text === undefined ? null : deps.crypto.encrypt(parsed.text),
      updatedAt: deps.clock.now(),
    };
    await repositories.appointments.update(answered);
    await replanAppointmentReminders(deps, repositories, answered.id);
    await resolveAnswerEscalations(deps, repositories, appointment, [client.id]);
    const managerId = primaryManagerId(await repositories.assignments.listForClient(client.id)) ?? answered.managerId;
    const kind = escalationFor[parsed.answer];
    const escalation = kind ? await escalate(deps, repositories, answered, client, managerId, kind) : null;
    await notifyManager(deps, repositories, answered, client, parsed.answer, managerId, escalation);
    await auditAppointment(deps, repositories, actor, answered, "appointment.answer", [client.id]);
    return view(answered);
  });
}

/** What the manager reads: an answer that asks for action says when the client gave it (the message may have waited). */
function answerContent(answer: AppointmentAnswer, client: Client, appointment: Appointment, now: Date) {
  const what = { clientName: client.name, startsAt: appointment.startsAt.toISOString(), place: appointment.place };
  if (answer === "confirm") return outboxContent("manager.appointment.confirmed", what);
  return outboxContent(managerMessageFor[answer], { ...what, askedAt: now.toISOString() });
}
