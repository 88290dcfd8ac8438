import { expect } from "vitest";
import type { App } from "../../src/app/app.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { escapeHtml, type Translator } from "../../src/i18n/index.ts";
import type { ApiCall } from "./fake-telegram.ts";
import { textOf, type TelegramDriver } from "./telegram-app.ts";

/**
 * "Given" steps for the Telegram e2e tests: each test brings its own fresh app to the point it needs through the same
 * webhook paths people use, so that no test depends on what an earlier one left behind.
 */

/** The end of the manager's "… can now be reached" notice, whoever joined (the name and language come before it). */
const joinedNoticeEnd = (translator: Translator): string =>
  escapeHtml(translator.renderText("manager.reachable.joined", { client: "", language: "" }, "de").trim().slice(-40));

/**
 * Waits for the manager's notice that a client joined, among the sends to `managerChatId` from send `from` on. It comes
 * through the outbox a moment after the client's consent: waited for, so that it does not land in a later step.
 */
export function joinedNotice(chat: TelegramDriver, translator: Translator, managerChatId: number, from: number): Promise<ApiCall> {
  const end = joinedNoticeEnd(translator);
  return chat.eventually("the manager's notice that the client joined", () =>
    chat
      .chatSends(managerChatId)
      .slice(from)
      .find((call) => textOf(call).endsWith(end)),
  );
}

/**
 * A client joins in the chat with their invite code: /start <code> (Telegram reporting `language`), that language
 * tapped, messages and check-ins agreed. Returns the replies to the last tap (the welcome). With `manager`, also waits
 * for that manager's notice that the client can be reached now.
 */
export async function joinInChat(
  chat: TelegramDriver,
  userId: number,
  code: string,
  language: string,
  manager?: { chatId: number; translator: Translator },
): Promise<ApiCall[]> {
  const managerBefore = manager ? chat.chatSends(manager.chatId).length : 0;
  await chat.say(userId, `/start ${code}`, language);
  await chat.press(userId, `v1|lng|${language}`);
  await chat.press(userId, "v1|cns|a");
  const welcome = await chat.press(userId, "v1|cck|a");
  if (manager) await joinedNotice(chat, manager.translator, manager.chatId, managerBefore);
  return welcome;
}

/** After each test, whatever it did: no call Telegram would refuse (the fake Bot API's checks), then the app stops. */
export async function noRefusedCallsThenStop(fake: { violations: unknown[] }, stop: (() => Promise<void>) | undefined): Promise<void> {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    await stop?.();
  }
}

/** A manager of a new tenant, linked in their chat with /start <code> as a person does (German). */
export async function linkedManagerInChat(app: App, chat: TelegramDriver, chatId: number, tenantName: string, name = "Petra Neu"): Promise<Manager> {
  const tenant = await addTenant(app.deps, operator, { name: tenantName });
  const added = await addManager(app.deps, operator, { tenantId: tenant.id, name });
  await chat.say(chatId, `/start ${added.invite.code}`, "de");
  return added.manager;
}
