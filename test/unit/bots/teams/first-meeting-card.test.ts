import { describe, expect, it } from "vitest";
import { formCard, type CardElement } from "../../../../src/bots/teams/adaptive-cards.ts";
import { cardMeetingAction } from "../../../../src/core/chat/card-actions.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import type { MessageParams } from "../../../../src/core/dialog/messages.ts";
import { matchVolunteer } from "../../../../src/core/volunteers/match-volunteer.ts";
import { registerVolunteer } from "../../../../src/core/volunteers/register-volunteer.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });
const t = (key: string, params?: MessageParams) => translator.renderText(key, params, "de");
const teams: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE", forms: "whole" };
const input = (body: CardElement[], id: string) => body.find((element) => element.id === id);

describe("the first meeting of a match on a Teams card", () => {
  it("asks day, time and place on one card, labelled; a time in the past is named under its input; a good one is saved", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], teams);
    await core.store.municipalities.create({ id: "m-plo", tenantId: manager.tenantId, name: "Plochingen", createdAt: new Date(0) });
    await core.store.clients.update({ ...clients[0]!, municipalityId: "m-plo" });
    const actor = staffActor(manager);
    const zora = await registerVolunteer(core.deps, actor, {
      municipalityId: "m-plo",
      name: "Zora Weber",
      languages: ["ar"],
      offers: ["language_tandem"],
      availability: "montags abends",
      consent: true,
    });
    const { match } = await matchVolunteer(core.deps, actor, {
      clientId: clients[0]!.id,
      volunteerId: zora.id,
      offer: "language_tandem",
      contactWay: "volunteer_calls",
    });

    const event = (await send(tap(cardMeetingAction.encode(match.id)))).find((message) => message.form)?.form;
    if (event?.kind !== "started") throw new Error("no card");
    const { body } = formCard(event.form, t).content;
    expect(input(body, "startsAt__date")).toMatchObject({ type: "Input.Date", label: t("manager_volunteers.labels.meeting_at") });
    expect(input(body, "startsAt__time")).toMatchObject({ type: "Input.Time" });
    expect(input(body, "place")).toMatchObject({ type: "Input.Text", label: t("manager_volunteers.labels.meeting_place") });

    const values = { match: match.id, place: "Stadtbücherei, Marktplatz 1", confirm: true };
    const past = await send({ kind: "form", formId: "volmeet", values: { ...values, startsAt: "2027-02-26 15:00" } });
    expect(past.find((message) => message.form)?.form).toMatchObject({ kind: "rejected", invalid: [{ field: "startsAt" }] });
    expect((await core.store.volunteerMatches.get(match.id))?.meetingAt).toBeNull();

    // as the adapter passes the card's two inputs on: "<day> <time>" (15:00 in Berlin is 14:00 UTC)
    const saved = await send({ kind: "form", formId: "volmeet", values: { ...values, startsAt: "2027-03-04 15:00" } });
    expect(saved[0]?.parts.map((part) => part.key)).toEqual([
      "manager_volunteers.meeting.done",
      "manager_volunteers.meeting.client_told",
      "manager_volunteers.meeting.volunteer_not_told",
    ]);
    expect(await core.store.volunteerMatches.get(match.id)).toMatchObject({ meetingAt: new Date("2027-03-04T14:00:00Z"), meetingPlace: values.place });
  });
});
