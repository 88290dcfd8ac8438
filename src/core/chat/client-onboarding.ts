import { giveConsent } from "../consent/give-consent.ts";
import { withdrawConsent } from "../consent/withdraw-consent.ts";
import { declineConsent } from "../consent/decline-consent.ts";
import { latestRecord } from "../consent/consent-state.ts";
import { currentConsentVersions } from "../consent/model.ts";
import { setClientLanguage } from "../cases/set-client-language.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { clientLanguages, languageOwnNames, type ClientLanguage } from "../shared/languages.ts";
import type { ChatContext } from "./chat-context.ts";
import { checkInsConsentAction, chooseLanguageAction, consentAnswerAction } from "./chat-actions.ts";
import type { Routed } from "./reply.ts";

/** Every client language by its own name (language.<code> keys), the current one first. */
export function languagePicker(current: string, promptKey = "client.language.choose"): Outbound {
  const ordered = [current, ...clientLanguages.filter((l) => l !== current)].filter((l) => (clientLanguages as readonly string[]).includes(l));
  const buttons: Button[] = ordered.map((code) => ({
    labelKey: "",
    label: languageOwnNames[code as ClientLanguage],
    data: chooseLanguageAction.encode(code as (typeof clientLanguages)[number]),
    ...(code === current ? { selected: true } : {}),
  }));
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
  return { parts: [{ key: promptKey }], buttons: rows };
}

/**
 * The consent screen for messages: what is stored, who sees it, what the messages are, how to stop; agree or
 * decline. Plan check-ins are a purpose of their own, asked next (checkInsQuestion).
 */
export function consentScreen(): Outbound {
  return {
    parts: [{ key: "client.consent.intro" }, { key: `consent.messaging.v${currentConsentVersions.messaging}` }, { key: "client.consent.withdraw_hint" }],
    buttons: [
      [
        { labelKey: "actions.consent.accept", data: consentAnswerAction.encode("a") },
        { labelKey: "actions.consent.decline", data: consentAnswerAction.encode("d") },
      ],
    ],
  };
}

/** The question about plan check-ins: agree or decline (also later with /questions). */
export function checkInsQuestion(): Outbound {
  return {
    parts: [{ key: `consent.plan_checkins.v${currentConsentVersions.plan_checkins}` }],
    buttons: [
      [
        { labelKey: "actions.consent.accept", data: checkInsConsentAction.encode("a") },
        { labelKey: "actions.consent.decline", data: checkInsConsentAction.encode("d") },
      ],
    ],
  };
}

async function hasDecidedConsent(context: ChatContext, clientId: string): Promise<boolean> {
  return (await context.deps.store.consents.listForClient(clientId)).some((r) => r.purpose === "messaging");
}

/** A language was tapped: store it; during onboarding the consent screen follows. */
export async function chooseLanguage(context: ChatContext, clientId: string, language: string): Promise<Routed> {
  const client = await setClientLanguage(context.deps, context.actor, { clientId, language });
  const next = (await hasDecidedConsent(context, clientId)) ? say("client.language.changed") : consentScreen();
  return { language: client.language, outbound: [{ ...next, edit: false }] };
}

/**
 * Messages agreed: the consent screen becomes the question about plan check-ins (a purpose of its own; a second
 * tap changes nothing and shows the same question). Declined: nothing more is stored, and the manager is told.
 */
export async function answerConsent(context: ChatContext, clientId: string, accepted: boolean): Promise<Routed> {
  const channel = context.session.channel;
  if (accepted) {
    await giveConsent(context.deps, context.actor, { clientId, purposes: ["messaging"], channel });
    // Check-ins are asked unless the client already answered for the current text (a "no" is never asked again).
    const checkIns = latestRecord(await context.deps.store.consents.listForClient(clientId), "plan_checkins");
    const answered = checkIns !== null && (!checkIns.given || checkIns.version >= currentConsentVersions.plan_checkins);
    return { outbound: [{ ...(answered ? say("client.welcome") : checkInsQuestion()), edit: true }] };
  }
  await declineConsent(context.deps, context.actor, channel);
  return { outbound: [say("client.consent.declined")] };
}

/**
 * Plan check-ins agreed or declined (at joining, after /start, or with /questions): the question becomes the answer;
 * a decline is recorded (no questions about steps), messages about appointments go on.
 */
export async function answerCheckIns(context: ChatContext, clientId: string, accepted: boolean): Promise<Routed> {
  const channel = context.session.channel;
  if (accepted) {
    // Joining (and a second tap on it): the welcome. Turned on again later (/questions after a no): just that.
    const wasOff = latestRecord(await context.deps.store.consents.listForClient(clientId), "plan_checkins")?.given === false;
    await giveConsent(context.deps, context.actor, { clientId, purposes: ["plan_checkins"], channel });
    return { outbound: [{ ...say(wasOff ? "client.consent.checkins_given" : "client.welcome"), edit: true }] };
  }
  await withdrawConsent(context.deps, context.actor, { clientId, purposes: ["plan_checkins"], channel });
  return { outbound: [{ ...say("client.consent.checkins_declined"), edit: true }] };
}
