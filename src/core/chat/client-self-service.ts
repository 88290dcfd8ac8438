import { consentPurposes, type ConsentPurpose } from "../consent/model.ts";
import { appointmentAnswerActions } from "../appointments/actions.ts";
import { listClientAppointments } from "../appointments/list-client-appointments.ts";
import type { AppointmentStatus, AppointmentView } from "../appointments/model.ts";
import { say, type Button, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { checkInAnswerAction, checkInAnswerOptions } from "../plans/actions.ts";
import { listClientPlans } from "../plans/list-client-plans.ts";
import { findCatalogueGoal, goalTitleKey } from "../plans/goal-catalogue.ts";
import type { CheckInAnswer, Goal, PlanStep, StepStatus } from "../plans/model.ts";
import { readPlan } from "../plans/read-plan.ts";
import { catalogueStepTitle } from "../plans/step-title.ts";
import { exportClientData } from "../privacy/export-client-data.ts";
import { erasureObjectionDays } from "../privacy/model.ts";
import { requestErasure } from "../privacy/request-erasure.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmDeleteAction, yesNoQuestion } from "./chat-actions.ts";
import type { Routed } from "./reply.ts";

/** The client's own views and requests in the chat: /appointments, /plan, /mydata, /delete. */

const answeredKeys: Partial<Record<AppointmentStatus, string>> = {
  confirmed: "client.appointments.answered.confirmed",
  declined: "client.appointments.answered.declined",
  other_time_requested: "client.appointments.answered.other_time_requested",
};

function appointmentMessage(context: ChatContext, appointment: AppointmentView): Outbound {
  const parts: TextPart[] = [
    {
      key: "client.appointments.item",
      params: {
        managerName: appointment.managerName ?? "—",
        startsAt: { t: "datetime", iso: appointment.startsAt.toISOString(), zone: context.zone },
        durationMin: { t: "key", key: "client.duration.minutes", params: { count: appointment.durationMin } },
        place: appointment.place,
      },
    },
  ];
  const answered = answeredKeys[appointment.status];
  if (answered) parts.push({ key: answered });
  if (appointment.status !== "scheduled") return { parts };
  const buttons: Button[] = appointmentAnswerActions(appointment).map((action) => ({ labelKey: action.labelKey, data: action.data }));
  return { parts, buttons: [buttons] };
}

/** /appointments: every upcoming appointment, one message each; the answer buttons under those not yet answered. */
export async function clientAppointments(context: ChatContext, clientId: string): Promise<Routed> {
  const appointments = await listClientAppointments(context.deps, context.actor, { clientId, includePast: false });
  if (appointments.length === 0) return { outbound: [say("client.appointments.none")] };
  return { outbound: appointments.map((appointment) => appointmentMessage(context, appointment)) };
}

/** A step's title in the reader's language: the catalogue title with its values, or a neutral text for a step written in German. */
function stepTitle(step: PlanStep): MessageParam {
  return (step.catalogueKey ? catalogueStepTitle(step.catalogueKey, step.params) : null) ?? { t: "key", key: "client.step.custom" };
}

/**
 * A goal as its client reads it: the catalogue goal in their language, or for a goal the manager worded in German its
 * area and that it was agreed (never the German sentence, never the manager's note).
 */
function goalPart(goal: Goal): TextPart {
  const area: MessageParam = { t: "key", key: `areas.${goal.area}` };
  if (goal.catalogueKey && findCatalogueGoal(goal.catalogueKey)) {
    return { key: "client.plan.goal", params: { area, text: { t: "key", key: goalTitleKey(goal.catalogueKey) } } };
  }
  return { key: "client.plan.goal_agreed", params: { area } };
}

function openStepPart(step: PlanStep, status: "open" | "in_progress", zone: string): TextPart {
  if (!step.dueAt) return { key: stepKeys[status], params: { title: stepTitle(step) } };
  return { key: stepDueKeys[status], params: { title: stepTitle(step), dueAt: { t: "date", iso: step.dueAt.toISOString(), zone } } };
}

const stepKeys: Record<Exclude<StepStatus, "dropped">, string> = {
  open: "client.plan.step.open",
  in_progress: "client.plan.step.in_progress",
  done: "client.plan.step.done",
};

/** An open step with a due date names the day (the client keeps it in view). */
const stepDueKeys: Record<"open" | "in_progress", string> = {
  open: "client.plan.step.open_due",
  in_progress: "client.plan.step.in_progress_due",
};

const checkInLabelKeys: Record<CheckInAnswer, string> = {
  done: "actions.checkin.done",
  in_progress: "actions.checkin.in_progress",
  need_help: "actions.checkin.need_help",
};

function checkInButtons(stepId: string): Button[][] {
  return [
    (Object.keys(checkInAnswerOptions) as CheckInAnswer[]).map((answer) => ({
      labelKey: checkInLabelKeys[answer],
      data: checkInAnswerAction.encode(stepId, checkInAnswerOptions[answer]),
    })),
  ];
}

/**
 * /plan: the client's own plan and their household's plan. Per goal one message (area, the catalogue goal, finished
 * steps); each open step its own message with its due day and the check-in buttons. Notes are never shown.
 */
export async function clientPlan(context: ChatContext, clientId: string): Promise<Routed> {
  const plans = await listClientPlans(context.deps, context.actor, { clientId });
  if (plans.length === 0) return { outbound: [say("client.plan.none")] };
  const outbound: Outbound[] = [];
  for (const plan of plans) {
    const view = await readPlan(context.deps, context.actor, { planId: plan.id });
    outbound.push(say(plan.householdId ? "client.plan.household" : "client.plan.own"));
    for (const goal of view.goals.filter((g) => g.status !== "dropped")) {
      const steps = goal.steps.filter((s) => s.status !== "dropped");
      const parts: TextPart[] = [goalPart(goal)];
      for (const step of steps.filter((s) => s.status === "done")) parts.push({ key: stepKeys.done, params: { title: stepTitle(step) } });
      outbound.push({ parts });
      for (const step of steps) {
        if (step.status !== "open" && step.status !== "in_progress") continue;
        outbound.push({ parts: [openStepPart(step, step.status, context.zone)], buttons: checkInButtons(step.id) });
      }
    }
  }
  return { outbound };
}

/** /mydata: a readable summary in the client's language and everything as a JSON file (DSGVO Art. 15 / 20). */
export async function clientData(context: ChatContext, clientId: string): Promise<Routed> {
  const data = await exportClientData(context.deps, context.actor, { clientId });
  const latest = new Map<ConsentPurpose, boolean>();
  for (const record of data.consents) latest.set(record.purpose, record.given);
  const on = consentPurposes.filter((purpose) => latest.get(purpose) === true);
  const goals = data.plans.flatMap((plan) => plan.goals);
  const summary = say("client.mydata.summary", {
    name: data.client.name,
    since: { t: "date", iso: data.client.caseStartedAt, zone: context.zone },
    goals: goals.length,
    steps: goals.reduce((n, goal) => n + goal.steps.length, 0),
    appointments: data.appointments.length,
    contacts: data.contacts.length,
    checkIns: data.checkIns.length,
    matches: data.volunteerMatches.length,
    consents: on.length === 0 ? "—" : { t: "lines", items: on.map((purpose) => ({ t: "key", key: `client.stop.purpose.${purpose}` })) },
  });
  const base64 = Buffer.from(`${JSON.stringify(data, null, 2)}\n`, "utf8").toString("base64");
  const file: Outbound = {
    ...say("client.mydata.file"),
    attachment: { kind: "document", fileName: "lotse-data.json", mimeType: "application/json", base64, unsentKey: "client.mydata.unsent" },
  };
  return { outbound: [summary, file] };
}

/** /delete: asks once before the erasure request. */
export const deleteQuestion = (): Outbound =>
  yesNoQuestion({ key: "client.delete.confirm", params: { count: erasureObjectionDays } }, confirmDeleteAction, {
    yes: "actions.delete.yes",
    no: "actions.delete.no",
  });

/** After /delete: yes records the erasure request (the manager is told), no keeps everything. */
export async function answerDelete(context: ChatContext, clientId: string, confirmed: boolean): Promise<Routed> {
  if (!confirmed) return { outbound: [{ ...say("client.delete.kept"), edit: true }] };
  const request = await requestErasure(context.deps, context.actor, { clientId });
  const date: MessageParam = { t: "date", iso: request.eraseAfter.toISOString(), zone: context.zone };
  return { outbound: [{ ...say("client.delete.requested", { date }), edit: true }] };
}
