import { say, type Outbound } from "../dialog/messages.ts";
import { unlinkOwnIdentity } from "../identities/unlink-identity.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmUnlinkAction, yesNoQuestion } from "./chat-actions.ts";

/** /unlink of staff: are you sure? (before handing a phone on, or leaving a shared Teams account) */
export const unlinkQuestion = (): Outbound =>
  yesNoQuestion({ key: "manager.unlink.confirm" }, confirmUnlinkAction, { yes: "manager.unlink.yes", no: "dialog.button.no" });

/** Yes: this chat account is no longer linked (nothing reaches it, it reaches nothing); no: nothing changes. */
export async function answerUnlink(context: ChatContext, confirmed: boolean): Promise<Outbound[]> {
  if (!confirmed) return [{ ...say("manager.unlink.kept"), edit: true }];
  await unlinkOwnIdentity(context.deps, context.actor, context.session.channel, context.session.externalId);
  return [{ ...say("manager.unlink.done"), edit: true }];
}

/** /unlink of a client: the same question in their language (a new phone, a chat given away). */
export const clientUnlinkQuestion = (): Outbound =>
  yesNoQuestion({ key: "client.unlink.confirm" }, confirmUnlinkAction, { yes: "actions.unlink.yes", no: "dialog.button.no" });

/** Yes: this chat no longer reaches the case and the manager is told; no: nothing changes. */
export async function answerClientUnlink(context: ChatContext, confirmed: boolean): Promise<Outbound[]> {
  if (!confirmed) return [{ ...say("client.unlink.kept"), edit: true }];
  await unlinkOwnIdentity(context.deps, context.actor, context.session.channel, context.session.externalId);
  return [{ ...say("client.unlink.done"), edit: true }];
}
