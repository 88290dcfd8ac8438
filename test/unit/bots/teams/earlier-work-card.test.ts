import { describe, expect, it } from "vitest";
import { formCard, type CardElement } from "../../../../src/bots/teams/adaptive-cards.ts";
import { cardEarlierWorkAction } from "../../../../src/core/chat/card-actions.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import type { MessageParams } from "../../../../src/core/dialog/messages.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

const translator = createTranslator({ localesDir });
const t = (key: string, params?: MessageParams) => translator.renderText(key, params, "de");
const teams: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE", forms: "whole" };

const input = (body: CardElement[], id: string) => body.find((element) => element.id === id);

describe("the card for what the earlier refugee social work handed over (Teams)", () => {
  it("asks agency, day and summary at once; a day ahead is named under its input, a past day is saved", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad"], teams);
    const amina = clients[0]!;
    const event = (await send(tap(cardEarlierWorkAction.encode(amina.id)))).find((message) => message.form)?.form;
    if (event?.kind !== "started") throw new Error("no card");
    const { body } = formCard(event.form, t).content;
    expect(input(body, "agency")).toMatchObject({ type: "Input.Text", label: "Träger der Flüchtlingssozialarbeit" });
    expect(input(body, "handedOverOn")).toMatchObject({ type: "Input.Date" });
    expect(input(body, "summary")).toMatchObject({ type: "Input.Text" });

    const values = { client: amina.id, agency: "Caritas Göppingen", summary: "Wohnungssuche läuft" };
    const ahead = await send({ kind: "form", formId: "earlier", values: { ...values, handedOverOn: "2027-03-05" } });
    const rejected = ahead.find((message) => message.form)?.form;
    expect(rejected).toMatchObject({ kind: "rejected", invalid: [{ field: "handedOverOn", reasonKey: "manager_time_picker.error.future_day" }] });
    expect(core.store.state.handovers.size).toBe(0);

    const saved = await send({ kind: "form", formId: "earlier", values: { ...values, handedOverOn: "2027-02-15" } });
    expect(saved[0]?.parts[0]?.key).toBe("manager_card.earlier_work.saved");
    expect([...core.store.state.handovers.values()]).toMatchObject([{ clientId: amina.id, fromManagerId: null, fromAgency: "Caritas Göppingen" }]);
  });
});
