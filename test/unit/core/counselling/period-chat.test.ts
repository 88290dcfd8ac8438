import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { extendPeriodAction } from "../../../../src/core/counselling/period-chat.ts";
import { attendanceLogAction } from "../../../../src/core/chat/attendance-flow.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { button, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

describe("counselling period in the staff chat", () => {
  it("/periods lists cases ending soon; Extend asks for the reason; the supervisor sees the reason", async () => {
    const core = testCore("2029-11-15T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Yusuf Karimi"], telegramChat("100"));
    const recent = clients[1]!;
    await core.store.clients.update({ ...recent, caseStartedAt: new Date("2029-01-01T09:00:00Z") });

    const periods = await send(command("periods"));
    expect(periods).toEqual([
      {
        parts: [
          {
            key: "manager_counselling.periods.ending_soon",
            params: {
              client: "Amina Haddad",
              started: { t: "date", iso: "2027-01-01T00:00:00.000Z", zone: "Europe/Berlin" },
              lastDay: { t: "date", iso: "2029-12-31T22:59:59.999Z", zone: "Europe/Berlin" },
            },
          },
        ],
        buttons: [[{ labelKey: "manager_counselling.periods.extend_button", data: expect.any(String) }]],
      },
    ]);
    const reason = await send(tap(button(periods, byKey("manager_counselling.periods.extend_button"))));
    expect(keys(reason)).toEqual(["manager_counselling.extend.reason"]);
    const done = await send(text("Ausbildung zur Pflegefachkraft beginnt, Begleitung nötig"));
    expect(done).toEqual([
      { parts: [{ key: "manager_counselling.extend.done", params: { lastDay: { t: "date", iso: "2030-12-31T22:59:59.999Z", zone: "Europe/Berlin" } } }] },
    ]);

    // the supervisor links and reads the reason in /periods
    const { invite } = await addManager(core.deps, operator, { tenantId: manager.tenantId, name: "Sabine Aufsicht", role: "supervisor" });
    const supervisorChat = telegramChat("200");
    await handleInbound(core.deps, supervisorChat, command("start", invite.code));
    const [overview, ...seen] = (await handleInbound(core.deps, supervisorChat, command("periods"))).outbound;
    // first the counts of the whole tenant (supervision only): Yusuf's period runs, Amina's is extended
    expect(overview?.parts).toEqual([
      { key: "manager_counselling.periods.overview", params: { running: 1, extended: 1, ending_soon: 0, overdue: 0, closed: 0 } },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.parts).toEqual([
      expect.objectContaining({ key: "manager_counselling.periods.extended", params: expect.objectContaining({ client: "Amina Haddad" }) }),
      { key: "manager_counselling.periods.reason", params: { why: "Ausbildung zur Pflegefachkraft beginnt, Begleitung nötig" } },
    ]);
    expect(seen[0]?.buttons).toBeUndefined();
    // the supervisor may not start an extension
    expect(keys((await handleInbound(core.deps, supervisorChat, command("extend"))).outbound)).toEqual(["errors.forbidden", "manager.help"]);
  });

  it("/extend picks the client, refuses a too-short reason and changes nothing", async () => {
    const core = testCore("2029-11-15T09:00:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad"], telegramChat("100"));
    const asked = await send(command("extend"));
    expect(keys(asked)).toEqual(["manager_counselling.extend.client"]);
    expect(keys(await send(tap(button(asked, byLabel("Amina Haddad")))))).toEqual(["manager_counselling.extend.reason"]);
    expect(keys(await send(text("weil")))).toEqual(["errors.invalid_input"]);
    expect(core.store.state.counsellingExtensions.size).toBe(0);
    expect(keys(await send(command("periods")))).toEqual(["manager_counselling.periods.ending_soon"]);
  });

  describe("a button for a case outside the actor's scope is refused when pressed, and no form starts", () => {
    /** Eva's Extend button (from /periods) and Kai, a manager of another tenant, who got hold of it. */
    async function foreignPress(kaiChat: ChatSession) {
      const core = testCore("2029-11-15T09:00:00Z");
      const eva = await linkedManager(core, ["Amina Haddad"], telegramChat("100"));
      const amina = eva.clients[0]!;
      const extend = button(await eva.send(command("periods")), byKey("manager_counselling.periods.extend_button"));
      const kai = await linkedManager(core, ["Omar Demir"], kaiChat);
      return { core, amina, extend, kai };
    }

    it("Extend (pext) from another tenant's manager: 'not allowed' at once, no question, nothing stored", async () => {
      const { core, amina, extend, kai } = await foreignPress(telegramChat("300"));
      const dialogsBefore = core.store.state.dialogs.size;
      expect(await kai.send(tap(extend))).toEqual([{ parts: [{ key: "errors.forbidden" }] }]);
      expect(core.store.state.dialogs.size).toBe(dialogsBefore);
      // what Kai types next is no answer to a form
      expect(keys(await kai.send(text("Ausbildung beginnt, Begleitung nötig")))).toEqual(["manager.help"]);
      expect(core.store.state.counsellingExtensions.size).toBe(0);
      // the same for the contact-log button under an attendance prompt, which names the client too
      expect(keys(await kai.send(tap(attendanceLogAction.encode(amina.id))))).toEqual(["errors.forbidden"]);
      expect(core.store.state.dialogs.size).toBe(dialogsBefore);
    });

    it("on Teams (whole forms) no card is sent either", async () => {
      const { extend, kai } = await foreignPress({ ...telegramChat("300"), channel: "teams", forms: "whole" });
      expect(await kai.send(tap(extend))).toEqual([{ parts: [{ key: "errors.forbidden" }] }]);
    });

    it("a client that is gone (erased or never there) is 'not found'", async () => {
      const { kai } = await foreignPress(telegramChat("300"));
      expect(keys(await kai.send(tap(extendPeriodAction.encode("nobody"))))).toEqual(["errors.not_found"]);
    });
  });
});
