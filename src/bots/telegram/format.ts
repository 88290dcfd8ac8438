import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { escapeHtml } from "../../i18n/index.ts";

/** Bot API limits (https://core.telegram.org/bots/api): counted here on the HTML we send, which is never shorter. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT_BYTES = 64;

export interface KeyboardButton {
  label: string;
  data?: string;
  url?: string;
}

const escapedLength = (char: string) => escapeHtml(char).length;

/**
 * Splits plain text into HTML-escaped chunks of at most `limit` characters, preferring paragraph, line and word
 * boundaries, never inside an escape sequence or a surrogate pair.
 */
export function splitEscaped(text: string, limit = TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const escaped = escapeHtml(rest);
    if (escaped.length <= limit) {
      chunks.push(escaped);
      break;
    }
    let size = 0;
    let end = 0;
    const chars = Array.from(rest);
    for (const char of chars) {
      const next = size + escapedLength(char);
      if (next > limit) break;
      size = next;
      end += char.length;
    }
    const head = rest.slice(0, end);
    const floor = Math.floor(end / 2);
    let cut = head.lastIndexOf("\n\n");
    if (cut < floor) cut = head.lastIndexOf("\n");
    if (cut < floor) cut = head.lastIndexOf(" ");
    if (cut < floor) cut = end;
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk.length > 0) chunks.push(escapeHtml(chunk));
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  return chunks;
}

/** Buttons → an inline keyboard; a button Telegram would refuse (no label, data over 64 bytes) is left out. */
export function inlineKeyboard(rows: KeyboardButton[][], onDropped: (reason: string) => void = () => {}): InlineKeyboardMarkup | undefined {
  const keyboard: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    const out: InlineKeyboardButton[] = [];
    for (const button of row) {
      const text = button.label.trim();
      if (!text) {
        onDropped("empty_label");
      } else if (button.url) {
        out.push({ text, url: button.url });
      } else if (button.data !== undefined && button.data.length > 0 && Buffer.byteLength(button.data, "utf8") <= CALLBACK_DATA_LIMIT_BYTES) {
        out.push({ text, callback_data: button.data });
      } else {
        onDropped("callback_data");
      }
    }
    if (out.length > 0) keyboard.push(out);
  }
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}
