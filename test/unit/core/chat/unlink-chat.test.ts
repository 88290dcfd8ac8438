import { describe, expect, it } from "vitest";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { button, byKey, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

describe("/unlink: staff unlink their own chat", () => {
  it("asks first; “no” keeps the link, “yes” makes the chat a stranger's that sees no cases", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const chat = telegramChat("100");
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    const question = await send(text("trennen"));
    expect(keys(question)).toEqual(["manager.unlink.confirm"]);
    expect(keys(await send(tap(button(question, byKey("dialog.button.no")))))).toEqual(["manager.unlink.kept"]);
    expect((await handleInbound(core.deps, chat, command("agenda"))).role).toBe("manager");

    const again = await send(command("unlink"));
    const done = await handleInbound(core.deps, chat, tap(button(again, byKey("manager.unlink.yes"))));
    expect(keys(done.outbound)).toEqual(["manager.unlink.done"]);
    expect(done.role).toBe("stranger");
    const after = await handleInbound(core.deps, chat, command("clients", "Amina"));
    expect(after.role).toBe("stranger");
    expect(keys(after.outbound)).toEqual(["manager.chat_off"]);
  });
});
