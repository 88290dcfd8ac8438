import { describe, expect, it } from "vitest";
import { listedOutboxMessageKeys, outboxContent, outboxParamKindsOf } from "../../../../src/core/outbox/message-kinds.ts";
import { clientLanguages } from "../../../../src/core/shared/languages.ts";
import { isStaffNamespace, placeholdersOf, pluralParts, splitKey } from "../../../../src/i18n/keys.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { messageParamsFromOutbox, renderOutboxMessage } from "../../../../src/i18n/outbox-params.ts";
import { createTranslator, loadLocales } from "../../../../src/i18n/translator.ts";

const locales = loadLocales(localesDir);
const translator = createTranslator({ localesDir });
const berlin = "Europe/Berlin";

/** Every text of a key in one language (a plural key has several), or none. */
function textsOf(language: string, key: string): string[] {
  const { namespace, path } = splitKey(key);
  const dot = path.lastIndexOf(".");
  let node: unknown = locales[language]?.[namespace];
  for (const part of path.slice(0, Math.max(dot, 0)).split(".").filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[part];
  const leaf = path.slice(dot + 1);
  return Object.entries((node ?? {}) as Record<string, unknown>)
    .filter(([name, value]) => typeof value === "string" && pluralParts(name).base === leaf)
    .map(([, value]) => value as string);
}

describe("each outbox message kind declares its params (no formatting by naming convention)", () => {
  it.each(listedOutboxMessageKeys)("%s: every placeholder of its text, in each of its languages, is a declared param", (key) => {
    const kinds = outboxParamKindsOf(key) ?? {};
    const languages = isStaffNamespace(splitKey(key).namespace) ? ["de", "en"] : clientLanguages;
    for (const language of languages) {
      const texts = textsOf(language, key);
      expect(texts.length, `${key} in ${language}`).toBeGreaterThan(0);
      const undeclared = texts.flatMap(placeholdersOf).filter((name) => name !== "count" && kinds[name] === undefined);
      expect(undeclared, `${key} in ${language}`).toEqual([]);
    }
  });

  it.each(listedOutboxMessageKeys)("%s: every declared param but a file, an appointment's calendar or a plan is shown in the German text", (key) => {
    const shown = new Set(textsOf("de", key).flatMap(placeholdersOf));
    // These are not text: the renderer adds the file, the calendar file, or the plan's text at the moment of sending.
    const notText = new Set(["file", "appointment", "plan"]);
    const unshown = Object.entries(outboxParamKindsOf(key) ?? {}).filter(([name, kind]) => !notText.has(kind) && !shown.has(name));
    expect(unshown.map(([name]) => name)).toEqual([]);
  });

  it("a check-in about a parameter step names the child, in the client's language (was '…')", () => {
    const { messageKey, params } = outboxContent("client.step.checkin", { stepKey: { key: "enrol_child_school", params: { childName: "Sara" } } });
    const english = renderOutboxMessage(translator, { messageKey, params, actions: [] }, { language: "en", timezone: berlin });
    const arabic = renderOutboxMessage(translator, { messageKey, params, actions: [] }, { language: "ar", timezone: berlin });
    expect(english.text).toContain("Sara");
    expect(english.text).not.toContain("…");
    expect(arabic.text).toContain("Sara");
    expect(arabic.text).not.toContain("…");
  });

  it("a custom step's check-in names it as agreed with the manager, never by its German text", () => {
    const { messageKey, params } = outboxContent("client.step.checkin", { stepKey: { key: "custom", params: {} } });
    const text = renderOutboxMessage(translator, { messageKey, params, actions: [] }, { language: "en", timezone: berlin }).text;
    expect(text).toContain("A step you agreed on with your integration manager");
  });

  it("the kind, not the name, decides: an instant becomes a date in the recipient's zone, a time already written out stays as it is", () => {
    const { messageKey, params } = outboxContent("manager_jobs.agenda.morning", {
      dayDate: "2027-03-02",
      appointments: 2,
      work: { key: "manager_jobs.agenda.work", params: { escalations: "2", messages: "0", reviews: "1", steps: "0" } },
      firstTime: "09:30",
      firstPlace: "Rathaus",
    });
    const text = renderOutboxMessage(translator, { messageKey, params, actions: [] }, { language: "de", timezone: berlin }).text;
    expect(text).toContain("09:30 (Rathaus)");
    expect(text).toMatch(/Di\., 2\. März/);
    // The work besides appointments: the counts that are not zero, in words, never "Nachrichten: 0".
    expect(text).toContain("Außerdem: 2 Anliegen und 1 fällige Fortschreibung.");
    const none = outboxContent("manager_jobs.agenda.morning_no_appointments", {
      dayDate: "2027-03-02",
      work: { key: "manager_jobs.agenda.work", params: { escalations: "0", joined: "3" } },
    });
    expect(renderOutboxMessage(translator, { ...none, actions: [] }, { language: "en", timezone: berlin }).text).toContain("Open: 3 clients newly reachable.");
    // A tally naming another part of the application names nothing.
    expect(messageParamsFromOutbox({ work: { key: "client.x", params: { a: "1" } } }, berlin, "manager_jobs.agenda.morning_no_appointments")).toEqual({
      work: "",
    });
  });

  it("a referral's service is named in the recipient's language, by the message's own namespace", () => {
    const ask = outboxContent("manager_referrals.ask.service", { client: "Amina Haddad", service: "fim" });
    expect(renderOutboxMessage(translator, { ...ask, actions: [] }, { language: "en", timezone: berlin }).text).toContain("Refugee integration measure (FIM)");
    const question = outboxContent("referrals.check_in.question", { service: "school_social_work" });
    expect(renderOutboxMessage(translator, { ...question, actions: [] }, { language: "uk", timezone: berlin }).text).toContain("Шкільна соціальна робота");
    expect(messageParamsFromOutbox({ service: "Jobcenter Esslingen" }, berlin, "referrals.check_in.question")).toEqual({ service: "Jobcenter Esslingen" });
  });

  it("a param the kind does not declare is left out, and a row of a kind no longer planned shows its values as they are", () => {
    expect(messageParamsFromOutbox({ clientName: "Omar", note: "Krankheit" }, berlin, "manager.escalation.client_unlinked")).toEqual({ clientName: "Omar" });
    expect(messageParamsFromOutbox({ startsAt: "2027-03-02T08:00:00.000Z" }, berlin, "manager.retired_kind")).toEqual({ startsAt: "2027-03-02T08:00:00.000Z" });
  });
});
