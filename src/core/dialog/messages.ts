/**
 * What the core says, as message keys with parameters; adapters render them in the recipient's language at the
 * moment of sending (docs/architecture.md: "Messages are keys, rendered late").
 */
export type MessageParam =
  | string
  | number
  /** An instant, formatted in the recipient's locale and the given time zone. */
  | { t: "datetime" | "date" | "time"; iso: string; zone: string }
  /**
   * A calendar day ahead ("YYYY-MM-DD"), said as the time left when the message is read, counted in days in the
   * zone: "heute", "morgen", "in 44 Tagen" (Intl.RelativeTimeFormat), never rounded to months.
   */
  | { t: "until"; iso: string; zone: string }
  /** Another message key, translated too (e.g. an area or a catalogue step title). */
  | { t: "key"; key: string; params?: MessageParams }
  /** Several values, one per line (e.g. the commands in the help). */
  | { t: "lines"; items: MessageParam[] }
  /** Several values in a sentence, joined as the language joins a list ("Wohnen, Arbeit und Sprache"). */
  | { t: "list"; items: MessageParam[] };

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

/**
 * A file with a message. `unsentKey` is what the person is told instead when the file cannot be delivered (the
 * message's text still goes out): what they already have, or how to ask again; never an apology for a success.
 */
export type Attachment = { unsentKey: string } &
  /** A QR code image of the payload (e.g. an invite deep link), rendered by the adapter. */
  (
    | { kind: "qr"; payload: string }
    | { kind: "document"; fileName: string; mimeType: string; base64: string }
    | { kind: "image"; fileName: string; base64: string }
    /**
     * A document in a client's language and German side by side (the plan agreed in writing), made by the adapter's
     * renderer as a self-contained HTML file: each part is one row, rendered in `language` and in German.
     */
    | { kind: "bilingual"; fileName: string; language: string; zone: string; titleKey: string; parts: TextPart[] }
  );

/** The kinds of a form's fields (form.ts); named here so that a form shown whole is plain data. */
export type FormFieldKind = "choice" | "multi_choice" | "datetime" | "date" | "duration" | "number" | "text" | "confirm";
export type FormValue = string | number | boolean | string[];

/** One field of a form shown whole (a Teams card): its label, its choices resolved for this person. */
export interface WholeFormField {
  name: string;
  type: FormFieldKind;
  labelKey: string;
  labelParams?: MessageParams;
  optional: boolean;
  /** Asked only when an earlier answer calls for it (a custom text for a custom step): never required on a card. */
  conditional: boolean;
  choices: { value: string; labelKey: string; labelParams?: MessageParams; label?: string }[];
  /** What is recorded now (e.g. "now: ar native speaker, en B1"), shown in the empty input: leaving it empty keeps it. */
  hint?: TextPart;
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface WholeForm {
  id: string;
  /** This showing of the form: a submission carrying it is taken once (a double click saves once). */
  instanceId: string;
  titleKey: string;
  fields: WholeFormField[];
  /** Values decided before the form was shown (the client of a client card): not asked, sent back as they are. */
  fixed: Record<string, FormValue>;
  /** What the inputs show filled in, still to be changed (read from a one-line command): as a person would type it. */
  given?: Record<string, string>;
  /** What was chosen on this card before it refreshed ("Handlungsfeld: Sprache"), shown above its inputs. */
  chosen?: TextPart[];
  /** The card shows the fields up to a choice that decides the rest: it is sent to go on, not to save. */
  continues?: true;
}

/**
 * What happened to a form, for channels that show a form whole (Teams): it was started (show it), a submission was
 * rejected (show it again with the wrong fields named next to their inputs and what was typed kept), it goes on (the
 * same card, refreshed with what the choice made decides), or it was finished (the submitted card may become this
 * message).
 */
export type FormEvent =
  | { kind: "started"; form: WholeForm }
  | { kind: "rejected"; form: WholeForm; given: Record<string, string>; invalid: { field: string; reasonKey: string; reasonParams?: MessageParams }[] }
  /** The card was sent with the choice that decides the rest: it comes back with that choice fixed and the rest to fill. */
  | { kind: "continued"; form: WholeForm }
  | { kind: "finished"; titleKey: string };

export interface Outbound {
  /** Omitted: a reply to the person who wrote. */
  to?: { kind: "client" | "manager"; id: string };
  parts: TextPart[];
  buttons?: Button[][];
  attachment?: Attachment;
  /** Replace the message whose button was tapped instead of sending a new one. */
  edit?: boolean;
  /** This message is about a form shown whole (never set for step-by-step chats). */
  form?: FormEvent;
}

export const say = (key: string, params?: MessageParams): Outbound => ({ parts: [{ key, ...(params ? { params } : {}) }] });
