import { defineClientForm } from "./client-form.ts";
import { issueClientInvite } from "../cases/issue-client-invite.ts";
import type { CoreDeps } from "../deps.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { telegramInviteLink } from "../invites/invite-link.ts";
import { isStaffManager } from "./staff-options.ts";

/** The invite as messages: the link (or the code) with its expiry, and the link as a QR code to scan. */
export async function inviteMessages(
  context: { deps: Pick<CoreDeps, "store">; zone: string },
  keys: { link: string; code: string },
  invite: { name: string; code: string; expiresAt: Date },
): Promise<Outbound[]> {
  const link = await telegramInviteLink(context.deps.store.settings, invite.code);
  const params = { name: invite.name, code: invite.code, expiresAt: { t: "date" as const, iso: invite.expiresAt.toISOString(), zone: context.zone } };
  if (!link) return [say(keys.code, params)];
  return [
    say(keys.link, { ...params, link }),
    {
      parts: [{ key: "manager.newclient.qr_caption", params: { name: invite.name } }],
      attachment: { kind: "qr", payload: link, unsentKey: "manager.newclient.qr_unsent" },
    },
  ];
}

/**
 * /invite: a fresh invite for a client of the caseload (a new phone, a lost or expired link). It replaces the
 * earlier ones (they stop working at once); the chat the client links last is theirs.
 */
export const inviteForm = defineClientForm({
  id: "invite",
  titleKey: "manager.invite.title",
  promptKey: "manager.invite.client",
  allowed: isStaffManager,
  run: async (context, clientId): Promise<Outbound[]> => {
    const invite = await issueClientInvite(context.deps, context.actor, { clientId });
    const client = await context.deps.store.clients.get(clientId);
    return inviteMessages(
      context,
      { link: "manager.invite.issued_link", code: "manager.invite.issued" },
      { name: client?.name ?? "", code: invite.code, expiresAt: invite.expiresAt },
    );
  },
});
