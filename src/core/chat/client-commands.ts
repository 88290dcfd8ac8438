import { withdrawConsent } from "../consent/withdraw-consent.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import type { Inbound } from "../dialog/inbound.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmStopAction } from "./chat-actions.ts";
import { consentScreen, languagePicker } from "./client-onboarding.ts";
import { clientAppointments, clientData, clientPlan, deleteQuestion } from "./client-self-service.ts";
import type { Routed } from "./route-inbound.ts";
import { handlePactClientCommand } from "../offers/pact-routes.ts";

const clientHelp = (): Outbound => say("client.help");

function stopQuestion(): Outbound {
  return {
    parts: [{ key: "client.stop.confirm" }],
    buttons: [[
      { labelKey: "actions.stop.yes", data: confirmStopAction.encode("y") },
      { labelKey: "actions.stop.no", data: confirmStopAction.encode("n") },
    ]],
  };
}

/** What a linked client can type. */
export async function handleClientCommand(context: ChatContext, clientId: string, inbound: Extract<Inbound, { kind: "command" }>): Promise<Routed> {
  const pact = await handlePactClientCommand(context, inbound.command); if (pact) return { outbound: pact };
  switch (inbound.command) {
    case "start": {
      const decided = (await context.deps.store.consents.listForClient(clientId)).some((r) => r.purpose === "messaging");
      return { outbound: [decided ? say("client.welcome") : consentScreen()] };
    }
    case "language":
      return { outbound: [languagePicker(context.language)] };
    case "stop":
      return { outbound: [stopQuestion()] };
    case "appointments":
      return clientAppointments(context, clientId);
    case "plan":
      return clientPlan(context, clientId);
    case "mydata":
      return clientData(context, clientId);
    case "delete":
      return { outbound: [deleteQuestion()] };
    default:
      return { outbound: [clientHelp()] };
  }
}

/** After /stop: yes withdraws messaging consent (silence from now on), no keeps everything. */
export async function answerStop(context: ChatContext, clientId: string, confirmed: boolean): Promise<Routed> {
  if (!confirmed) return { outbound: [{ ...say("client.stop.kept"), edit: true }] };
  await withdrawConsent(context.deps, context.actor, { clientId, purposes: ["messaging", "plan_checkins"], channel: context.session.channel });
  return { outbound: [{ ...say("client.stop.done"), edit: true }] };
}
