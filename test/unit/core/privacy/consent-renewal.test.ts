import { describe, expect, it } from "vitest";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { checkInsConsentAction, consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { currentConsentVersions } from "../../../../src/core/consent/model.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { purposesToRenew } from "../../../../src/core/privacy/consent-renewal.ts";
import { command, keys, tap, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const session: ChatSession = { channel: "telegram", externalId: "600", conversationRef: JSON.stringify({ chatId: "600" }), locale: "tr" };

/** A client who joined and consented, then the consent texts got a new version (their records are one behind). */
async function clientWithOutdatedConsent(core: TestCore) {
  const { manager } = await seedWorld(core.store);
  const { client, invite } = await createClient(core.deps, staffActor(manager), { name: "Ayşe Yılmaz", language: "tr" });
  await handleInbound(core.deps, session, command("start", invite.code));
  await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
  await handleInbound(core.deps, session, tap(checkInsConsentAction.encode("a")));
  for (const record of core.store.state.consents) {
    if (record.clientId === client.id) record.version = currentConsentVersions[record.purpose] - 1;
  }
  core.clock.advance(60_000);
  return { manager, client };
}

const renewalScreen = ["privacy.consent_changed", "consent.messaging.v1", "client.consent.withdraw_hint"];
const send = (core: TestCore, inbound: Parameters<typeof handleInbound>[2]) => handleInbound(core.deps, session, inbound).then((r) => r.outbound);

describe("a new version of a consent text asks the client again", () => {
  it("an outdated consent no longer counts: no messages are planned for the client", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client } = await clientWithOutdatedConsent(core);
    expect(purposesToRenew(await core.store.consents.listForClient(client.id))).toEqual(["messaging", "plan_checkins"]);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    expect(await core.store.outbox.listPendingForRecipient("client", client.id)).toEqual([]);
  });

  it("the client's next command or text shows the new texts with accept and decline", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await clientWithOutdatedConsent(core);
    const reply = await send(core, command("appointments"));
    expect(keys(reply)).toEqual(renewalScreen);
    expect(reply[0]?.buttons?.flat().map((b) => b.data)).toEqual([consentAnswerAction.encode("a"), consentAnswerAction.encode("d")]);
    expect(keys(await send(core, text("hallo")))).toEqual(renewalScreen);
  });

  it("the client's rights work without asking first: /stop, /mydata and /delete", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await clientWithOutdatedConsent(core);
    // Outdated consents no longer count: nothing is on, and /stop says so (with the way back) instead of asking again.
    expect(keys(await send(core, command("stop")))).toEqual(["client.stop.nothing"]);
    expect(keys(await send(core, command("delete")))).not.toContain("privacy.consent_changed");
    expect(keys(await send(core, command("mydata")))).not.toContain("privacy.consent_changed");
  });

  it("accepting records the current versions; messages are planned again and nobody asks twice", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, client } = await clientWithOutdatedConsent(core);
    await send(core, command("appointments"));
    expect(keys(await send(core, tap(consentAnswerAction.encode("a"))))).toEqual(["consent.plan_checkins.v1"]);
    expect(keys(await send(core, tap(checkInsConsentAction.encode("a"))))).toEqual(["client.welcome"]);
    const ledger = await core.store.consents.listForClient(client.id);
    expect(ledger.filter((r) => r.given && r.version === currentConsentVersions.messaging).map((r) => r.purpose)).toEqual(["messaging", "plan_checkins"]);
    expect(keys(await send(core, command("appointments")))).toEqual(["client.appointments.none"]);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [client.id], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    expect((await core.store.outbox.listPendingForRecipient("client", client.id)).length).toBeGreaterThan(0);
  });

  it("a client who withdrew is not asked again", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { client } = await clientWithOutdatedConsent(core);
    await core.store.consents.append({
      id: "w1",
      clientId: client.id,
      purpose: "messaging",
      version: 1,
      given: false,
      channel: "telegram",
      at: core.clock.now(),
    });
    await core.store.consents.append({
      id: "w2",
      clientId: client.id,
      purpose: "plan_checkins",
      version: 1,
      given: false,
      channel: "telegram",
      at: core.clock.now(),
    });
    expect(keys(await send(core, command("appointments")))).toEqual(["client.appointments.none"]);
  });
});
