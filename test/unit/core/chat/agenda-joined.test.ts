import { describe, expect, it } from "vitest";
import { planMorningAgendas } from "../../../../src/core/reminders/plan-morning-agendas.ts";
import { command, keys, linkedManager } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

async function linkClientChat(core: TestCore, clientId: string, linkedAt: string) {
  await core.store.identities.upsert({
    id: `chat-${clientId}`,
    channel: "telegram",
    externalId: `tg-${clientId}`,
    conversationRef: null,
    managerId: null,
    clientId,
    locale: "ar",
    active: true,
    linkedAt: new Date(linkedAt),
    deactivatedAt: null,
  });
}

describe("the manager learns that a client joined (agenda and morning brief)", () => {
  it("/agenda names the clients who linked their chat since yesterday, once (today, not tomorrow)", async () => {
    const core = testCore("2027-03-02T09:00:00Z"); // Tuesday 10:00 in Berlin
    const { clients, send } = await linkedManager(core, ["Amina Haddad", "Omar Haddad"]);
    await linkClientChat(core, clients[0]!.id, "2027-03-01T19:00:00Z"); // last evening
    await linkClientChat(core, clients[1]!.id, "2027-02-20T10:00:00Z"); // long ago: not news
    const agenda = await send(command("agenda"));
    const joined = agenda.flatMap((o) => o.parts).filter((p) => p.key === "manager.agenda.joined");
    expect(joined).toEqual([{ key: "manager.agenda.joined", params: { clientName: "Amina Haddad" } }]);
    expect(keys(agenda)).toContain("manager.agenda.joined");
  });

  it("a join makes the morning brief come, counted as newly reachable", async () => {
    const core = testCore("2027-03-01T20:00:00Z"); // Monday evening; the brief is for Tuesday
    const { clients } = await linkedManager(core, ["Amina Haddad"]);
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    await linkClientChat(core, clients[0]!.id, "2027-03-01T20:00:00Z");
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    const [brief] = [...core.store.state.outbox.values()].filter((m) => m.recipientKind === "manager");
    expect(brief).toMatchObject({ messageKey: "manager_jobs.agenda.morning_no_appointments", params: { work: { params: { joined: "1", reviews: "0" } } } });
  });
});
