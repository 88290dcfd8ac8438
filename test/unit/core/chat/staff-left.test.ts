import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { setManagerActive } from "../../../../src/core/setup/set-manager-active.ts";
import { command, keys, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedTenant } from "../../../support/seed.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";

describe("a staff member who left writes to Lotse", () => {
  it("is told that their access has ended (not the clients' introduction) for a command, a text and a button", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    const added = await addManager(core.deps, operator, { tenantId, name: "Eva Geht" });
    const chat = telegramChat("700");
    expect(keys((await handleInbound(core.deps, chat, command("start", added.invite.code))).outbound)).toEqual(["manager.welcome"]);
    await setManagerActive(core.deps, operator, { managerId: added.manager.id, active: false });
    for (const inbound of [command("clients"), text("Amina"), tap(openClientAction.encode("client-1")), command("start")]) {
      expect(keys((await handleInbound(core.deps, chat, inbound)).outbound)).toEqual(["manager.access_ended"]);
    }
  });

  it("a chat the staff member unlinked themselves is told it is switched off and how to link it again, not the clients' introduction", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    const added = await addManager(core.deps, operator, { tenantId, name: "Eva Bleibt" });
    const chat = telegramChat("701");
    await handleInbound(core.deps, chat, command("start", added.invite.code));
    await handleInbound(core.deps, chat, command("unlink"));
    await handleInbound(core.deps, chat, tap("v1|unl|y"));
    expect((await core.store.identities.findByExternal("telegram", "701"))?.active).toBe(false);
    expect(keys((await handleInbound(core.deps, chat, command("clients"))).outbound)).toEqual(["manager.chat_off"]);
  });
});
