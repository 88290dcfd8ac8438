import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { manifestCommands, MANIFEST_COMMAND_LIMIT } from "../../../../src/bots/teams/app-package.ts";
import { parseTeamsText } from "../../../../src/bots/teams/translate-activity.ts";
import { commandMenu, COMMAND_PATTERN } from "../../../../src/bots/telegram/commands-menu.ts";
import { parseText } from "../../../../src/bots/telegram/translate-update.ts";
import type { ChatCommand } from "../../../../src/core/chat/command-table.ts";
import { chatRoles, staffRoles, type ChatRole } from "../../../../src/core/chat/chat-role.ts";
import { commandFromWords, commands, commandsFor, listedCommandsFor } from "../../../../src/core/chat/commands.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { dialogKey, type ChatSession, type Inbound } from "../../../../src/core/dialog/inbound.ts";
import { clientLanguages } from "../../../../src/core/shared/languages.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { helpText } from "../../../support/help-text.ts";
import { seedClient, seedConsent, seedManager, seedTenant } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });
const t0 = new Date("2027-03-01T09:00:00Z");

/** A chat of every role, on Telegram and on Teams, in one in-memory store. */
async function chatsOfEveryRole(core: TestCore): Promise<Record<ChatRole, { telegram: ChatSession; teams: ChatSession }>> {
  const tenantId = await seedTenant(core.store);
  let n = 0;
  const chats = (): { telegram: ChatSession; teams: ChatSession } => {
    n += 1;
    return {
      telegram: { channel: "telegram", externalId: String(1000 + n), conversationRef: null, locale: "de" },
      teams: { channel: "teams", externalId: `29:user-${n}`, conversationRef: null, locale: "de-DE" },
    };
  };
  const identity = async (chat: ChatSession, link: { managerId?: string; clientId?: string }) => {
    await core.store.identities.upsert({
      id: `identity-${chat.channel}-${chat.externalId}`,
      channel: chat.channel,
      externalId: chat.externalId,
      conversationRef: null,
      managerId: link.managerId ?? null,
      clientId: link.clientId ?? null,
      locale: chat.locale,
      active: true,
      linkedAt: t0,
      deactivatedAt: null,
    });
  };
  const result = {} as Record<ChatRole, { telegram: ChatSession; teams: ChatSession }>;
  for (const role of staffRoles) {
    const manager = await seedManager(core.store, tenantId, role, `Person ${role}`);
    result[role] = chats();
    for (const chat of Object.values(result[role])) await identity(chat, { managerId: manager.id });
  }
  const client = await seedClient(core.store, tenantId, { language: "de" });
  await seedConsent(core.store, client.id);
  result.client = chats();
  for (const chat of Object.values(result.client)) await identity(chat, { clientId: client.id });
  await core.store.volunteers.create({
    id: "volunteer-1",
    tenantId,
    municipalityId: "m-1",
    name: "Zora",
    languages: ["de"],
    offers: ["other"],
    availability: "abends",
    consentAt: t0,
    active: true,
    createdAt: t0,
  });
  result.volunteer = chats();
  for (const chat of Object.values(result.volunteer))
    await core.store.volunteerAccess.link({ channel: chat.channel, externalId: chat.externalId, volunteerId: "volunteer-1", locale: "de", linkedAt: t0 });
  result.stranger = chats();
  return result;
}

/** What a person types, as each adapter hands it to the core. */
const typedOn = {
  telegram: (text: string): Inbound => parseText(text, "LotseBot") ?? { kind: "text", text },
  teams: (text: string): Inbound => parseTeamsText(text) ?? { kind: "text", text },
};

/** A sample argument for commands that take one (a code, a name). */
const argsFor = (command: ChatCommand) => (command.takesArgs ? " Amina" : "");
const everyWord = (command: ChatCommand) => [...command.words.de, ...command.words.en, ...(command.words.others ?? [])];

describe("the command table", () => {
  let core: TestCore;
  let chats: Record<ChatRole, { telegram: ChatSession; teams: ChatSession }>;
  beforeAll(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    chats = await chatsOfEveryRole(core);
  });
  afterEach(() => vi.restoreAllMocks());

  it("names each command once per role, with names Telegram accepts and no word that starts two commands of a role", () => {
    for (const role of chatRoles) {
      const names = commandsFor(role).map((command) => command.name);
      expect(new Set(names).size, `${role}: ${names.join(", ")}`).toBe(names.length);
      const words = commandsFor(role).flatMap((command) => [...new Set(everyWord(command))]);
      expect(new Set(words).size, `${role}: ${words.join(", ")}`).toBe(words.length);
    }
    for (const command of commands) {
      expect(command.name).toMatch(COMMAND_PATTERN);
      // The staff help says the slash is optional: the name itself is always one of the words.
      expect(everyWord(command)).toContain(command.name);
      for (const word of everyWord(command)) expect(word).toBe(word.toLowerCase());
    }
  });

  for (const channel of ["telegram", "teams"] as const) {
    it(`reaches every command of every role on ${channel}, with the slash and by each of its words`, async () => {
      for (const role of chatRoles) {
        for (const command of commandsFor(role)) {
          const spoken = [`/${command.name}${argsFor(command)}`, ...everyWord(command).map((word) => `${word}${argsFor(command)}`)];
          for (const text of spoken) {
            const run = vi.spyOn(command, "run");
            await handleInbound(core.deps, chats[role][channel], typedOn[channel](text));
            expect(run, `${role} typing "${text}" on ${channel}`).toHaveBeenCalledOnce();
            expect(run.mock.calls[0]?.[1]).toBe(argsFor(command).trim());
            run.mockRestore();
            // A form the command started would take the next text as its answer: end it, as /cancel would.
            await core.store.dialogs.delete(dialogKey(chats[role][channel]));
          }
        }
      }
    });
  }

  it("leaves a command word with more after it as text when the command takes nothing (a client's sentence stays a sentence)", () => {
    expect(commandFromWords("client", "hilfe")).not.toBeNull();
    expect(commandFromWords("client", "Hilfe bitte, ich habe einen Brief")).toBeNull();
    expect(commandFromWords("manager", "plan Amina")?.args).toBe("Amina");
    expect(commandFromWords("manager", "hallo")).toBeNull();
  });

  it("lists in each role's Telegram menu exactly that role's commands, in every language the role reads", () => {
    for (const role of chatRoles.filter((r) => r !== "stranger")) {
      const languages = role === "client" ? clientLanguages : ["de", "en"];
      for (const language of languages) {
        const menu = commandMenu(role, language, translator);
        expect(menu.map((entry) => entry.command)).toEqual(listedCommandsFor(role).map((command) => command.name));
        for (const entry of menu) expect(entry.description.length, `${role} ${language} /${entry.command}`).toBeGreaterThan(0);
      }
    }
    expect(commandMenu("manager", "de", translator).map((entry) => entry.command)).not.toContain("report");
    expect(commandMenu("supervisor", "de", translator).map((entry) => entry.command)).toContain("report");
  });

  it("lists in each role's help exactly the commands of its menu", () => {
    for (const role of chatRoles.filter((r) => r !== "stranger")) {
      const languages = role === "client" ? ["de", "en", "ar"] : ["de", "en"];
      for (const language of languages) {
        // Right-to-left texts isolate each value (U+2066–U+2069); the lines are read without those marks.
        const help = helpText(translator, role, language).replace(/[\u2066-\u2069]/g, "");
        const listed = new Set(
          listedCommandsFor(role)
            .filter((command) => command.name !== "help")
            .map((command) => command.name),
        );
        for (const command of commands) {
          const line = new RegExp(`^/${command.name} – `, "m");
          expect(line.test(help), `/${command.name} in the ${role} help (${language})`).toBe(listed.has(command.name));
        }
        expect(help).not.toContain("…");
      }
    }
  });

  it("puts staff commands only in the Teams manifest, at most as many as Teams accepts, each described", () => {
    const listed = manifestCommands(translator);
    expect(listed.length).toBeLessThanOrEqual(MANIFEST_COMMAND_LIMIT);
    const staff = new Set(staffRoles.flatMap((role) => listedCommandsFor(role).map((command) => command.name)));
    for (const entry of listed) {
      expect(staff.has(entry.title), entry.title).toBe(true);
      expect(Object.keys(entry.description)).toEqual(["de", "en"]);
      for (const description of Object.values(entry.description)) expect(description.length).toBeGreaterThan(0);
    }
    expect(listed.map((entry) => entry.title)).toEqual(commands.filter((command) => command.inManifest).map((command) => command.name));
  });
});
