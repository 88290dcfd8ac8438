import { describe, expect, it } from "vitest";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { formAnswerAction } from "../../../../src/core/dialog/form-actions.ts";
import { decodeAction } from "../../../../src/core/dialog/action-codec.ts";
import { TELEGRAM_BOT_USERNAME_SETTING } from "../../../../src/core/invites/invite-link.ts";
import { buttons, command, keys, linkedManager, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

describe("/invite: a fresh invite for a client who lost theirs", () => {
  it("after the first invite expired, `/invite Amina` brings a new link and QR code; the client's new phone links with it", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad", "Omar Said"]);
    await core.store.settings.set(TELEGRAM_BOT_USERNAME_SETTING, "LotseBot");
    core.clock.advance(10 * 24 * 60 * 60 * 1000);

    const reply = await send(text("einladung amina"));
    expect(keys(reply)).toEqual(["manager.invite.issued_link", "manager.newclient.qr_caption"]);
    const params = reply[0]?.parts[0]?.params ?? {};
    expect(params).toMatchObject({ name: "Amina Haddad", link: expect.stringMatching(/^https:\/\/t\.me\/LotseBot\?start=/) });
    expect(reply[1]?.attachment).toMatchObject({ kind: "qr", payload: params.link });

    const newPhone = telegramChat("777", "ar");
    const joined = await handleInbound(core.deps, newPhone, command("start", String(params.code)));
    expect(joined.role).toBe("client");
    expect((await core.store.identities.findByExternal("telegram", "777"))?.clientId).toBe(clients[0]?.id);
  });

  it("without a name asks which client, and the tap issues the invite", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad", "Omar Said"]);
    const question = await send(command("invite"));
    expect(keys(question)).toEqual(["manager.invite.client"]);
    const omar = buttons(question).find((button) => button.label === "Omar Said");
    expect(formAnswerAction.match(decodeAction(omar?.data ?? ""))).not.toBeNull();
    const issued = await send({ kind: "action", data: omar?.data ?? "" });
    expect(keys(issued)).toEqual(["manager.invite.issued"]);
    expect(issued[0]?.parts[0]?.params).toMatchObject({ name: "Omar Said" });
  });

  it("a fresh invite replaces the earlier one at once, and a link ends every other open code: an older link cannot take the chat over", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const codeOf = async () => String((await send(text("einladung amina")))[0]?.parts[0]?.params?.code);
    const first = await codeOf();
    const second = await codeOf();
    const third = await codeOf();

    const replaced = await handleInbound(core.deps, telegramChat("555", "ar"), command("start", first));
    expect(replaced.role).toBe("stranger");
    expect(keys(replaced.outbound)).toContain("client.invite.used_ask");
    const joined = await handleInbound(core.deps, telegramChat("777", "ar"), command("start", third));
    expect(joined.role).toBe("client");

    // The second code was open until the third was used: it no longer links anyone to Amina.
    const stray = await handleInbound(core.deps, telegramChat("888", "ar"), command("start", second));
    expect(stray.role).toBe("stranger");
    expect(await core.store.identities.findByExternal("telegram", "888")).toBeNull();
    expect(await core.store.identities.findByExternal("telegram", "777")).toMatchObject({ clientId: clients[0]?.id, active: true });
  });
});
