import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { cardQuietAction } from "../../../../src/core/chat/card-actions.ts";
import { checkInsConsentAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { clientZoneAction, quietHoursAction } from "../../../../src/core/chat/client-quiet-hours.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { button, byKey, byLabel, command, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

describe("quiet hours: the client's own, set in the chat", () => {
  it("/quiet shows the current quiet hours in the client's language and changes them with one tap", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(core.store);
    const session: ChatSession = { channel: "telegram", externalId: "801", conversationRef: '{"chatId":"801"}', locale: "ar" };
    const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Amina Haddad", language: "ar" });
    await handleInbound(core.deps, session, command("start", invite.code));
    await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
    await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("a")));
    const send = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, session, inbound)).outbound;

    const question = await send(command("quiet"));
    expect(keys(question)).toEqual(["client.quiet.ask"]);
    const arabic = translator.renderOutbound(question[0]!, { language: "ar" });
    expect(arabic.text).toContain("21:00–08:00");
    expect(arabic.buttons.flat().map((b) => b.label)).toEqual([
      "21:00–08:00",
      "22:00–07:00",
      "20:00–09:00",
      "23:00–06:00",
      "بلا وقت هدوء",
      "العادي (\u206821:00–08:00\u2069)",
      translator.renderText("actions.quiet.zone", {}, "ar"),
    ]);

    const saved = await send(tap(quietHoursAction.encode("b")));
    expect(translator.renderOutbound(saved[0]!, { language: "ar" }).text).toContain("22:00–07:00");
    expect((await core.store.clients.get(client.id))?.quietHours).toBe("22:00-07:00");
    expect(keys(await send(tap(quietHoursAction.encode("o"))))).toEqual(["client.quiet.saved_off"]);
    expect((await core.store.clients.get(client.id))?.quietHours).toBe("off");
    await send(tap(quietHoursAction.encode("s")));
    expect((await core.store.clients.get(client.id))?.quietHours).toBeNull();
    expect(core.store.state.audit.filter((e) => e.action === "quiet_hours.set")).toHaveLength(3);
  });
});

describe("the client's own time zone, set in the chat", () => {
  it("'another time zone' lists the times it is now, the office's first; a tap saves it and times in messages follow it", async () => {
    const core = testCore("2027-03-01T09:00:00Z"); // 10:00 in Berlin, 11:00 in Kyiv
    const { manager } = await seedWorld(core.store);
    const session: ChatSession = { channel: "telegram", externalId: "802", conversationRef: '{"chatId":"802"}', locale: "uk" };
    const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Olena Koval", language: "uk" });
    await handleInbound(core.deps, session, command("start", invite.code));
    await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
    const send = async (inbound: Parameters<typeof handleInbound>[2]) => (await handleInbound(core.deps, session, inbound)).outbound;
    const picker = await send(tap(button(await send(command("quiet")), byKey("actions.quiet.zone"))));
    expect(keys(picker)).toEqual(["client.quiet.zone_ask"]);
    const labels = translator
      .renderOutbound(picker[0]!, { language: "uk" })
      .buttons.flat()
      .map((b) => b.label);
    expect(labels[0]).toBe("10:00 – Europe/Berlin");
    expect(labels).toContain("11:00 – Europe/Kyiv");
    // Vienna and Zurich show Berlin's time now: not offered as choices of their own.
    expect(labels.filter((label) => label.startsWith("10:00"))).toEqual(["10:00 – Europe/Berlin"]);
    const saved = await send(tap(clientZoneAction.encode("kyiv")));
    expect(translator.renderOutbound(saved[0]!, { language: "uk" }).text).toContain("Europe/Kyiv");
    expect((await core.store.clients.get(client.id))?.timezone).toBe("Europe/Kyiv");
    await send(tap(clientZoneAction.encode("standard")));
    expect((await core.store.clients.get(client.id))?.timezone).toBeNull();
  });
});

describe("quiet hours set by staff", () => {
  it("on the client card: the client's quiet hours and time zone", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0]!;
    const asked = await send(tap(cardQuietAction.encode(amina.id)));
    expect(keys(asked)).toEqual(["manager.quiet.client_quiet"]);
    const zone = await send(tap(button(asked, byLabel("20:00–09:00"))));
    expect(keys(zone)).toEqual(["manager.quiet.zone"]);
    expect((await core.store.clients.get(amina.id))?.quietHours ?? null).toBeNull();
    const done = await send(tap(button(zone, byLabel("Europe/Vienna"))));
    expect(keys(done)).toEqual(["manager.quiet.client_saved"]);
    expect(await core.store.clients.get(amina.id)).toMatchObject({ quietHours: "20:00-09:00", timezone: "Europe/Vienna" });
  });

  it("/quiet for staff: own quiet hours and working days", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, send } = await linkedManager(core, []);
    const asked = await send(command("quiet"));
    expect(keys(asked)).toEqual(["manager.quiet.own_quiet"]);
    const days = await send(tap(button(asked, byLabel("22:00–07:00"))));
    expect(keys(days)).toEqual(["manager.quiet.days"]);
    let step = days;
    for (const day of ["manager.weekday.d2", "manager.weekday.d3", "manager.weekday.d4", "manager.weekday.d6"])
      step = await send(tap(button(step, byKey(day))));
    const finished = await send(tap(button(step, byKey("dialog.button.done"))));
    expect(keys(finished)).toEqual(["manager.quiet.own_saved"]);
    expect(await core.store.managers.get(manager.id)).toMatchObject({ quietHours: "22:00-07:00", workDays: "2,3,4,6" });
  });
});
