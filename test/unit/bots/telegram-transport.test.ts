import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FloodLimit } from "../../../src/bots/telegram/flood-limit.ts";
import { inlineKeyboard, splitEscaped } from "../../../src/bots/telegram/format.ts";
import { telegramChatId } from "../../../src/bots/telegram/telegram-sender.ts";
import { parseText, translateUpdate } from "../../../src/bots/telegram/translate-update.ts";
import { secretMatches } from "../../../src/bots/telegram/webhook-route.ts";

const chat = { id: 42, type: "private", first_name: "A" };
const from = { id: 42, is_bot: false, first_name: "A", language_code: "fa" };
const update = (fields: object) => ({ update_id: 1, ...fields }) as unknown as Update;

describe("translateUpdate", () => {
  it("turns commands into lower-case commands without the bot's name, other text into text", () => {
    expect(parseText("/Start@Lotse_Bot  abc def ", "lotse_bot")).toEqual({ kind: "command", command: "start", args: "abc def" });
    expect(parseText("/start", null)).toEqual({ kind: "command", command: "start", args: "" });
    // Addressed to another bot: text, which Lotse answers with its help (not "please use text").
    expect(parseText("/agenda@other_bot", "lotse_bot")).toEqual({ kind: "text", text: "/agenda@other_bot" });
    expect(parseText("/123", null)).toEqual({ kind: "text", text: "/123" });
    expect(parseText("hello", null)).toEqual({ kind: "text", text: "hello" });
  });

  it("builds the session from the sender: user id, chat id, language", () => {
    const result = translateUpdate(update({ message: { message_id: 1, date: 1, chat, from, text: "hi" } }), null);
    expect(result).toMatchObject({
      kind: "inbound",
      session: { channel: "telegram", externalId: "42", conversationRef: '{"chatId":42}', locale: "fa" },
      inbound: { kind: "text", text: "hi" },
    });
  });

  it("maps buttons to actions, files to files, stickers to unsupported, groups and bots to nothing, joins to leaving", () => {
    const query = { id: "q", from, chat_instance: "c", data: "v1|x", message: { message_id: 9, date: 5, chat } };
    expect(translateUpdate(update({ callback_query: query }), null)).toMatchObject({
      kind: "inbound",
      inbound: { kind: "action", data: "v1|x" },
      callback: { id: "q", messageId: 9 },
    });
    expect(translateUpdate(update({ callback_query: { ...query, data: undefined } }), null)).toMatchObject({ kind: "unsupported" });
    expect(translateUpdate(update({ message: { message_id: 1, date: 1, chat, from, sticker: {} } }), null)).toMatchObject({ kind: "unsupported" });
    expect(translateUpdate(update({ message: { message_id: 1, date: 1, chat: { id: -1, type: "group" }, from, text: "/start" } }), null).kind).toBe("ignore");
    expect(translateUpdate(update({ message: { message_id: 1, date: 1, chat, from: { ...from, is_bot: true }, text: "/start" } }), null).kind).toBe("ignore");
    expect(translateUpdate(update({ edited_message: { message_id: 1, date: 1, chat, from, text: "x" } }), null).kind).toBe("ignore");
    expect(translateUpdate(update({ my_chat_member: { chat: { id: -7, type: "group" }, new_chat_member: { status: "member" } } }), null)).toEqual({
      kind: "leave",
      chatId: -7,
    });
    expect(translateUpdate(update({ my_chat_member: { chat: { id: -7, type: "group" }, new_chat_member: { status: "left" } } }), null).kind).toBe("ignore");
    // A photo, voice message, audio file or document is a file for the core, each as its own kind (Telegram passes a
    // file_id on only with the method of its type); the photo as its largest size; the caption goes along.
    const file = (fields: object) => translateUpdate(update({ message: { message_id: 1, date: 1, chat, from, ...fields } }), null);
    const photo = file({ photo: [{ file_id: "small" }, { file_id: "large" }], caption: "Brief vom Amt" });
    expect(photo).toMatchObject({
      kind: "inbound",
      inbound: { kind: "file", file: { kind: "photo", ref: "large", mimeType: "image/jpeg" }, caption: "Brief vom Amt" },
    });
    expect(file({ voice: { file_id: "v", mime_type: "audio/ogg" } })).toMatchObject({ inbound: { file: { kind: "voice", ref: "v" } } });
    expect(file({ audio: { file_id: "a", file_name: "song.mp3" } })).toMatchObject({ inbound: { file: { kind: "audio", ref: "a", name: "song.mp3" } } });
    expect(file({ document: { file_id: "d", file_name: "bescheid.pdf", mime_type: "application/pdf" } })).toMatchObject({
      inbound: { file: { kind: "document", ref: "d", name: "bescheid.pdf", mimeType: "application/pdf" } },
    });
    // The person blocked the bot in their private chat.
    expect(translateUpdate(update({ my_chat_member: { chat, from, new_chat_member: { status: "kicked" } } }), null)).toMatchObject({
      kind: "blocked",
      session: { channel: "telegram", externalId: String(from.id) },
    });
  });
});

describe("format", () => {
  it("splits escaped text within the limit at word boundaries and keeps everything", () => {
    const text = `${"a&b ".repeat(3000)}end`;
    const chunks = splitEscaped(text, 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4096);
    expect(chunks.join(" ").replaceAll("&amp;", "&")).toBe(text);
    expect(splitEscaped("")).toEqual([]);
    expect(splitEscaped("😀".repeat(5000)).every((chunk) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(chunk))).toBe(true);
  });

  it("leaves out buttons Telegram would refuse", () => {
    const dropped: string[] = [];
    const keyboard = inlineKeyboard(
      [
        [
          { label: "ok", data: "x" },
          { label: "long", data: "é".repeat(33) },
        ],
        [{ label: " ", data: "y" }],
      ],
      (reason) => dropped.push(reason),
    );
    expect(keyboard).toEqual({ inline_keyboard: [[{ text: "ok", callback_data: "x" }]] });
    expect(dropped).toEqual(["callback_data", "empty_label"]);
    expect(inlineKeyboard([])).toBeUndefined();
  });
});

describe("flood limit, secret, chat id", () => {
  it("allows max updates per window and user", () => {
    const limit = new FloodLimit({ max: 2, windowMs: 1000 });
    expect([limit.allow("a", 0), limit.allow("a", 10), limit.allow("a", 20), limit.allow("b", 20)]).toEqual([true, true, false, true]);
    expect(limit.allow("a", 1011)).toBe(true);
  });

  it("compares secrets in constant time and refuses missing ones", () => {
    expect(secretMatches("abc", "abc")).toBe(true);
    expect(secretMatches("abd", "abc")).toBe(false);
    expect(secretMatches(undefined, "abc")).toBe(false);
    expect(secretMatches(["abc"], "abc")).toBe(false);
  });

  it("reads the chat id from the conversationRef, else the user id", () => {
    expect(telegramChatId('{"chatId":7}', "8")).toBe(7);
    expect(telegramChatId("garbage", "8")).toBe(8);
    expect(telegramChatId(null, "x")).toBeNull();
  });
});
