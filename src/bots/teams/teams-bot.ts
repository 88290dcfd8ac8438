import { createHash } from "node:crypto";
import { fileOfAttachment } from "../../i18n/bilingual-document.ts";
import type { Activity, Attachment, TurnContext } from "botbuilder";
import QRCode from "qrcode";
import { chatContext, staffLanguage, strangerLanguage, type ChatContext } from "../../core/chat/chat-context.ts";
import { handleInbound } from "../../core/chat/handle-inbound.ts";
import type { ChatReply } from "../../core/chat/reply.ts";
import type { CoreDeps } from "../../core/deps.ts";
import type { ChatSession, Inbound } from "../../core/dialog/inbound.ts";
import { say, type MessageParams, type Outbound } from "../../core/dialog/messages.ts";
import { chatRoleOf } from "../../core/chat/chat-role.ts";
import { helpFor } from "../../core/chat/commands.ts";
import { identify } from "../../core/identities/identify.ts";
import { keepChatCurrent, recogniseChat } from "../../core/chat/recognise-chat.ts";
import { withTimeout } from "../../core/shared/with-timeout.ts";
import { escapeHtml, genericErrorKey, type RenderedMessage, type Translator } from "../../i18n/index.ts";
import { formCard, messageCard, resultCard, type CardAttachment } from "./adaptive-cards.ts";
import {
  createPendingFiles,
  FILE_CONSENT_INVOKE,
  fileConsentCard,
  fileInfoCard,
  uploadFile,
  type FileConsentAnswer,
  type PendingFiles,
} from "./file-consent.ts";
import { afterUnsentReply } from "../reply-failure.ts";
import { updateClaimant } from "../update-claim.ts";
import { toTeamsSendError, withoutClientRetries } from "./teams-send-error.ts";
import { translateActivity, UNIVERSAL_ACTION_INVOKE } from "./translate-activity.ts";

/** Shown for a file, an empty message, an unknown card submission. */
export const UNSUPPORTED_KEY = "dialog.error.empty";
export const STALE_KEY = "dialog.stale";
export const WELCOME_KEY = "manager_teams.welcome";
/** The file consent flow's texts (client namespace: clients on Teams get files too). */
export const FILE_CONSENT_KEYS = {
  description: "dialog.teams_file.description",
  declined: "dialog.teams_file.declined",
  gone: "dialog.teams_file.gone",
  failed: "dialog.teams_file.failed",
} as const;

export interface TeamsLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface TeamsBotOptions {
  deps: CoreDeps;
  translator: Translator;
  logger: TeamsLog;
  /** The core entry point; replaceable in tests. */
  handle?: (deps: CoreDeps, session: ChatSession, inbound: Inbound) => Promise<ChatReply>;
  /** Files offered with a consent card, until the person answers; one per process unless given. */
  pendingFiles?: PendingFiles;
  /** The PUT to the upload URL Teams gives; replaceable in tests. */
  upload?: (uploadUrl: string, bytes: Buffer) => Promise<void>;
}

export interface TeamsBot {
  /** Handles one turn. Never throws: a failure is logged and the person gets an apology. */
  onTurn(context: TurnContext): Promise<void>;
}

/** Log fields for a failure: name, HTTP status and code; never the payload (it holds message texts). */
export function teamsErrorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trim().startsWith("at "))
    .slice(0, 5)
    .map((line) => line.trim());
  // Not "name" or "code": the logger redacts those keys everywhere (a person's name, an invite code).
  return {
    errorName: error.name,
    ...(typeof statusCode === "number" ? { statusCode } : {}),
    ...(typeof code === "string" ? { systemCode: code } : {}),
    frames,
  };
}

/** Activity ids are unique within a conversation: the key for redelivered activities is both, digested. */
function deliveryKey(activity: { id?: unknown; conversation?: { id?: unknown } }): string | null {
  if (typeof activity.id !== "string" || activity.id === "") return null;
  const conversation = typeof activity.conversation?.id === "string" ? activity.conversation.id : "";
  return createHash("sha256").update(`${conversation}\n${activity.id}`).digest("hex");
}

/** A picture shows inline (a data URI); a document is a file the person saves through the consent card. */
type TeamsFile = { inline: Attachment } | { document: { name: string; bytes: Buffer } };

async function attachmentOf(outbound: Outbound, translator: Translator, now: Date): Promise<TeamsFile | null> {
  if (!outbound.attachment) return null;
  const attachment = fileOfAttachment(translator, outbound.attachment, now);
  if (attachment.kind === "qr") {
    const png = await QRCode.toBuffer(attachment.payload, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 512 });
    return { inline: { contentType: "image/png", contentUrl: `data:image/png;base64,${png.toString("base64")}`, name: "qr.png" } };
  }
  if (attachment.kind === "image") {
    return { inline: { contentType: "image/png", contentUrl: `data:image/png;base64,${attachment.base64}`, name: attachment.fileName } };
  }
  return { document: { name: attachment.fileName, bytes: Buffer.from(attachment.base64, "base64") } };
}

/** A rendered message as an activity: plain text, or a card when it has buttons (or replaces a card). */
export function messageActivity(message: RenderedMessage, asCard = false): Partial<Activity> {
  if (asCard || message.buttons.some((row) => row.length > 0)) {
    return { type: "message", attachments: [messageCard(message)] };
  }
  return textActivity(message.text);
}

/**
 * Text as Teams' XML (HTML) subset: escaped, each line break a <br>. As "plain" Teams joins the lines of /help or
 * /agenda into one paragraph; Markdown would read a name's "*" or "_" as formatting.
 */
export function textActivity(text: string, attachments?: Attachment[]): Partial<Activity> {
  const xml = escapeHtml(text).replace(/\r?\n/g, "<br>");
  return { type: "message", text: xml, textFormat: "xml", ...(attachments ? { attachments } : {}) };
}

const cardActivity = (attachment: CardAttachment): Partial<Activity> => ({ type: "message", attachments: [attachment] });

/** A reply activity waits at most this long for the connector (the same bound as a Telegram reply). */
const REPLY_BOUND_MS = 4000;

/**
 * The Teams transport: activities → core `Inbound`, core `Outbound` → messages and Adaptive Cards. No flow logic
 * here. Order per activity: dedupe by activity id (database) → personal chats only → link by Entra object id when
 * the manager was registered with one → core → reply. A form the core starts is shown whole, as one card.
 */
export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { deps, translator, logger } = options;
  const handle = options.handle ?? handleInbound;
  const pendingFiles = options.pendingFiles ?? createPendingFiles(deps.clock, () => deps.ids.newId());
  const upload = options.upload ?? uploadFile;
  const render = (outbound: Outbound, language: string) => translator.renderOutbound(outbound, { language, now: deps.clock.now() });
  const text = (key: string, language: string, params?: MessageParams) => translator.renderText(key, params, language, { now: deps.clock.now() });

  async function contextOf(session: ChatSession): Promise<ChatContext> {
    return chatContext(deps, session, await identify(deps, session.channel, session.externalId));
  }

  async function languageOf(session: ChatSession): Promise<string> {
    try {
      return (await contextOf(session)).language;
    } catch {
      return strangerLanguage(session.locale);
    }
  }

  /**
   * The app was added to a personal chat (installed, or installed again with a new conversation): the core links a
   * manager registered by Entra object id and takes the new conversation reference; the person is greeted.
   */
  async function welcome(turn: TurnContext, session: ChatSession): Promise<void> {
    const { identified, welcome: linked } = await recogniseChat(deps, session);
    const context = await chatContext(deps, session, identified);
    if (linked) {
      await turn.sendActivity(messageActivity(render(linked, context.language)));
      return;
    }
    // Installed again by someone already linked: a reminder of what they can do, in their language.
    const role = chatRoleOf(context);
    const [greeting, replyLanguage] =
      role === "stranger"
        ? [say(WELCOME_KEY), staffLanguage(session.locale)]
        : role === "client" || role === "volunteer"
          ? [helpFor(role), context.language]
          : [say("manager.welcome_back"), context.language];
    await turn.sendActivity(textActivity(render(greeting, replyLanguage).text));
  }

  /** A file that cannot be sent degrades to the text and what the core says instead (never an apology). */
  async function sendWithFile(turn: TurnContext, body: string, attachment: Attachment, unsent: string): Promise<void> {
    try {
      await turn.sendActivity(textActivity(body, [attachment]));
    } catch (error) {
      logger.warn(teamsErrorFields(error), "teams: file not sent, told in text instead");
      await turn.sendActivity(textActivity(body.trim() ? `${body}\n\n${unsent}` : unsent));
    }
  }

  async function update(turn: TurnContext, cardId: string, activity: Partial<Activity>): Promise<void> {
    try {
      await turn.updateActivity({ ...activity, id: cardId });
    } catch (error) {
      // Too old or deleted: the answer still arrives, as a new message.
      logger.debug(teamsErrorFields(error), "teams: update failed, sending instead");
      await turn.sendActivity(activity);
    }
  }

  /** A document as a consent card: the bytes wait (bounded, briefly) for the person's "Allow". */
  function offerFile(document: { name: string; bytes: Buffer }, session: ChatSession, language: string): Attachment {
    const pendingId = pendingFiles.hold({ name: document.name, bytes: document.bytes, userId: session.externalId });
    return fileConsentCard(document.name, text(FILE_CONSENT_KEYS.description, language), document.bytes.length, pendingId);
  }

  /**
   * "Allow": the file (taken once) goes to the upload URL Teams gave, then the file info card opens it. "Decline":
   * nothing is uploaded. A file no longer held (expired, restarted, answered before) or an upload that fails: said.
   */
  async function answerFileConsent(turn: TurnContext, session: ChatSession, answer: FileConsentAnswer | null): Promise<void> {
    if (!answer) {
      logger.debug({}, "teams: file consent answer of an unknown shape ignored");
      return;
    }
    const language = await languageOf(session);
    const file = pendingFiles.take(answer.pendingId, session.externalId);
    if (!file) {
      await turn.sendActivity(textActivity(text(FILE_CONSENT_KEYS.gone, language)));
      return;
    }
    if (answer.action === "decline") {
      await turn.sendActivity(textActivity(text(FILE_CONSENT_KEYS.declined, language)));
      return;
    }
    try {
      await upload(answer.upload.uploadUrl, file.bytes);
    } catch (error) {
      logger.warn(teamsErrorFields(error), "teams: file upload failed");
      await turn.sendActivity(textActivity(text(FILE_CONSENT_KEYS.failed, language)));
      return;
    }
    await turn.sendActivity({ type: "message", attachments: [fileInfoCard(answer.upload)] });
  }

  const translate = (language: string) => (key: string, params?: MessageParams) => text(key, language, params);

  /**
   * The reply as activities: forms as cards, a submitted card replaced by its result, buttons as cards; each activity
   * bounded in time. When the connector cannot take it now (network, 5xx, 429, no answer within the bound), what is
   * left goes to the outbox for the dispatcher's retries (queueUnsentReply); a conversation that is gone switches
   * the account off; anything else is thrown (and logged).
   */
  async function deliver(turn: TurnContext, reply: ChatReply, cardId: string | null, session: ChatSession, replyId: string): Promise<void> {
    // Messages to other people go through the outbox and the dispatcher, never from here.
    const outbound = reply.outbound.filter((message) => !message.to);
    let replacedCard = false;
    const replaceOrSend = async (activity: Partial<Activity>) => {
      if (cardId && !replacedCard) {
        await update(turn, cardId, activity);
        replacedCard = true;
      } else {
        await turn.sendActivity(activity);
      }
    };
    const sendOne = async (message: Outbound): Promise<void> => {
      const event = message.form;
      if (event?.kind === "started") {
        await turn.sendActivity(cardActivity(formCard(event.form, translate(reply.language))));
        return;
      }
      const rendered = render(message, reply.language);
      const file = await attachmentOf(message, translator, deps.clock.now());
      if (event?.kind === "continued") {
        // The card was sent with the choice that decides the rest: it refreshes in place with what follows.
        await replaceOrSend(cardActivity(formCard(event.form, translate(reply.language))));
        return;
      }
      if (event?.kind === "rejected") {
        // The same card again: what was typed kept, the wrong fields named under their inputs; nothing was saved.
        await replaceOrSend(
          cardActivity(formCard(event.form, translate(reply.language), { message: rendered.text, given: event.given, invalid: event.invalid })),
        );
      } else if (file && message.attachment) {
        const attachment = "inline" in file ? file.inline : offerFile(file.document, session, reply.language);
        await sendWithFile(turn, rendered.text, attachment, text(message.attachment.unsentKey, reply.language));
      } else if (event?.kind === "finished" && cardId && !replacedCard) {
        // The submitted card becomes its result: no inputs left to submit twice.
        await replaceOrSend(cardActivity(resultCard(text(event.titleKey, reply.language), rendered)));
      } else if (cardId && message.edit) {
        await update(turn, cardId, messageActivity(rendered, true));
      } else {
        await turn.sendActivity(messageActivity(rendered));
      }
    };
    for (const [index, message] of outbound.entries()) {
      try {
        await withTimeout(sendOne(message), REPLY_BOUND_MS);
      } catch (error) {
        const outcome = await afterUnsentReply(deps, session, replyId, toTeamsSendError(error), () =>
          outbound.slice(index).map((rest) => render(rest, reply.language).text),
        );
        if (outcome === "rethrow") throw error;
        if (outcome !== "blocked") logger.warn({ ...teamsErrorFields(error), queued: outcome.queued }, "teams: reply not taken now; queued for the dispatcher");
        return;
      }
    }
  }

  /** Each activity once: claimed before, completed after it was handled (a crash in between lets a redelivery run). */
  async function turnOf(turn: TurnContext): Promise<void> {
    const activityKey = deliveryKey(turn.activity);
    if (activityKey && !(await deps.store.processedUpdates.claimUpdate("teams", activityKey, deps.clock.now(), updateClaimant))) {
      logger.debug({}, "teams: duplicate activity ignored");
      return;
    }
    try {
      await handleClaimedTurn(turn);
    } finally {
      if (activityKey) await deps.store.processedUpdates.completeUpdate("teams", activityKey);
    }
  }

  async function handleClaimedTurn(turn: TurnContext): Promise<void> {
    // Replies inside the turn are not retried by the connector client for seconds: what it cannot take is queued.
    const { turnState, adapter } = turn as Partial<Pick<TurnContext, "turnState" | "adapter">>;
    const clientKey = (adapter as { ConnectorClientKey?: symbol } | undefined)?.ConnectorClientKey;
    if (turnState && clientKey) withoutClientRetries(turnState.get(clientKey));
    const activity: unknown = turn.activity;
    const translated = translateActivity(activity);
    if (translated.kind === "ignore") {
      logger.debug({ reason: translated.reason }, "teams: activity ignored");
      return;
    }
    if (translated.kind === "welcome") return welcome(turn, translated.session);
    if (translated.kind === "fileConsent") return answerFileConsent(turn, translated.session, translated.answer);
    if (translated.kind === "refresh") {
      // Teams may move a person to a new conversation with any activity: proactive messages follow it.
      await keepChatCurrent(deps, translated.session);
      logger.debug({ reason: translated.reason }, "teams: activity with nothing to answer; chat kept current");
      return;
    }
    const { session } = translated;
    if (translated.kind === "unsupported") {
      await turn.sendActivity(textActivity(text(translated.fromCard ? STALE_KEY : UNSUPPORTED_KEY, await languageOf(session))));
      return;
    }
    // Linking by Entra object id and keeping the conversation reference current happen in the core.
    const reply = await handle(deps, session, translated.inbound);
    try {
      await deliver(turn, reply, translated.cardId, session, deliveryKey(turn.activity) ?? deps.ids.newId());
    } catch (error) {
      // The core has done its part: an apology now would claim a failure.
      logger.warn(teamsErrorFields(error), "teams: reply not sent");
    }
  }

  /**
   * An Action.Execute or file consent invoke gets its invoke response (else botbuilder answers 501); the replies went
   * as messages.
   */
  async function answerInvoke(turn: TurnContext): Promise<void> {
    const { type, name } = turn.activity;
    if (type !== "invoke") return;
    if (name === FILE_CONSENT_INVOKE) {
      await turn.sendActivity({ type: "invokeResponse", value: { status: 200 } });
      return;
    }
    if (name !== UNIVERSAL_ACTION_INVOKE) return;
    await turn.sendActivity({
      type: "invokeResponse",
      value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "" } },
    });
  }

  return {
    async onTurn(turn) {
      try {
        await turnOf(turn);
        await answerInvoke(turn);
      } catch (error) {
        await answerInvoke(turn).catch(() => undefined);
        logger.error(teamsErrorFields(error), "teams: handling an activity failed");
        const translated = translateActivity(turn.activity);
        if (translated.kind === "ignore" || translated.kind === "refresh") return;
        const apology = text(genericErrorKey, await languageOf(translated.session));
        await turn
          .sendActivity(textActivity(apology))
          .catch((sendError: unknown) => logger.warn(teamsErrorFields(sendError), "teams: could not send the apology"));
      }
    },
  };
}
