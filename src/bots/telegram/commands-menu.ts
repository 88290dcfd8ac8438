import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { MenuRole } from "../../core/chat/chat-role.ts";
import type { ChatReply } from "../../core/chat/reply.ts";
import { listedCommandsFor } from "../../core/chat/commands.ts";
import { clientLanguages } from "../../core/shared/languages.ts";
import type { Translator } from "../../i18n/index.ts";
import { errorFields } from "./errors.ts";
import type { TelegramLog } from "./errors.ts";

/**
 * The commands menu (setMyCommands): what the "/" button of a chat offers, per role and language.
 * - At start, the default scope gets the client commands in every client language Telegram can address
 *   (`language_code` is a two-letter code, so Sorani "ckb" falls back to the list without a language: German).
 * - Once a chat is linked (staff, client or volunteer), it gets its role's list (scope chat) in that person's
 *   language; a chat that is no longer linked loses it again.
 * The lists come from the command table (src/core/chat/commands.ts).
 */

/** Bot API limits of a command entry. */
export const COMMAND_PATTERN = /^[a-z0-9_]{1,32}$/;
export const DESCRIPTION_LIMIT = 256;
/** The language of the list without a language_code (and of staff who do not read English). */
export const DEFAULT_MENU_LANGUAGE = "de";

/** The menu of a role in a language (staff and volunteers: German or English), from the command table. */
export function commandMenu(role: MenuRole, language: string, translator: Translator): BotCommand[] {
  const menuLanguage = role === "client" ? language : language === "en" ? "en" : "de";
  return listedCommandsFor(role).map((command) => ({
    command: command.name,
    description: Array.from(translator.renderText(command.menuKey ?? "", undefined, menuLanguage).trim())
      .slice(0, DESCRIPTION_LIMIT)
      .join(""),
  }));
}

/** Client languages Telegram accepts as `language_code` (ISO 639-1, two letters). */
export const menuLanguageCodes = (): string[] => clientLanguages.filter((language) => /^[a-z]{2}$/.test(language));

/** The default menus, set once at start: client commands per language, and German for everyone else. */
export async function setDefaultMenus(api: Api, translator: Translator, logger: TelegramLog): Promise<void> {
  try {
    await api.setMyCommands(commandMenu("client", DEFAULT_MENU_LANGUAGE, translator), { scope: { type: "default" } });
    for (const language of menuLanguageCodes()) {
      await api.setMyCommands(commandMenu("client", language, translator), { scope: { type: "default" }, language_code: language as LanguageCode });
    }
  } catch (error) {
    // The bot works without a menu; a later start sets it again.
    logger.warn(errorFields(error), "telegram: setting the default commands menu failed");
  }
}

const MAX_TRACKED_CHATS = 10_000;

const MENU_RETRY_MS = 10 * 60 * 1000;

/**
 * Keeps each chat's own menu in step with who is behind it, from what the core's reply says (role and language):
 * set when it changes, taken away when the chat is no longer linked. Nothing is looked up. In memory: after a
 * restart each chat's menu is set again on its first message (idempotent).
 */
export class ChatMenus {
  /** `role:language` of the list set for each chat. */
  readonly #chats = new Map<number, string>();
  /** Chats whose menu could not be set: not tried again before this time (ms), so a failing call is not repeated after every reply. */
  readonly #failedUntil = new Map<number, number>();
  readonly #api: () => Api;
  readonly #translator: Translator;
  readonly #logger: TelegramLog;

  constructor(options: { api: () => Api; translator: Translator; logger: TelegramLog }) {
    this.#api = options.api;
    this.#translator = options.translator;
    this.#logger = options.logger;
  }

  async afterReply(chatId: number, reply: Pick<ChatReply, "role" | "language">): Promise<void> {
    const known = this.#chats.get(chatId);
    try {
      if (reply.role === "stranger") {
        if (known) {
          this.#chats.delete(chatId);
          await this.#api().deleteMyCommands({ scope: { type: "chat", chat_id: chatId } });
        }
        return;
      }
      const menu = `${reply.role}:${reply.language}`;
      if (known === menu) return;
      if ((this.#failedUntil.get(chatId) ?? 0) > Date.now()) return;
      await this.#api().setMyCommands(commandMenu(reply.role, reply.language, this.#translator), { scope: { type: "chat", chat_id: chatId } });
      this.#failedUntil.delete(chatId);
      this.#remember(chatId, menu);
    } catch (error) {
      this.#failedUntil.set(chatId, Date.now() + MENU_RETRY_MS);
      if (this.#failedUntil.size > MAX_TRACKED_CHATS) this.#failedUntil.clear();
      this.#logger.warn(errorFields(error), "telegram: setting a chat's commands menu failed; tried again in 10 minutes");
    }
  }

  #remember(chatId: number, menu: string): void {
    this.#chats.delete(chatId);
    this.#chats.set(chatId, menu);
    if (this.#chats.size > MAX_TRACKED_CHATS) {
      const oldest = this.#chats.keys().next();
      if (!oldest.done) this.#chats.delete(oldest.value);
    }
  }
}
