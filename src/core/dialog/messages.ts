/**
 * What the core says, as message keys with parameters; adapters render them in the recipient's language at the
 * moment of sending (docs/architecture.md: "Messages are keys, rendered late").
 */
export type MessageParam =
  | string
  | number
  /** An instant, formatted in the recipient's locale and the given time zone. */
  | { t: "datetime" | "date" | "time"; iso: string; zone: string }
  /** Another message key, translated too (e.g. an area or a catalogue step title). */
  | { t: "key"; key: string; params?: MessageParams }
  /** Several values, one per line (e.g. the commands in the help). */
  | { t: "lines"; items: MessageParam[] };

export type MessageParams = { [name: string]: MessageParam };

export interface TextPart {
  key: string;
  params?: MessageParams;
}

export interface Button {
  labelKey: string;
  labelParams?: MessageParams;
  /** A literal label instead of a key (e.g. a client's name); shown as is. */
  label?: string;
  /** Encoded action (action-codec.ts), at most 64 bytes. */
  data?: string;
  /** A chosen option of a multiple choice (adapters mark it, e.g. "✓ "). */
  selected?: boolean;
  url?: string;
}

export type Attachment =
  /** A QR code image of the payload (e.g. an invite deep link), rendered by the adapter. */
  | { kind: "qr"; payload: string }
  | { kind: "document"; fileName: string; mimeType: string; base64: string }
  | { kind: "image"; fileName: string; base64: string };

export interface Outbound {
  /** Omitted: a reply to the person who wrote. */
  to?: { kind: "client" | "manager"; id: string };
  parts: TextPart[];
  buttons?: Button[][];
  attachment?: Attachment;
  /** Replace the message whose button was tapped instead of sending a new one. */
  edit?: boolean;
}

export const say = (key: string, params?: MessageParams): Outbound => ({ parts: [{ key, ...(params ? { params } : {}) }] });
