import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/core/actor.ts";
import { chatForms } from "../../../src/core/chat/forms.ts";
import type { FieldOption, FormDefinition } from "../../../src/core/dialog/form.ts";
import type { Button, MessageParams, Outbound } from "../../../src/core/dialog/messages.ts";
import { planAreas } from "../../../src/core/plans/areas.ts";
import { clientLanguages } from "../../../src/core/shared/languages.ts";
import { fitButtonRows, keyboardWidthProblems, labelBudget, labelWidth, rowFits } from "../../../src/i18n/button-rows.ts";
import { isStaffNamespace, pluralParts, splitKey } from "../../../src/i18n/keys.ts";
import { localesDir } from "../../../src/i18n/locales-dir.ts";
import { createTranslator, loadLocales } from "../../../src/i18n/translator.ts";
import { testCore, TEST_ZONE } from "../../support/core-deps.ts";

const translator = createTranslator({ localesDir });
const locales = loadLocales(localesDir);
const staffLanguages = ["de", "en"];
const languagesOf = (key: string): readonly string[] => (isStaffNamespace(splitKey(key).namespace) ? staffLanguages : clientLanguages);

describe("the width rule (one rule for every keyboard)", () => {
  it("gives a label 41 characters alone on a row, 19 with two buttons, 12 with three (Telegram on a 360 px phone)", () => {
    expect([1, 2, 3, 4].map(labelBudget)).toEqual([41, 19, 12, 9]);
  });

  it("counts what a phone shows: letters, a Ge'ez syllable wider, no direction marks", () => {
    expect(labelWidth("Ja")).toBe(2);
    expect(labelWidth("\u2068Eva\u2069")).toBe(3);
    expect(labelWidth("ሓገዝ")).toBe(4.5);
  });

  it("splits a row whose labels do not fit, in order, and leaves rows that fit as they are", () => {
    const row = [{ label: "Ja, ich bin einverstanden" }, { label: "Nein" }];
    expect(fitButtonRows([row]).rows).toEqual([[row[0]], [row[1]]]);
    const short = [{ label: "Ja" }, { label: "Nein" }, { label: "Später" }];
    expect(fitButtonRows([short]).rows).toEqual([short]);
  });

  it("shortens a label too long even alone at a word, and names it in full", () => {
    const label = "Berufsberatung bei Jobcenter oder Agentur für Arbeit wahrnehmen";
    const { rows, shortened } = fitButtonRows([[{ label, data: "x" }]]);
    expect(rows).toEqual([[{ label: "Berufsberatung bei Jobcenter oder…", data: "x" }]]);
    expect(labelWidth(rows[0]![0]!.label)).toBeLessThanOrEqual(labelBudget(1));
    expect(shortened).toEqual([label]);
  });

  it("the translator lays out every keyboard by the rule and puts shortened labels in full under the text", () => {
    const outbound: Outbound = {
      parts: [{ key: "manager.plan.step_form.step" }],
      buttons: [
        [
          { labelKey: "catalogue.get_career_counselling.title", data: "a" },
          { labelKey: "manager.plan.step_form.custom", data: "b" },
        ],
      ],
    };
    const rendered = translator.renderOutbound(outbound, { language: "de" });
    expect(rendered.buttons.map((row) => row.length)).toEqual([1, 1]);
    expect(rendered.buttons[0]![0]!.label).toBe("Berufsberatung bei Jobcenter oder…");
    expect(rendered.text).toContain("Die gekürzten Knöpfe ganz:\n• Berufsberatung bei Jobcenter oder Agentur für Arbeit wahrnehmen");
    expect(keyboardWidthProblems(rendered.buttons.map((row) => row.map((button) => button.label)))).toEqual([]);
  });

  it("names a row that is too wide (what the fake Telegram refuses)", () => {
    expect(keyboardWidthProblems([["Antworten", "Erledigt", "Klientenkarte öffnen"]])).toHaveLength(1);
    expect(keyboardWidthProblems([["Antworten", "Erledigt"], ["Klientenkarte öffnen"]])).toEqual([]);
  });
});

// ---- every form option, in every language ----------------------------------------------------------------------

const manager: Actor = { kind: "staff", managerId: "m1", tenantId: "t1", role: "manager" };

/** Options that are sentences (a catalogue step or goal, a standard answer): shortened on a phone, given in full with the question. */
const sentenceOptions = /^(catalogue\.[a-z_]+\.title|goals\.[a-z_]+|client\.conversation\.phrase\.[a-z_]+)$/;

/** The options a field offers, for each set of earlier answers it depends on (a step's options follow the area). */
async function optionSets(form: FormDefinition, fieldName: string): Promise<FieldOption[][]> {
  const field = form.fields.find((f) => f.name === fieldName);
  if (!field?.options) return [];
  const { deps } = testCore("2027-03-01T09:00:00Z");
  // A day picked before the time buttons; every area before its catalogue steps.
  const picked = { startsAt: "2027-03-02" };
  const valueSets = form.fields.some((f) => f.name === "area") ? planAreas.map((area) => ({ ...picked, area })) : [picked];
  const sets: FieldOption[][] = [];
  for (const values of valueSets) sets.push(await field.options({ deps, actor: manager, values, zone: TEST_ZONE }));
  return sets;
}

/** Sample values for labels with parameters (a date on a day button, a time range, a manager's name). */
const sampleLabelParams: MessageParams = {
  date: { t: "date", iso: "2027-03-02T09:00:00Z", zone: TEST_ZONE },
  range: "22:00–07:00",
  manager: "Eva Muster",
  name: "Amina Haddad",
  minutes: 90,
};

/**
 * Each value a label's purpose takes, since each is shown: the client's /stop buttons name every purpose, the
 * manager's consent buttons the two kinds of sensitive details (src/core/chat/sensitive-consent.ts).
 */
function purposes(key: string): MessageParams[] {
  const keys = isStaffNamespace(splitKey(key).namespace)
    ? ["manager.consents.purpose.data_health", "manager.consents.purpose.data_residence"]
    : Object.keys((locales.en?.client as { stop: { purpose: object } }).stop.purpose).map((name) => `client.stop.purpose.${name}`);
  return keys.map((purposeKey) => ({ ...sampleLabelParams, purpose: { t: "key", key: purposeKey } }));
}

const choiceFields = chatForms.flatMap((form) =>
  form.fields.filter((field) => field.options && (field.type === "choice" || field.type === "multi_choice")).map((field) => ({ form, field })),
);

describe("every form option, rendered in every language and laid out by the rule", () => {
  it.each(choiceFields.map(({ form, field }) => [`${form.id}.${field.name}`, form, field.name] as const))(
    "%s: every row fits a phone; only sentences are shortened, and they stay apart and are given in full",
    async (_name, form, fieldName) => {
      for (const options of await optionSets(form, fieldName)) {
        if (options.length === 0) continue;
        const buttons: Button[] = options.map((option) => ({
          labelKey: option.labelKey,
          labelParams: { ...sampleLabelParams, ...option.labelParams },
          ...(option.label !== undefined ? { label: option.label } : {}),
          data: option.value,
        }));
        const rows: Button[][] = [];
        for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
        rows.push([
          { labelKey: "dialog.button.skip", data: "s" },
          { labelKey: "dialog.button.cancel", data: "c" },
        ]);
        const field = form.fields.find((f) => f.name === fieldName)!;
        for (const language of languagesOf(field.promptKey)) {
          const rendered = translator.renderOutbound(
            { parts: [{ key: field.promptKey, ...(field.promptParams ? { params: field.promptParams } : {}) }], buttons: rows },
            { language },
          );
          const labels = rendered.buttons.map((row) => row.map((button) => button.label));
          expect(keyboardWidthProblems(labels), `${form.id}.${fieldName} in ${language}`).toEqual([]);
          expect(new Set(labels.flat()).size, `${form.id}.${fieldName} in ${language}: labels that look alike`).toBe(labels.flat().length);
          for (const button of buttons) {
            const full = translator.renderButton(button, { language }).label;
            if (rowFits([full])) continue;
            expect(button.labelKey, `${form.id}.${fieldName} in ${language}: "${full}" does not fit a phone; shorten its text`).toMatch(sentenceOptions);
            expect(rendered.text).toContain(`• ${full}`);
          }
        }
      }
    },
  );
});

// ---- every button label key, in every language ------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Keys given as a button's label in the code (`labelKey: "…"`), and every text that names a button by its key. */
function buttonLabelKeys(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(join(localesDir, "..", "src"))) {
    for (const match of readFileSync(file, "utf8").matchAll(/labelKey: "([a-z_]+\.[a-z0-9_.]+)"/g)) keys.add(match[1]!);
  }
  const walk = (node: unknown, path: string, namespace: string) => {
    if (typeof node === "string") {
      const key = `${namespace}.${pluralParts(path).base}`;
      if (namespace === "actions" || /(^|\.)button\.|_button$/.test(path)) keys.add(key);
      return;
    }
    for (const [name, child] of Object.entries((node ?? {}) as Record<string, unknown>)) walk(child, path ? `${path}.${name}` : name, namespace);
  };
  for (const [namespace, content] of Object.entries(locales.en ?? {})) walk(content, "", namespace);
  return [...keys].sort();
}

/**
 * Labels that name a long thing (/stop's "Stop: Messages with your integration management"): a phone shows them
 * shortened, and the message they come with lists the same things in full.
 */
const named = new Set(["actions.stop.one"]);

/** Card field labels share the `labelKey` name but are never buttons: a card shows them above their input. */
const fieldLabel = /\.labels\.|\.label$|_label$/;

describe("every button label, in every language", () => {
  const keys = buttonLabelKeys().filter((key) => !fieldLabel.test(key));

  it("finds the labels (actions, dialog buttons, the manager's buttons)", () => {
    expect(keys).toEqual(
      expect.arrayContaining(["actions.consent.accept", "dialog.button.skip", "manager.conversation.reply", "manager_card.button.open_card"]),
    );
  });

  it.each(keys.filter((key) => !named.has(key)))("%s fits a phone alone on its row, in every language, without being shortened", (key) => {
    for (const language of languagesOf(key)) {
      for (const labelParams of purposes(key)) {
        const label = translator.renderButton({ labelKey: key, labelParams }, { language }).label;
        expect(labelWidth(label), `${key} in ${language}: "${label}"`).toBeLessThanOrEqual(labelBudget(1));
      }
    }
  });
});
