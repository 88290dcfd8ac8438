import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { issueManagerInvite } from "../../../../src/core/setup/issue-manager-invite.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { command, keys, linkedManager, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedTenant, staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

describe("invites on phones that are linked already, and invites that no longer work", () => {
  it("a supervisor's code on a manager's linked phone is not used, and the chat says why and what to do", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, send } = await linkedManager(core, []);
    const { invite } = await addManager(core.deps, operator, { tenantId: manager.tenantId, name: "Sabine Aufsicht", role: "supervisor" });
    const reply = await send(command("start", invite.code));
    expect(keys(reply)).toEqual(["manager.already_linked"]);
    expect(translator.renderOutbound(reply[0]!, { language: "de" }).text).toContain("schon als Petra Neu mit Lotse verbunden");
    // The code still works on another phone.
    const other = await handleInbound(core.deps, telegramChat("555"), command("start", invite.code));
    expect(keys(other.outbound)).toEqual(["manager.welcome"]);
  });

  it("a manager linking a second phone is told the first gets nothing more; the first phone says so, never the clients' welcome", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, send } = await linkedManager(core, []);
    const invite = await issueManagerInvite(core.deps, operator, { managerId: manager.id });
    const second = await handleInbound(core.deps, telegramChat("556"), command("start", invite.code));
    expect(keys(second.outbound)).toEqual(["manager.welcome", "manager.earlier_chat_off"]);
    const first = await send(command("agenda"));
    expect(keys(first)).toEqual(["manager.chat_off"]);
    expect(translator.renderOutbound(first[0]!, { language: "de" }).text).toContain("neuen Einladungscode");
    // The second phone works as the manager's.
    expect(keys((await handleInbound(core.deps, telegramChat("556"), command("agenda"))).outbound)[0]).toMatch(/^manager\.agenda\./);
  });

  it("a client who taps an invite again on their linked phone is told it is not needed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await linkedManager(core, []);
    const { invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Yousef", language: "ar" });
    const chat = telegramChat("700", "ar");
    await handleInbound(core.deps, chat, command("start", invite.code));
    await handleInbound(core.deps, chat, tap(consentAnswerAction.encode("a")));
    const again = await handleInbound(core.deps, chat, command("start", invite.code));
    expect(keys(again.outbound)[0]).toBe("client.invite.already_linked");
  });

  it("an expired or used client invite names the manager to ask, in the chat app's language", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await linkedManager(core, []);
    const { invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Yousef", language: "ar" });
    await handleInbound(core.deps, telegramChat("700", "ar"), command("start", invite.code));
    const used = await handleInbound(core.deps, telegramChat("701", "ar"), command("start", invite.code));
    expect(keys(used.outbound)).toEqual(["client.invite.used_ask", "client.stranger.intro"]);
    expect(translator.renderOutbound(used.outbound[0]!, { language: "ar" }).text).toContain("Petra Neu");

    const { invite: fresh } = await createClient(core.deps, staffActor(manager), { name: "Reza Ahmadi", language: "fa" });
    core.clock.advance(8 * 24 * 3_600_000);
    const expired = await handleInbound(core.deps, telegramChat("702", "fa"), command("start", fresh.code));
    expect(keys(expired.outbound)).toEqual(["client.invite.expired_ask", "client.stranger.intro"]);
  });

  it("an expired or used staff invite says to ask the supervisor or the Lotse administration", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    const { invite } = await addManager(core.deps, operator, { tenantId, name: "Jonas Neu" });
    await handleInbound(core.deps, telegramChat("710"), command("start", invite.code));
    expect(keys((await handleInbound(core.deps, telegramChat("711"), command("start", invite.code))).outbound)).toEqual([
      "manager.invite_used_ask",
      "client.stranger.intro",
    ]);
    const { invite: fresh } = await addManager(core.deps, operator, { tenantId, name: "Lea Neu" });
    core.clock.advance(8 * 24 * 3_600_000);
    expect(keys((await handleInbound(core.deps, telegramChat("712"), command("start", fresh.code))).outbound)).toEqual([
      "manager.invite_expired_ask",
      "client.stranger.intro",
    ]);
  });
});
