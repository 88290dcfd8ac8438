import { say, type Outbound } from "../dialog/messages.ts";
import { unlinkOwnIdentity } from "../identities/unlink-identity.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmUnlinkAction, yesNoQuestion } from "./chat-actions.ts";

/** /unlink of staff: are you sure? (before handing a phone on, or leaving a shared Teams account) */
export const unlinkQuestion = (): Outbound =>
  yesNoQuestion({ key: "manager.unlink.confirm" }, confirmUnlinkAction, { yes: "manager.unlink.yes", no: "dialog.button.no" });

/**
 * Yes: this chat account is no longer linked (nothing reaches it, it reaches nothing; a client's manager is told);
 * no: nothing changes. Staff and clients alike, each in their own words.
 */
export async function answerUnlink(context: ChatContext, confirmed: boolean): Promise<Outbound[]> {
  const keys = context.actor.kind === "client" ? unlinkKeys.client : unlinkKeys.staff;
  if (!confirmed) return [{ ...say(keys.kept), edit: true }];
  await unlinkOwnIdentity(context.deps, context.actor, context.session.channel, context.session.externalId);
  return [{ ...say(keys.done), edit: true }];
}

/** Literal keys, so the i18n check sees them. */
const unlinkKeys = {
  client: { kept: "client.unlink.kept", done: "client.unlink.done" },
  staff: { kept: "manager.unlink.kept", done: "manager.unlink.done" },
} as const;

/** /unlink of a client: the same question in their language (a new phone, a chat given away). */
export const clientUnlinkQuestion = (): Outbound =>
  yesNoQuestion({ key: "client.unlink.confirm" }, confirmUnlinkAction, { yes: "actions.unlink.yes", no: "dialog.button.no" });
