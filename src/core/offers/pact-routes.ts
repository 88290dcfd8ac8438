import { decodeAction } from "../dialog/action-codec.ts";
import type { FormDefinition } from "../dialog/form.ts";
import type { DialogContext } from "../dialog/form-runner.ts";
import type { Outbound } from "../dialog/messages.ts";
import { extendPeriodForm, handlePeriodCommand, routePeriodAction } from "../counselling/period-chat.ts";
import { addVolunteerForm, endMatchForm, handleVolunteerStaffCommand, matchForm, routeVolunteerChat } from "../volunteers/volunteer-chat.ts";
import type { ChatSession, Inbound } from "../dialog/inbound.ts";
import { addOfferForm, clientOffers, handleOfferStaffCommand, routeOfferClientAction, routeOfferStaffAction } from "./offers-chat.ts";

/**
 * The chat entry points of the pact features added together (counselling period, local offers, volunteers): the
 * shared routers call these with one line each and get null for anything that is not theirs.
 */
export async function handlePactStaffCommand(context: DialogContext, command: string): Promise<Outbound[] | null> {
  return (await handlePeriodCommand(context, command)) ?? (await handleOfferStaffCommand(context, command)) ?? (await handleVolunteerStaffCommand(context, command));
}

export async function routePactStaffAction(context: DialogContext, data: string): Promise<Outbound[] | null> {
  const action = decodeAction(data);
  return (await routePeriodAction(context, action)) ?? (await routeOfferStaffAction(context, action));
}

/** Client commands: /offers. `language` is the client's reply language. */
export async function handlePactClientCommand(context: DialogContext & { language: string }, command: string): Promise<Outbound[] | null> {
  if (command === "offers") return clientOffers(context, context.language);
  return null;
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
];

/** Chats that are neither staff nor clients: linked volunteers, and "/start <code>" with a volunteer invite. */
export async function routePactStrangerChat(context: DialogContext & { session: ChatSession }, inbound: Inbound): Promise<{ language: string; outbound: Outbound[] } | null> {
  return routeVolunteerChat(context, inbound);
}
