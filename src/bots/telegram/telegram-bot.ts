import { autoRetry } from "@grammyjs/auto-retry";
import { fileOfAttachment } from "../../i18n/bilingual-document.ts";
import { Bot, GrammyError, InputFile, type Api } from "grammy";
import type { InlineKeyboardMarkup, Update, UserFromGetMe } from "grammy/types";
import QRCode from "qrcode";
import { chatContext, strangerLanguage } from "../../core/chat/chat-context.ts";
import { handleInbound } from "../../core/chat/handle-inbound.ts";
import type { ChatReply } from "../../core/chat/reply.ts";
import type { CoreDeps } from "../../core/deps.ts";
import type { ChatSession } from "../../core/dialog/inbound.ts";
import type { Outbound } from "../../core/dialog/messages.ts";
import { chatBlocked } from "../../core/identities/chat-blocked.ts";
import { afterUnsentReply } from "../reply-failure.ts";
import { updateClaimant } from "../update-claim.ts";
import { identify } from "../../core/identities/identify.ts";
import { TELEGRAM_BOT_USERNAME_SETTING } from "../../core/invites/invite-link.ts";
import { escapeHtml, genericErrorKey, type Translator } from "../../i18n/index.ts";
import { boundedCalls, REPLY_CALL_TIMEOUT_MS } from "./bounded-calls.ts";
import { ChatMenus, setDefaultMenus } from "./commands-menu.ts";
import { errorFields, toSendError, type TelegramLog } from "./errors.ts";
import { FloodLimit, type FloodLimitOptions } from "./flood-limit.ts";
import { CAPTION_LIMIT, inlineKeyboard, splitEscaped } from "./format.ts";
import { translateUpdate, type CallbackRef } from "./translate-update.ts";

/** The update kinds the bot handles; everything else Telegram keeps to itself (setWebhook / getUpdates). */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

/** Shown for a photo, sticker, voice message, … in a private chat: "Please use text or the buttons". */
export const UNSUPPORTED_KEY = "commands.unsupported";
/** Shown (as a callback answer) for a button whose data the core cannot take. */
export const STALE_BUTTON_KEY = "dialog.stale";

export interface TelegramBotOptions {
  token: string;
  apiRoot?: string;
  deps: CoreDeps;
  translator: Translator;
  logger: TelegramLog;
  /** Known bot identity (skips getMe; tests). */
  botInfo?: UserFromGetMe;
  floodLimit?: FloodLimitOptions;
  /** The core entry point; replaceable in tests. */
  handle?: (deps: CoreDeps, session: ChatSession, inbound: Parameters<typeof handleInbound>[2]) => Promise<ChatReply>;
}

export interface TelegramBot {
  readonly bot: Bot;
  /** getMe (unless botInfo was given) and records the username for invite deep links. */
  init(): Promise<UserFromGetMe>;
  /** Sets the default commands menus (client commands per language); failures are logged, never thrown. */
  setDefaultCommands(): Promise<void>;
  /** Handles one update (webhook). Never throws for a handling failure: it is logged and the user gets an apology. */
  handleUpdate(update: Update): Promise<void>;
  setWebhook(url: string, secret: string): Promise<void>;
  /** Long polling until `stop`; failures are logged. */
  startPolling(): void;
  stop(): Promise<void>;
}

/**
 * The Telegram transport: updates → core `Inbound`, core `Outbound` → Bot API calls. No flow logic here.
 * Order per update: dedupe by update_id (database) → private chats with people only → flood limit → core → reply.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { deps, translator, logger } = options;
  const handle = options.handle ?? handleInbound;
  const bot = new Bot(options.token, {
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Inside an update nothing waits on Telegram for long: each call gives up after a few seconds, a short 429 is
  // waited out once, network errors and 5xx fail at once (the update's remaining replies are skipped and the
  // failure logged). autoRetry alone would retry network errors without limit, doubling up to an hour.
  bot.api.config.use(boundedCalls(REPLY_CALL_TIMEOUT_MS));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 1, maxDelaySeconds: 1, rethrowHttpErrors: true, rethrowInternalServerErrors: true }));
  const flood = new FloodLimit(options.floodLimit);
  const menus = new ChatMenus({ api: () => bot.api, translator, logger });
  let polling: Promise<void> | null = null;

  const api = (): Api => bot.api;
  const username = () => (bot.isInited() ? bot.botInfo.username : null);

  async function sendText(chatId: number, text: string, keyboard: InlineKeyboardMarkup | undefined): Promise<void> {
    const chunks = splitEscaped(text);
    for (const [index, chunk] of chunks.entries()) {
      const last = index === chunks.length - 1;
      await api().sendMessage(chatId, chunk, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      });
    }
  }

  async function editOrSend(chatId: number, messageId: number, text: string, keyboard: InlineKeyboardMarkup | undefined): Promise<void> {
    const chunks = splitEscaped(text);
    if (chunks.length !== 1 || chunks[0] === undefined) return sendText(chatId, text, keyboard);
    try {
      await api().editMessageText(chatId, messageId, chunks[0], {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
      // Too old to edit, deleted, …: the answer still arrives, as a new message.
      logger.debug({ chatKind: "private", ...errorFields(error) }, "telegram: edit failed, sending instead");
      await sendText(chatId, text, keyboard);
    }
  }

  /**
   * The file with the text as its caption (or the text first when it is too long for one). A file that cannot be
   * sent degrades: the text goes out with what the core says instead (the link and code still work, or how to ask
   * again); a later failure of that text is a failed update, logged, never an apology for what succeeded.
   */
  async function sendAttachment(chatId: number, outbound: Outbound, text: string, keyboard: InlineKeyboardMarkup | undefined, language: string): Promise<void> {
    const attachment = outbound.attachment;
    if (!attachment) return;
    const caption = text.trim() ? escapeHtml(text) : "";
    const fitsCaption = caption.length <= CAPTION_LIMIT;
    if (!fitsCaption) await sendText(chatId, text, keyboard);
    try {
      await sendFile(chatId, attachment, {
        ...(fitsCaption && caption ? { caption, parse_mode: "HTML" as const } : {}),
        ...(fitsCaption && keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      logger.warn({ attachment: attachment.kind, ...errorFields(error) }, "telegram: file not sent, told in text instead");
      const unsent = translator.renderText(attachment.unsentKey, undefined, language);
      await sendText(chatId, fitsCaption && text.trim() ? `${text}\n\n${unsent}` : unsent, fitsCaption ? keyboard : undefined);
    }
  }

  async function sendFile(
    chatId: number,
    given: NonNullable<Outbound["attachment"]>,
    extra: { caption?: string; parse_mode?: "HTML"; reply_markup?: InlineKeyboardMarkup },
  ): Promise<void> {
    const attachment = fileOfAttachment(translator, given, deps.clock.now());
    if (attachment.kind === "qr") {
      const png = await QRCode.toBuffer(attachment.payload, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 512 });
      await api().sendPhoto(chatId, new InputFile(png, "qr.png"), extra);
    } else if (attachment.kind === "image") {
      await api().sendPhoto(chatId, new InputFile(Buffer.from(attachment.base64, "base64"), attachment.fileName), extra);
    } else {
      await api().sendDocument(chatId, new InputFile(Buffer.from(attachment.base64, "base64"), attachment.fileName), extra);
    }
  }

  /**
   * Sends the reply. When Telegram cannot take it now (network, 5xx, 429), what is left goes to the outbox for the
   * dispatcher's retries (queueUnsentReply); a blocked chat is switched off; anything else is thrown (and logged).
   */
  async function deliver(chatId: number, reply: ChatReply, callback: CallbackRef | null, session: ChatSession, replyId: string): Promise<void> {
    // Messages to other people go through the outbox and the dispatcher, never from here.
    const messages = reply.outbound.filter((outbound) => !outbound.to);
    const render = (outbound: Outbound) => translator.renderOutbound(outbound, { language: reply.language, now: deps.clock.now() });
    for (const [index, outbound] of messages.entries()) {
      const rendered = render(outbound);
      try {
        const keyboard = inlineKeyboard(rendered.buttons, (reason) => logger.warn({ reason }, "telegram: button left out"));
        if (outbound.attachment) await sendAttachment(chatId, outbound, rendered.text, keyboard, reply.language);
        else if (outbound.edit && callback?.messageId) await editOrSend(chatId, callback.messageId, rendered.text, keyboard);
        else await sendText(chatId, rendered.text, keyboard);
      } catch (error) {
        const outcome = await afterUnsentReply(deps, session, replyId, toSendError(error), () => messages.slice(index).map((rest) => render(rest).text));
        if (outcome === "rethrow") throw error;
        if (outcome !== "blocked") logger.warn({ ...errorFields(error), queued: outcome.queued }, "telegram: reply not taken now; queued for the dispatcher");
        return;
      }
    }
  }

  /** The language to apologise in when the core failed: the person's, else their app's, else German. */
  async function languageOf(session: ChatSession): Promise<string> {
    try {
      return (await chatContext(deps, session, await identify(deps, session.channel, session.externalId))).language;
    } catch {
      return strangerLanguage(session.locale);
    }
  }

  async function answerCallback(callback: CallbackRef | null, text?: string): Promise<void> {
    if (!callback) return;
    try {
      await api().answerCallbackQuery(callback.id, text ? { text: text.slice(0, 200) } : {});
    } catch (error) {
      // An old query ("query is too old") cannot be answered any more; the reply below still goes out.
      logger.debug(errorFields(error), "telegram: answerCallbackQuery failed");
    }
  }

  /**
   * Each update once, also across redeliveries and instances. Claimed before, completed after it was handled: a
   * crash in between leaves it open, so Telegram's redelivery runs it again. Keyed by bot and update id (a new
   * bot's update ids start again).
   */
  async function processUpdate(update: Update): Promise<void> {
    const key = `${bot.botInfo.id}:${update.update_id}`;
    if (!(await deps.store.processedUpdates.claimUpdate("telegram", key, deps.clock.now(), updateClaimant))) {
      logger.debug({ updateId: update.update_id }, "telegram: duplicate update ignored");
      return;
    }
    try {
      await handleClaimedUpdate(update);
    } finally {
      await deps.store.processedUpdates.completeUpdate("telegram", key);
    }
  }

  async function handleClaimedUpdate(update: Update): Promise<void> {
    const updateId = update.update_id;
    const translated = translateUpdate(update, username());
    if (translated.kind === "ignore") {
      logger.debug({ updateId, reason: translated.reason }, "telegram: update ignored");
      return;
    }
    if (translated.kind === "blocked") {
      const switchedOff = await chatBlocked(deps, translated.session);
      logger.info({ updateId, switchedOff }, "telegram: the person blocked the bot");
      return;
    }
    if (translated.kind === "leave") {
      logger.info({ updateId }, "telegram: added to a group or channel, leaving");
      try {
        await api().leaveChat(translated.chatId);
      } catch (error) {
        logger.warn({ updateId, ...errorFields(error) }, "telegram: leaveChat failed");
      }
      return;
    }
    if (!flood.allow(String(translated.userId), deps.clock.now().getTime())) {
      logger.warn({ updateId }, "telegram: flood limit, update dropped");
      return;
    }
    const { session, chatId, callback } = translated;
    if (translated.kind === "unsupported") {
      const language = await languageOf(session);
      if (callback) await answerCallback(callback, translator.renderText(STALE_BUTTON_KEY, undefined, language));
      else await sendText(chatId, translator.renderText(UNSUPPORTED_KEY, undefined, language), undefined);
      return;
    }
    await answerCallback(callback);
    let reply: ChatReply;
    try {
      reply = await handle(deps, session, translated.inbound);
    } catch (error) {
      logger.error({ updateId, inbound: translated.inbound.kind, ...errorFields(error) }, "telegram: handling an update failed");
      const text = translator.renderText(genericErrorKey, undefined, await languageOf(session));
      await sendText(chatId, text, undefined).catch((sendError: unknown) =>
        logger.warn({ updateId, ...errorFields(sendError) }, "telegram: could not send the apology"),
      );
      return;
    }
    // The core has done its part: a reply that cannot be sent now is logged; an apology would claim a failure.
    try {
      await deliver(chatId, reply, callback, session, `${bot.botInfo.id}:${update.update_id}`);
      await menus.afterReply(chatId, reply);
    } catch (error) {
      logger.warn({ updateId, ...errorFields(error) }, "telegram: reply not sent");
    }
  }

  bot.use(async (ctx) => processUpdate(ctx.update));
  bot.catch((error) => logger.error({ updateId: error.ctx.update.update_id, ...errorFields(error.error) }, "telegram: update failed"));

  return {
    bot,
    async init() {
      // One bounded getMe: grammY's bot.init() would retry network errors silently, for ever (the caller retries).
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      await deps.store.settings.set(TELEGRAM_BOT_USERNAME_SETTING, bot.botInfo.username);
      logger.info({ botId: bot.botInfo.id }, "telegram: bot ready");
      return bot.botInfo;
    },
    setDefaultCommands: () => setDefaultMenus(bot.api, translator, logger),
    async handleUpdate(update) {
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        logger.error({ updateId: update.update_id, ...errorFields(error) }, "telegram: update failed");
      }
    },
    async setWebhook(url, secret) {
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({}, "telegram: webhook set");
    },
    startPolling() {
      if (polling) return;
      polling = bot
        .start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => logger.info({}, "telegram: long polling started") })
        .catch((error: unknown) => {
          logger.error(errorFields(error), "telegram: long polling stopped with an error");
        });
    },
    async stop() {
      if (!polling) return;
      if (bot.isRunning()) await bot.stop();
      await polling;
      polling = null;
    },
  };
}
