import { Api, GrammyError } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localesDir } from "../../../src/app/app.ts";
import { ChatMenus, commandMenu, DESCRIPTION_LIMIT, menuLanguageCodes, setDefaultMenus } from "../../../src/bots/telegram/commands-menu.ts";
import { handleInbound } from "../../../src/core/chat/handle-inbound.ts";
import type { Inbound } from "../../../src/core/dialog/inbound.ts";
import { clientLanguages } from "../../../src/core/shared/languages.ts";
import { createTranslator } from "../../../src/i18n/index.ts";
import { rawKeyPattern } from "../../../src/i18n/keys.ts";
import { command, linkedManager, telegramChat, text } from "../../support/chat-harness.ts";
import { testCore } from "../../support/core-deps.ts";
import { FakeTelegram } from "../../support/fake-telegram.ts";

const TOKEN = "42:menu-test-token";
const translator = createTranslator({ localesDir });
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const nonLatin: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  ps: /\p{Script=Arabic}/u,
  ckb: /\p{Script=Arabic}/u,
  uk: /\p{Script=Cyrillic}/u,
  ru: /\p{Script=Cyrillic}/u,
  ti: /\p{Script=Ethiopic}/u,
};

let fake: FakeTelegram;
let api: Api;

beforeAll(async () => {
  fake = new FakeTelegram(TOKEN);
  await fake.start();
  api = new Api(TOKEN, { apiRoot: fake.url });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

describe("commands menu", () => {
  it("has valid, translated entries for clients in every language and for staff in German and English", () => {
    for (const [role, languages] of [
      ["client", clientLanguages],
      ["manager", ["de", "en"]],
    ] as const) {
      for (const language of languages) {
        const menu = commandMenu(role, language, translator);
        expect(menu.length).toBeGreaterThan(0);
        for (const { command: name, description } of menu) {
          expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
          expect(description.trim().length).toBeGreaterThan(0);
          expect(Array.from(description).length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
          expect(description).not.toMatch(rawKeyPattern);
          expect(description).not.toMatch(/^(commands|manager_commands)\./);
          const script = nonLatin[language];
          if (script) expect(description).toMatch(script);
        }
      }
    }
    expect(commandMenu("client", "uk", translator)).not.toEqual(commandMenu("client", "en", translator));
    expect(commandMenu("manager", "ar", translator)).toEqual(commandMenu("manager", "de", translator));
  });

  it("sets the default menus once per two-letter client language plus one without a language", async () => {
    await setDefaultMenus(api, translator, silent);
    const calls = fake.callsTo("setMyCommands");
    expect(calls.map((call) => call.params.language_code ?? null)).toEqual([null, ...menuLanguageCodes()]);
    expect(menuLanguageCodes()).not.toContain("ckb");
    expect(fake.violations).toEqual([]);
  });

  it("the fake Bot API refuses what Telegram refuses", async () => {
    const refused = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error,
      );
    expect(await refused(api.setMyCommands([{ command: "Bad-Command", description: "x" }]))).toBeInstanceOf(GrammyError);
    expect(await refused(api.setMyCommands([{ command: "ok", description: "" }]))).toBeInstanceOf(GrammyError);
    expect(await refused(api.setMyCommands([{ command: "ok", description: "x".repeat(257) }]))).toBeInstanceOf(GrammyError);
    expect(await refused(api.setMyCommands([{ command: "ok", description: "ok" }], { language_code: "ckb" as never }))).toBeInstanceOf(GrammyError);
    expect(fake.violations.map((v) => v.method)).toEqual(["setMyCommands", "setMyCommands", "setMyCommands", "setMyCommands"]);
  });

  it("gives a linked chat its role's menu once, again after a language change, and takes it away when unlinked", async () => {
    const core = testCore();
    const chat = telegramChat("100");
    await linkedManager(core, [], chat);
    const menus = new ChatMenus({ api: () => api, translator, logger: silent });
    const replyTo = async (inbound: Inbound, session = chat) => menus.afterReply(100, await handleInbound(core.deps, session, inbound));

    await replyTo(command("start", "code"));
    expect(fake.menu("chat:100")).toEqual(commandMenu("manager", "de", translator));
    await replyTo(text("hello"));
    expect(fake.callsTo("setMyCommands")).toHaveLength(1);

    // The person switched Telegram to English: the next message carries it.
    await replyTo(text("hello"), telegramChat("100", "en"));
    expect(fake.menu("chat:100")).toEqual(commandMenu("manager", "en", translator));

    const identity = await core.store.identities.findByExternal("telegram", "100");
    if (!identity) throw new Error("not linked");

    await core.store.identities.update({ ...identity, active: false });
    await replyTo(command("start"));
    expect(fake.callsTo("deleteMyCommands")).toHaveLength(1);
    expect(fake.menu("chat:100")).toBeUndefined();
    expect(fake.violations).toEqual([]);
  });
});
