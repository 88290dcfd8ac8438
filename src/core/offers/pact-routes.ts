import { decodeAction } from "../dialog/action-codec.ts";
import { firstMeetingForm } from "../volunteers/first-meeting-form.ts";
import type { FormDefinition } from "../dialog/form.ts";
import type { DialogContext } from "../dialog/form-runner.ts";
import type { Outbound } from "../dialog/messages.ts";
import { extendPeriodForm, routePeriodAction } from "../counselling/period-chat.ts";
import { addVolunteerForm, endMatchForm, matchForm } from "../volunteers/volunteer-chat.ts";
import { addOfferForm, routeOfferClientAction, routeOfferStaffAction } from "./offers-chat.ts";

/**
 * The buttons and forms of the pact features added together (counselling period, local offers, volunteers): the
 * shared routers call these with one line each and get null for anything that is not theirs. Their commands are in
 * the command table (src/core/chat/commands.ts).
 */
export async function routePactStaffAction(context: DialogContext, data: string): Promise<Outbound[] | null> {
  const action = decodeAction(data);
  return (await routePeriodAction(context, action)) ?? (await routeOfferStaffAction(context, action));
}

export async function routePactClientAction(context: DialogContext, data: string): Promise<Outbound[] | null> {
  return routeOfferClientAction(context, decodeAction(data));
}

/** The forms of these features, for the chat's form registry. */
export const pactForms: FormDefinition[] = [
  extendPeriodForm as FormDefinition,
  addOfferForm as FormDefinition,
  addVolunteerForm as FormDefinition,
  matchForm as FormDefinition,
  endMatchForm as FormDefinition,
  firstMeetingForm as FormDefinition,
];
