import type { IssuedInvite } from "../core/invites/model.ts";
import type { Repositories } from "../core/ports/store.ts";
import { telegramInviteLink } from "../core/invites/invite-link.ts";

export async function describeInvite(settings: Repositories["settings"], invite: IssuedInvite) {
  const link = await telegramInviteLink(settings, invite.code);
  const lines = [`Invite code: ${invite.code} (single use, valid until ${invite.expiresAt.toISOString()})`];
  lines.push(link ? `Telegram: ${link}` : "Telegram: the link appears here once the bot has started with a token.");
  lines.push(`Teams: send "link ${invite.code}" to the Lotse app.`);
  return { json: { code: invite.code, expiresAt: invite.expiresAt.toISOString(), telegramLink: link }, text: lines.join("\n") };
}
