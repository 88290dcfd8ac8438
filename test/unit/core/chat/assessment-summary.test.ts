import { describe, expect, it } from "vitest";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { cardAssessmentViewAction } from "../../../../src/core/chat/card-actions.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { giveConsent } from "../../../../src/core/consent/give-consent.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { buttons, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

describe("the recorded assessment on the client card", () => {
  it("'Erfassung ansehen' shows what was recorded, dated, never the health details", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Yousef"]);
    const amina = clients[0]!;
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(buttons(card).map((b) => b.data)).toContain(cardAssessmentViewAction.encode(amina.id));
    expect(keys(await send(tap(cardAssessmentViewAction.encode(amina.id))))).toEqual(["manager_card.assessment_view.none"]);

    await giveConsent(core.deps, staffActor(manager), { clientId: amina.id, purposes: ["data_health"], channel: "in_person" });
    await recordAssessment(core.deps, staffActor(manager), {
      clientId: amina.id,
      languages: [{ code: "de", level: "A2" }],
      schooling: { years: 12 },
      degrees: [{ title: "Lehramt Mathematik", country: "SY", recognition: "in_progress" }],
      interests: ["Fußball", "Nähen"],
      household: { childrenCount: 2 },
      health: { text: "Diabetes Typ 2", flags: ["chronic_illness"] },
    });
    const [shown] = await send(tap(cardAssessmentViewAction.encode(amina.id)));
    const text = translator.renderOutbound(shown!, { language: "de", timeZone: "Europe/Berlin" }).text;
    expect(text).toContain("Erfassung, Stand");
    expect(text).toContain("Petra Neu");
    expect(text).toContain("Sprachen: de A2");
    expect(text).toContain("Abschluss: Lehramt Mathematik (SY), Anerkennung: läuft");
    expect(text).toContain("Interessen: Fußball, Nähen");
    expect(text).toContain("2 Kinder im Haushalt");
    expect(text).not.toMatch(/Diabetes|chronisch/);
  });
});
