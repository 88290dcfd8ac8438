import type { Repositories } from "../ports/store.ts";

/** Where the running Telegram bot records its username (from getMe), so invites can carry a deep link. */
export const TELEGRAM_BOT_USERNAME_SETTING = "telegram.botUsername";

/** The Telegram deep link for an invite, once the bot's username is known. */
export async function telegramInviteLink(settings: Repositories["settings"], code: string): Promise<string | null> {
  const username = await settings.get(TELEGRAM_BOT_USERNAME_SETTING);
  return username ? `https://t.me/${username}?start=${code}` : null;
}
