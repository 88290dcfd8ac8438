import { describe, expect, it } from "vitest";
import { localesDir } from "../../../../src/app/app.ts";
import { outboxContent } from "../../../../src/core/outbox/message-kinds.ts";
import { planAreas } from "../../../../src/core/plans/areas.ts";
import { catalogueGoalsByArea, goalCatalogue, goalTitleKey } from "../../../../src/core/plans/goal-catalogue.ts";
import { checkInMessageKey } from "../../../../src/core/plans/check-in-keys.ts";
import { catalogueStepTitle } from "../../../../src/core/plans/step-title.ts";
import { clientLanguages } from "../../../../src/core/shared/languages.ts";
import { createTranslator, formatInstant } from "../../../../src/i18n/index.ts";
import { renderOutboxMessage } from "../../../../src/i18n/outbox-params.ts";

const translator = createTranslator({ localesDir });

describe("goal catalogue", () => {
  it("offers goals in every area, with keys that fit a button", () => {
    for (const area of planAreas) expect(catalogueGoalsByArea(area).length, area).toBeGreaterThanOrEqual(2);
    const keys = goalCatalogue.map((goal) => goal.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key.length, key).toBeLessThanOrEqual(26);
  });

  it("reads every goal in every client language, none of them the German text", () => {
    for (const goal of goalCatalogue) {
      const german = translator.renderText(goalTitleKey(goal.key), undefined, "de");
      for (const language of clientLanguages.filter((l) => l !== "de")) {
        expect(translator.renderText(goalTitleKey(goal.key), undefined, language), `${goal.key} ${language}`).not.toBe(german);
      }
    }
  });
});

describe("a catalogue step's title", () => {
  it("shows a day value as a day in the reader's language, and names as they were written", () => {
    const title = catalogueStepTitle("attend_parent_meeting", { childName: "Sara", meetingDate: "2027-03-18" });
    for (const language of ["de", "ar", "ti"]) {
      const text = translator.renderText("client.plan.step.done", { title: title ?? "" }, language);
      expect(text).toContain("Sara");
      expect(text).toContain(formatInstant("2027-03-18", "date", { language, zone: "UTC" }) ?? "no day");
      expect(text).not.toContain("2027-03-18");
    }
    expect(catalogueStepTitle("no_such_step", {})).toBeNull();
  });

  it("does so in a check-in too, rendered when it is sent", () => {
    const message = { ...outboxContent(checkInMessageKey, { stepKey: { key: "take_dtz_exam", params: { examDate: "2027-06-14" } } }), actions: [] };
    const { text } = renderOutboxMessage(translator, message, { language: "ar", timezone: "Europe/Berlin" });
    expect(text).toContain(formatInstant("2027-06-14", "date", { language: "ar", zone: "UTC" }) ?? "no day");
    expect(text).not.toContain("2027-06-14");
  });
});
