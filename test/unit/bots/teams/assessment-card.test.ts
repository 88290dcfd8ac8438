import { describe, expect, it } from "vitest";
import { formCard, type CardElement } from "../../../../src/bots/teams/adaptive-cards.ts";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { cardAssessmentAction } from "../../../../src/core/chat/card-actions.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import type { MessageParams } from "../../../../src/core/dialog/messages.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });
const t = (key: string, params?: MessageParams) => translator.renderText(key, params, "de");
const teams: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE", forms: "whole" };

const input = (body: CardElement[], id: string) => body.find((element) => element.id === id);

describe("the assessment card on Teams", () => {
  it("shows what is recorded now in the empty inputs, and a wrong part under its input", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], teams);
    const amina = clients[0]!;
    await recordAssessment(core.deps, staffActor(manager), {
      clientId: amina.id,
      languages: [
        { code: "de", level: "A2" },
        { code: "ti", level: "native" },
      ],
      degrees: [{ title: "Krankenpflege", country: "ER", recognition: "partial" }],
      household: { childrenCount: 3 },
    });
    const event = (await send(tap(cardAssessmentAction.encode(amina.id)))).find((message) => message.form)?.form;
    if (event?.kind !== "started") throw new Error("no card");
    const { body } = formCard(event.form, t).content;
    expect(input(body, "germanLevel")).toMatchObject({ type: "Input.ChoiceSet", placeholder: "Jetzt: A2" });
    expect(input(body, "otherLanguages")).toMatchObject({ type: "Input.Text", placeholder: "Jetzt: ti Muttersprache" });
    expect(input(body, "degreeTitle")).toMatchObject({ placeholder: "Jetzt: Krankenpflege (ER): teilweise anerkannt" });
    expect(input(body, "childrenCount")).toMatchObject({ type: "Input.Number", placeholder: "Jetzt: 3" });
    expect(input(body, "interests")).not.toHaveProperty("placeholder");
    expect(input(body, "sections")).toBeUndefined();

    const rejected = formCard(event.form, t, {
      message: t("dialog.error.invalid_form"),
      given: { otherLanguages: "ti Muttersprache, xx B9" },
      invalid: [{ field: "otherLanguages", reasonKey: "manager_card.assessment.error.languages", reasonParams: { part: "xx B9" } }],
    }).content.body;
    const at = rejected.findIndex((element) => element.id === "otherLanguages");
    expect(rejected[at]).toMatchObject({ value: "ti Muttersprache, xx B9" });
    expect(String(rejected[at + 1]?.text)).toContain("„xx B9“ verstehe ich nicht");
  });
});
