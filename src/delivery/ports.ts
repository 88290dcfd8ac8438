import type { Channel, ChannelIdentity } from "../core/identities/model.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import type { ConversationFile } from "../core/conversations/model.ts";

/** The person a message goes to, as the dispatcher resolved them at the moment of sending. */
export interface Recipient {
  kind: "client" | "manager" | "volunteer";
  id: string;
  name: string;
  /** Their current language: a change applies to everything sent afterwards, reminders included. */
  language: string;
  /** Their IANA zone, for the times in the message. */
  timezone: string;
  /** The chat account the message goes to (active, on a channel with a sender). */
  identity: ChannelIdentity;
}

export interface RenderedButton {
  label: string;
  /** Encoded action (src/core/dialog/action-codec.ts). */
  data: string;
}

/** A client's file passed on to their manager: the chat service's reference; a sender on another channel fetches the bytes. */
export type RelayedFile = ConversationFile & { ref: string };

/** A relayed file's bytes, fetched from the channel it came from for a sender on another channel. */
export interface FetchedFile {
  bytes: Buffer;
  mimeType: string;
  name: string;
}

/** Fetches a relayed file's bytes (Telegram: getFile and its download URL); throws `SendError` like a sender. */
export type FileFetcher = (file: RelayedFile) => Promise<FetchedFile>;

/** An appointment's "add to calendar" file (iCalendar), made when the notice is sent. */
export interface CalendarFile {
  /** "Termin-2027-03-28.ics": the local day of the appointment. */
  fileName: string;
  /** The iCalendar text (CRLF lines). */
  content: string;
}

/** Where an appointment takes place on the map (Telegram: a venue message). */
export interface Venue {
  latitude: number;
  longitude: number;
  title: string;
  address: string;
}

export interface RenderedMessage {
  text: string;
  /** Rows of buttons. */
  buttons: RenderedButton[][];
  /** A file that goes with the text (a client's photo or document for their manager). */
  file?: RelayedFile;
  /** Said below the text when a channel cannot attach the file (too big for Teams), in the recipient's language. */
  fileMissingText?: string;
  /** An appointment notice's calendar file: sent after the text, which keeps the answer buttons. */
  calendar?: CalendarFile;
  /** An appointment notice's map location, where the place has coordinates: sent after the calendar file. */
  venue?: Venue;
}

/** Renders an outbox row for a recipient in their current language (the i18n issue plugs in the real one). */
export interface MessageRenderer {
  render(message: OutboxMessage, recipient: Recipient): RenderedMessage | Promise<RenderedMessage>;
}

/**
 * How a send failed, as the channel sender classifies the provider's answer:
 * - rate_limited: 429; `retryAfterMs` from `retry_after` / `Retry-After`;
 * - blocked: the person blocked the bot or the chat is gone (Telegram 403, "chat not found"); never retried;
 * - transient: worth retrying with backoff (network errors, 5xx; Teams 412/502/504);
 * - permanent: retrying cannot help (a malformed message): failed at once.
 */
export type SendErrorKind = "rate_limited" | "blocked" | "transient" | "permanent";

export class SendError extends Error {
  readonly kind: SendErrorKind;
  readonly retryAfterMs: number | null;

  constructor(kind: SendErrorKind, message: string, retryAfterMs: number | null = null) {
    super(message);
    this.name = "SendError";
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }

  static rateLimited(retryAfterMs: number, detail = "rate limited"): SendError {
    return new SendError("rate_limited", detail, Math.max(0, retryAfterMs));
  }
}

export interface SentMessage {
  providerMessageId: string;
  /**
   * What went with the text but did not arrive (the calendar file, the map location). The text went, so the row is
   * sent: sending it again would repeat the notice. The dispatcher logs it.
   */
  missing?: ("calendar" | "venue")[];
}

/** One channel's way out (Telegram, Teams). Throws `SendError`; anything else thrown counts as transient. */
export interface ChannelSender {
  readonly channel: Channel;
  send(recipient: Recipient, message: RenderedMessage): Promise<SentMessage>;
}

/** Where the dispatcher reports what it did; pino's logger fits. */
export interface DeliveryLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLog: DeliveryLog = { info() {}, warn() {}, error() {} };
