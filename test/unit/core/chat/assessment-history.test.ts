import { describe, expect, it } from "vitest";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { cardAssessmentAction, cardAssessmentHistoryAction, cardAssessmentViewAction } from "../../../../src/core/chat/card-actions.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { giveConsent } from "../../../../src/core/consent/give-consent.ts";
import type { ChatSession, Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound, WholeForm } from "../../../../src/core/dialog/messages.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { button, buttons, byKey, byLabel, keys, linkedManager, tap, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });
const read = (outbound: Outbound[]) => outbound.map((o) => translator.renderOutbound(o, { language: "de", timeZone: "Europe/Berlin" }).text).join("\n");

/** Opens the card's assessment form and chooses these sections, then "Fertig": the first question of the first one. */
async function chooseSections(send: (inbound: Inbound) => Promise<Outbound[]>, clientId: string, sections: string[]) {
  let step = await send(tap(cardAssessmentAction.encode(clientId)));
  for (const section of sections) step = await send(tap(button(step, byKey(`manager_card.assessment.section.${section}`))));
  return send(tap(button(step, byKey("dialog.button.done"))));
}

async function world(core: TestCore, chat?: ChatSession) {
  const linked = await linkedManager(core, ["Amina Haddad"], chat);
  const amina = linked.clients[0];
  if (!amina) throw new Error("no client");
  return { ...linked, amina };
}

describe("the whole assessment in the chat, kept as dated versions", () => {
  it("a manager records other languages, a degree and the gender, changes them later, and the history shows both versions", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { amina, send } = await world(core);

    const level = await chooseSections(send, amina.id, ["languages", "degrees", "gender"]);
    expect(keys(level)).toEqual(["manager_card.assessment.german_level"]);
    const others = await send(tap(button(level, byLabel("B1"))));
    expect(keys(others)).toEqual(["manager_card.assessment.other_languages"]);
    // A part it cannot read is named, and the question is asked again.
    const wrong = await send(text("ar Muttersprache, xx B7"));
    expect(keys(wrong)).toEqual(["manager_card.assessment.error.languages", "manager_card.assessment.other_languages"]);
    expect(read(wrong)).toContain("„xx B7“ verstehe ich nicht");
    expect(keys(await send(text("Arabisch Muttersprache, en B1")))).toEqual(["manager_card.assessment.degree"]);
    expect(keys(await send(text("Lehramt Mathematik")))).toEqual(["manager_card.assessment.degree_country"]);
    const recognition = await send(text("SY"));
    expect(keys(recognition)).toEqual(["manager_card.assessment.degree_recognition"]);
    const gender = await send(tap(button(recognition, byKey("manager_card.assessment_view.recognition.in_progress"))));
    expect(keys(gender)).toEqual(["manager_card.assessment.gender"]);
    expect(buttons(gender).map((b) => b.labelKey)).toContain("manager.newclient.gender_not_stated");
    const saved = await send(tap(button(gender, byKey("manager.newclient.gender_female"))));
    expect(keys(saved)[0]).toBe("manager_card.assessment.saved");
    expect((await core.store.assessments.get(amina.id))?.data).toEqual({
      languages: [
        { code: "de", level: "B1" },
        { code: "ar", level: "native" },
        { code: "en", level: "B1" },
      ],
      degrees: [{ title: "Lehramt Mathematik", country: "SY", recognition: "in_progress" }],
    });
    expect((await core.store.clients.get(amina.id))?.gender).toBe("female");

    // A week later: every question shows what is recorded now; skipping keeps it.
    core.clock.set(new Date("2027-03-08T10:30:00Z"));
    const again = await chooseSections(send, amina.id, ["languages", "degrees"]);
    expect(again[0]?.parts[1]).toEqual({ key: "manager_card.assessment.now", params: { value: "B1" } });
    const othersAgain = await send(tap(button(again, byKey("dialog.button.skip"))));
    expect(read(othersAgain)).toContain("Jetzt: ar Muttersprache, en B1");
    const degree = await send(text("ar Muttersprache, en B2, fr A1"));
    expect(read(degree)).toContain("Jetzt: Lehramt Mathematik (SY): läuft");
    const country = await send(text("lehramt mathematik"));
    const recognised = await send(tap(button(country, byKey("dialog.button.skip"))));
    expect(keys(await send(tap(button(recognised, byKey("manager_card.assessment_view.recognition.recognised")))))).toContain("manager_card.assessment.saved");
    expect((await core.store.assessments.get(amina.id))?.data).toEqual({
      languages: [
        { code: "de", level: "B1" },
        { code: "ar", level: "native" },
        { code: "en", level: "B2" },
        { code: "fr", level: "A1" },
      ],
      degrees: [{ title: "Lehramt Mathematik", country: "SY", recognition: "recognised" }],
    });

    const card = await send(tap(openClientAction.encode(amina.id)));
    const history = await send(tap(button(card, byKey("manager_card.button.assessment_history"))));
    const shown = read(history);
    expect(shown).toContain("Verlauf der Erfassung (neueste zuerst):");
    expect(shown).toContain("Version 2 vom Mo., 8. März, 11:30 (Petra Neu): Sprachen, Abschlüsse\n");
    expect(shown).toMatch(/Version 1 vom Mo\., 1\. März, 10:00 \(Petra Neu\): Sprachen, Abschlüsse, Geschlecht$/);
    expect(shown.indexOf("Version 2")).toBeLessThan(shown.indexOf("Version 1"));
    expect(core.store.state.audit.at(-1)).toMatchObject({ action: "assessment.versions.read", clientId: amina.id });
    expect(await core.store.assessmentVersions.listForClient(amina.id)).toMatchObject([
      { version: 2, changed: ["languages", "degrees"], gender: "female" },
      { version: 1, changed: ["languages", "degrees", "gender"], gender: "female" },
    ]);

    const summary = read(await send(tap(cardAssessmentViewAction.encode(amina.id))));
    expect(summary).toContain("Sprachen: de B1, ar Muttersprache, en B2, fr A1");
    expect(summary).toContain("Abschluss: Lehramt Mathematik (SY), Anerkennung: anerkannt");
  });

  it("skips, removes with '-' and keeps unchanged answers out of the history", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, amina, send } = await world(core);
    await recordAssessment(core.deps, staffActor(manager), {
      clientId: amina.id,
      workExperience: [{ field: "Schneiderei", years: 5 }],
      interests: ["Fußball"],
      household: { childrenCount: 2 },
    });
    const work = await chooseSections(send, amina.id, ["work", "interests", "children"]);
    expect(read(work)).toContain("Jetzt: Schneiderei 5");
    expect(keys(await send(text("Schneiderei")))).toEqual([
      "manager_card.assessment.error.work",
      "manager_card.assessment.work",
      "manager_card.assessment.now",
    ]);
    expect(keys(await send(text("Schneiderei 5 Jahre, Verkauf 2")))).toEqual(["manager_card.assessment.interests", "manager_card.assessment.now"]);
    expect(keys(await send(text("-")))).toEqual(["manager_card.assessment.children", "manager_card.assessment.now"]);
    const ages = await send(text("2"));
    expect(keys(await send(text("4, 40")))).toEqual(["manager_card.assessment.error.ages", "manager_card.assessment.children_ages"]);
    expect(keys(ages)).toEqual(["manager_card.assessment.children_ages"]);
    expect(keys(await send(text("4 9")))).toContain("manager_card.assessment.saved");
    expect((await core.store.assessments.get(amina.id))?.data).toEqual({
      workExperience: [
        { field: "Schneiderei", years: 5 },
        { field: "Verkauf", years: 2 },
      ],
      household: { childrenCount: 2, childrenAges: [4, 9] },
    });
    // The children's count was answered as it was, their ages are new: the household changed, schooling was not asked.
    expect((await core.store.assessmentVersions.listForClient(amina.id))[0]?.changed).toEqual(["workExperience", "interests", "household"]);

    // Nothing changed: no new version.
    await chooseSections(send, amina.id, ["children"]);
    const same = await send(text("2"));
    expect(keys(await send(tap(button(same, byKey("dialog.button.skip")))))).toContain("manager_card.assessment.saved");
    expect(await core.store.assessmentVersions.listForClient(amina.id)).toHaveLength(2);
  });

  it("health and residence never show in the history: recording them keeps no version", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, amina, send } = await world(core);
    const eva = staffActor(manager);
    expect(keys(await send(tap(cardAssessmentHistoryAction.encode(amina.id))))).toEqual(["manager_card.assessment_history.none"]);
    await giveConsent(core.deps, eva, { clientId: amina.id, purposes: ["data_health", "data_residence"], channel: "in_person" });
    await recordAssessment(core.deps, eva, { clientId: amina.id, interests: ["Nähen"], health: { text: "Diabetes", flags: ["chronic_illness"] } });
    await recordAssessment(core.deps, eva, { clientId: amina.id, residence: { status: "Aufenthaltserlaubnis" } });
    const versions = await core.store.assessmentVersions.listForClient(amina.id);
    expect(versions).toHaveLength(1);
    expect(JSON.stringify(versions)).not.toMatch(/Diabetes|chronic|Aufenthalt/);
    const shown = read(await send(tap(cardAssessmentHistoryAction.encode(amina.id))));
    expect(shown).toMatch(/Version 1 vom .*: Interessen$/);
    expect(shown).not.toMatch(/Gesundheit|Aufenthalt|Diabetes/);
  });
});

describe("the assessment as one card (Teams)", () => {
  const teams: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE", forms: "whole" };

  it("shows every section with what is recorded now, names a wrong part under its field, and saves a version", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, amina, send } = await world(core, teams);
    await recordAssessment(core.deps, staffActor(manager), {
      clientId: amina.id,
      languages: [
        { code: "de", level: "A2" },
        { code: "ti", level: "native" },
      ],
    });
    const opened = await send(tap(cardAssessmentAction.encode(amina.id)));
    expect(keys(opened)).toEqual(["manager_card.assessment.sensitive_without_consent"]);
    const started = opened.find((message) => message.form);
    expect(started?.form?.kind).toBe("started");
    const form = (started?.form as { form: WholeForm }).form;
    const names = form.fields.map((field) => field.name);
    expect(names).toEqual([
      "germanLevel",
      "otherLanguages",
      "schoolingYears",
      "schoolLevel",
      "trainingTitle",
      "trainingCountry",
      "trainingCompleted",
      "degreeTitle",
      "degreeCountry",
      "degreeRecognition",
      "work",
      "interests",
      "childrenCount",
      "childrenAges",
      "gender",
    ]);
    expect(form.fixed).toMatchObject({ client: amina.id, healthConsent: false, residenceConsent: false });
    expect(form.fields.find((field) => field.name === "germanLevel")?.hint).toEqual({ key: "manager_card.assessment.now", params: { value: "A2" } });
    const hint = form.fields.find((field) => field.name === "otherLanguages")?.hint;
    expect(hint && translator.renderText(hint.key, hint.params, "de")).toBe("Jetzt: ti Muttersprache");
    expect(form.fields.find((field) => field.name === "degreeRecognition")?.choices.map((choice) => choice.value)).toEqual([
      "none",
      "in_progress",
      "recognised",
      "partial",
      "refused",
    ]);

    const fixed = { ...form.fixed, sections: (form.fixed.sections as string[]).join(",") };
    const submit = (values: Record<string, string>) =>
      send({ kind: "form", formId: "assess", values: { ...fixed, ...values }, fixed: Object.keys(form.fixed), instanceId: form.instanceId });
    const [rejected] = await submit({ otherLanguages: "ti Muttersprache, xx B9", degreeTitle: "Krankenpflege", degreeRecognition: "partial" });
    expect(rejected?.form).toMatchObject({
      kind: "rejected",
      invalid: [{ field: "otherLanguages", reasonKey: "manager_card.assessment.error.languages", reasonParams: { part: "xx B9" } }],
      given: { otherLanguages: "ti Muttersprache, xx B9" },
    });
    const [result] = await submit({
      otherLanguages: "ti Muttersprache, en A2",
      degreeTitle: "Krankenpflege",
      degreeRecognition: "partial",
      gender: "not_stated",
    });
    expect(result).toMatchObject({ parts: [{ key: "manager_card.assessment.saved" }], form: { kind: "finished" } });
    expect((await core.store.assessments.get(amina.id))?.data).toEqual({
      languages: [
        { code: "de", level: "A2" },
        { code: "ti", level: "native" },
        { code: "en", level: "A2" },
      ],
      degrees: [{ title: "Krankenpflege", recognition: "partial" }],
    });
    expect((await core.store.clients.get(amina.id))?.gender).toBe("not_stated");
    expect(await core.store.assessmentVersions.listForClient(amina.id)).toMatchObject([
      { version: 2, changed: ["languages", "degrees", "gender"], gender: "not_stated" },
      { version: 1, changed: ["languages"], gender: null },
    ]);
  });
});
