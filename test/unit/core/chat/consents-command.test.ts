import { describe, expect, it } from "vitest";
import { withdrawConsent } from "../../../../src/core/consent/withdraw-consent.ts";
import { linkedManager, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor } from "../../../support/seed.ts";

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
          { key: "manager.consents.never", params: { purpose: { key: "manager.consents.purpose.data_health" } } },
          { key: "manager.consents.never", params: { purpose: { key: "manager.consents.purpose.data_residence" } } },
        ],
      },
    });
  });
});
