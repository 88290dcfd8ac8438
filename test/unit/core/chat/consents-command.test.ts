import { describe, expect, it } from "vitest";
import { withdrawConsent } from "../../../../src/core/consent/withdraw-consent.ts";
import {
  askConsentAction,
  recordConsentAction,
  sensitiveConsentAnswerAction,
  withdrawConsentInPersonAction,
} from "../../../../src/core/chat/sensitive-consent.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { hasCurrentConsent } from "../../../../src/core/consent/consent-state.ts";
import { buttons, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, staffActor } from "../../../support/seed.ts";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { openSensitive } from "../../../../src/core/assessment/sensitive.ts";

describe("/consents: where a client stands, per purpose", () => {
  it("shows given, withdrawn and never asked, with the dates", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0];
    if (!amina) throw new Error("no client");
    await withdrawConsent(core.deps, clientActor(amina), { clientId: amina.id, purposes: ["plan_checkins"], channel: "telegram" });
    const [reply] = await send(text("einwilligungen amina"));
    expect(reply?.parts[0]?.key).toBe("manager.consents.list");
    expect(reply?.parts[0]?.params).toMatchObject({
      name: "Amina Haddad",
      consents: {
        t: "lines",
        items: [
          { key: "manager.consents.given", params: { purpose: { key: "manager.consents.purpose.messaging" } } },
          {
            key: "manager.consents.not_given",
            params: { purpose: { key: "manager.consents.purpose.plan_checkins" }, at: { iso: "2027-03-10T09:00:00.000Z" } },
          },
          { key: "manager.consents.never", params: { purpose: { key: "manager.consents.purpose.manager_messages" } } },
          { key: "manager.consents.never", params: { purpose: { key: "manager.consents.purpose.data_health" } } },
          { key: "manager.consents.never", params: { purpose: { key: "manager.consents.purpose.data_residence" } } },
        ],
      },
    });
  });

  it("health and residence (Art. 9): asked in the chat in the client's language, or recorded as agreed in person", async () => {
    const core = testCore("2027-03-10T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    const amina = clients[0];
    if (!amina) throw new Error("no client");
    const clientChat = telegramChat("700", "ar");
    await core.store.identities.upsert({
      id: "amina-chat",
      channel: "telegram",
      externalId: "700",
      conversationRef: '{"chatId":700}',
      managerId: null,
      clientId: amina.id,
      locale: "ar",
      active: true,
      linkedAt: core.clock.now(),
      deactivatedAt: null,
    });
    const list = await send(text("einwilligungen amina"));
    expect(buttons(list).map((b) => b.data)).toEqual([
      askConsentAction.encode(amina.id, "h"),
      recordConsentAction.encode(amina.id, "h"),
      askConsentAction.encode(amina.id, "r"),
      recordConsentAction.encode(amina.id, "r"),
    ]);

    expect(keys(await send(tap(askConsentAction.encode(amina.id, "h"))))).toEqual(["manager.consents.asked"]);
    const [question] = await core.store.outbox.listPendingForRecipient("client", amina.id);
    expect(question).toMatchObject({
      messageKey: "consent.data_health.v1",
      actions: [{ data: sensitiveConsentAnswerAction.encode("h", "a") }, { data: sensitiveConsentAnswerAction.encode("h", "d") }],
    });
    core.clock.advance(60_000);
    const answered = await handleInbound(core.deps, clientChat, tap(sensitiveConsentAnswerAction.encode("h", "a")));
    expect(keys(answered.outbound)).toEqual(["client.consent.sensitive_given"]);

    core.clock.advance(60_000);
    expect(keys(await send(tap(recordConsentAction.encode(amina.id, "r"))))).toEqual(["manager.consents.recorded"]);
    const ledger = await core.store.consents.listForClient(amina.id);
    expect(hasCurrentConsent(ledger, "data_health")).toBe(true);
    expect(hasCurrentConsent(ledger, "data_residence")).toBe(true);
    expect(ledger.find((r) => r.purpose === "data_health")?.channel).toBe("telegram");
    expect(ledger.find((r) => r.purpose === "data_residence")?.channel).toBe("in_person");

    // Given now: the view offers only to record a withdrawal given in person.
    expect(buttons(await send(text("einwilligungen amina"))).map((b) => b.data)).toEqual([
      withdrawConsentInPersonAction.encode(amina.id, "h"),
      withdrawConsentInPersonAction.encode(amina.id, "r"),
    ]);
    // The client takes it back in person: the manager records it; the residence details recorded meanwhile are gone.
    await recordAssessment(core.deps, staffActor(manager), { clientId: amina.id, residence: { status: "Aufenthaltserlaubnis" } });
    core.clock.advance(60_000);
    expect(keys(await send(tap(withdrawConsentInPersonAction.encode(amina.id, "r"))))).toEqual(["manager.consents.withdrawn"]);
    expect(hasCurrentConsent(await core.store.consents.listForClient(amina.id), "data_residence")).toBe(false);
    const stored = await core.store.assessments.get(amina.id);
    expect(openSensitive(core.deps.crypto, stored?.sensitive ?? null)).toEqual({});
    expect(core.store.state.audit.map((e) => e.action)).toContain("assessment.sensitive.clear:residence");
  });
});
