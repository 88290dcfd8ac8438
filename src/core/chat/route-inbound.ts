import { answerAppointmentAction } from "../appointments/actions.ts";
import { decodeAction } from "../dialog/action-codec.ts";
import { continueForm } from "../dialog/form-runner.ts";
import type { FieldOption } from "../dialog/form.ts";
import { submitWholeForm } from "../dialog/whole-form.ts";
import type { Inbound } from "../dialog/inbound.ts";
import { say } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import { answerCheckIn } from "../plans/answer-check-in.ts";
import { consentRenewal } from "../privacy/consent-renewal.ts";
import { checkInAnswerAction, planAnswerAction } from "../plans/actions.ts";
import { answerPlanNotice } from "./plan-agreement.ts";
import type { CheckInAnswer } from "../plans/model.ts";
import type { ChatContext } from "./chat-context.ts";
import {
  checkInsConsentAction,
  chooseLanguageAction,
  clientPageAction,
  confirmDeleteAction,
  confirmStopAction,
  confirmUnlinkAction,
  consentAnswerAction,
} from "./chat-actions.ts";
import { answerStop } from "./client-commands.ts";
import { answerCheckIns, answerConsent, chooseLanguage } from "./client-onboarding.ts";
import { answerDelete } from "./client-self-service.ts";
import { lookupForm } from "./forms.ts";
import { quickLogForClient } from "./log-form.ts";
import { routeAttendanceAction } from "./attendance-flow.ts";
import { routePlanAction } from "./plan-flow.ts";
import { routeCardAction } from "./client-card-flow.ts";
import { routeReferralAction } from "./referral-list.ts";
import { routeReferralCheckIn } from "./referral-check-in.ts";
import { routeAppointmentList } from "./appointment-list.ts";
import { answerSensitiveConsent, routeSensitiveConsentAction } from "./sensitive-consent.ts";
import { routePactClientAction, routePactStaffAction } from "../offers/pact-routes.ts";
import { routeReviewAction } from "./review-flow.ts";
import { quickLogClientAction } from "./chat-actions.ts";
import { clientList } from "./staff-commands.ts";
import { strangerIntro } from "./stranger.ts";
import { answerUnlink } from "./unlink-chat.ts";
import { chatRoleOf } from "./chat-role.ts";
import { answerClientQuietHours, answerClientZone, clientZoneAction, quietHoursAction } from "./client-quiet-hours.ts";
import { commandFromWords, findCommand, helpFor, refusalFor } from "./commands.ts";
import type { Routed } from "./reply.ts";
import { answerPass, offerToManager, routeConversationAction } from "./conversation-flow.ts";
import { passMessageAction } from "../conversations/actions.ts";
import { routeStaffChangeAction } from "../setup/staff-forms.ts";
import { routeContactCorrection } from "./contact-corrections.ts";
import { answerAppointmentNotice } from "./appointment-answer.ts";

const checkInAnswerByCode: Record<string, CheckInAnswer> = { d: "done", p: "in_progress", h: "need_help" };

async function routeClientAction(context: ChatContext, clientId: string, data: string): Promise<Routed> {
  const action = decodeAction(data);
  const language = chooseLanguageAction.match(action);
  if (language) return chooseLanguage(context, clientId, language[0]);
  const consent = consentAnswerAction.match(action);
  if (consent) return answerConsent(context, clientId, consent[0] === "a");
  const checkIns = checkInsConsentAction.match(action);
  if (checkIns) return answerCheckIns(context, clientId, checkIns[0] === "a");
  const sensitive = await answerSensitiveConsent(context, clientId, action);
  if (sensitive) return sensitive;
  const unlink = confirmUnlinkAction.match(action);
  if (unlink) return { outbound: await answerUnlink(context, unlink[0] === "y"), relinked: unlink[0] === "y" };
  const quiet = quietHoursAction.match(action);
  if (quiet) return answerClientQuietHours(context, clientId, quiet[0]);
  const zone = clientZoneAction.match(action);
  if (zone) return answerClientZone(context, clientId, zone[0]);
  const pass = passMessageAction.match(action);
  if (pass) return { outbound: await answerPass(context, pass[0], pass[1] === "y") };
  const stop = confirmStopAction.match(action);
  if (stop) return answerStop(context, clientId, stop[0]);
  const erase = confirmDeleteAction.match(action);
  if (erase) return answerDelete(context, clientId, erase[0] === "y");
  const appointment = answerAppointmentAction.match(action);
  if (appointment) return { outbound: await answerAppointmentNotice(context, appointment[0], appointment[1], appointment[2]) };
  const planAnswer = planAnswerAction.match(action);
  if (planAnswer) return { outbound: await answerPlanNotice(context, clientId, planAnswer[0], planAnswer[1], planAnswer[2]) };
  const checkIn = checkInAnswerAction.match(action);
  if (checkIn) {
    const answer = checkInAnswerByCode[checkIn[1]] ?? "in_progress";
    await answerCheckIn(context.deps, context.actor, { stepId: checkIn[0], answer });
    return { outbound: [say(`client.checkin.answer.${answer}`)] };
  }
  const referral = await routeReferralCheckIn(context, action);
  if (referral) return { outbound: referral };
  const pact = await routePactClientAction(context, data);
  if (pact) return { outbound: pact };
  return { outbound: [say("dialog.stale")] };
}

async function routeStaffAction(context: ChatContext, data: string): Promise<Routed> {
  const action = decodeAction(data);
  const unlink = confirmUnlinkAction.match(action);
  if (unlink) return { outbound: await answerUnlink(context, unlink[0] === "y"), relinked: unlink[0] === "y" };
  const page = clientPageAction.match(action);
  if (page) return { outbound: [await clientList(context, "", Number(page[0]), true)] };
  const contactCorrection = await routeContactCorrection(context, action);
  if (contactCorrection) return { outbound: contactCorrection };
  const quickLogClient = quickLogClientAction.match(action);
  if (quickLogClient) return { outbound: await quickLogForClient(context, quickLogClient[0]) };
  const review = await routeReviewAction(context, action);
  if (review) return { outbound: review };
  const card = await routeCardAction(context, action);
  if (card) return { outbound: card };
  const referral = await routeReferralAction(context, action);
  if (referral) return { outbound: referral };
  const appointments = await routeAppointmentList(context, action);
  if (appointments) return { outbound: appointments };
  const sensitive = await routeSensitiveConsentAction(context, action);
  if (sensitive) return { outbound: sensitive };
  const plan = await routePlanAction(context, action);
  if (plan) return { outbound: plan };
  const attendance = await routeAttendanceAction(context, action);
  if (attendance) return { outbound: attendance };
  const conversation = await routeConversationAction(context, action);
  if (conversation) return { outbound: conversation };
  const pact = await routePactStaffAction(context, data);
  if (pact) return { outbound: pact };
  const staffChange = await routeStaffChangeAction(context, action);
  if (staffChange) return { outbound: staffChange };
  return { outbound: [say("dialog.stale")] };
}

/** A command typed with the slash, or a command word without it: the table's handler for this role. */
async function runCommand(context: ChatContext, name: string, args: string): Promise<Routed> {
  const role = chatRoleOf(context);
  const command = findCommand(role, name);
  return command ? command.run(context, args) : { outbound: refusalFor(role, name) };
}

/**
 * Text that is no command: a client is asked whether to pass it to their manager; strangers learn what Lotse is,
 * staff and volunteers get their help.
 */
async function routeText(context: ChatContext, text: string): Promise<Routed> {
  const role = chatRoleOf(context);
  const typed = commandFromWords(role, text);
  if (typed) return typed.command.run(context, typed.args);
  const identified = context.identified;
  if ("client" in identified && text.trim()) return offerToManager(context, identified.client.id, { text });
  return { outbound: [helpFor(role)] };
}

/** A photo, voice message or document: a client's is offered to their manager; staff learn that Lotse passes on only clients' files. */
async function routeFile(context: ChatContext, inbound: Extract<Inbound, { kind: "file" }>): Promise<Routed> {
  const identified = context.identified;
  if (!("client" in identified)) return { outbound: [say("commands.unsupported")] };
  const caption = inbound.caption.trim();
  return offerToManager(context, identified.client.id, { file: inbound.file, ...(caption ? { text: caption } : {}) });
}

async function routeLinked(context: ChatContext, inbound: Inbound): Promise<Routed> {
  const identified = context.identified;
  if (inbound.kind === "form") {
    const form = lookupForm(inbound.formId);
    return { outbound: form ? await submitWholeForm(context, form, inbound.values, inbound.fixed, inbound.instanceId) : [say("dialog.stale")] };
  }
  if ("client" in identified) {
    const renewal = await consentRenewal(context, identified.client.id, inbound);
    if (renewal) return renewal;
    if (inbound.kind === "action") return routeClientAction(context, identified.client.id, inbound.data);
  } else if (inbound.kind === "action") {
    // Volunteers have no buttons of their own: whatever they tap, they learn what they can do.
    return "manager" in identified ? routeStaffAction(context, inbound.data) : { outbound: [helpFor(chatRoleOf(context))] };
  }
  if (inbound.kind === "command") return runCommand(context, inbound.command, inbound.args.trim());
  if (inbound.kind === "file") return routeFile(context, inbound);
  return routeText(context, inbound.text);
}

/**
 * A staff member who left, or who writes from a chat switched off, writes anything but an invite code: they are told
 * so, whatever they typed (never the clients' introduction).
 */
const staffWhoLeft = (context: ChatContext, inbound: Inbound): boolean =>
  (("staffLeft" in context.identified && context.identified.staffLeft === true) ||
    ("staffChatOff" in context.identified && context.identified.staffChatOff === true)) &&
  !(inbound.kind === "command" && inbound.command === "start" && inbound.args.trim() !== "");

/** Routes one inbound: a running form first, then commands, buttons and text by who wrote. */
export async function routeInbound(context: ChatContext, inbound: Inbound): Promise<Routed> {
  try {
    if (context.identified.actor.kind === "stranger") {
      if (staffWhoLeft(context, inbound)) return { outbound: [strangerIntro(context)] };
      if (inbound.kind === "command") return await runCommand(context, inbound.command, inbound.args.trim());
      if (inbound.kind === "text") return await routeText(context, inbound.text);
      return { outbound: [strangerIntro(context)] };
    }
    const labels = context.deps.optionLabels;
    const labelOf = (option: FieldOption) =>
      option.label ?? (labels && option.labelKey ? labels.text(option.labelKey, option.labelParams, context.language) : option.value);
    const inForm = await continueForm(context, inbound, lookupForm, labelOf);
    if (inForm) return { outbound: inForm };
    return await routeLinked(context, inbound);
  } catch (error) {
    if (isDomainError(error)) return { outbound: [say(`errors.${error.code}`)] };
    throw error;
  }
}
