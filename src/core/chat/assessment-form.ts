import { z } from "zod";
import { healthFlags, languageLevels, recognitionStates, type AssessmentData } from "../assessment/model.ts";
import type { AssessmentView } from "../assessment/assessment-view.ts";
import { readAssessment } from "../assessment/read-assessment.ts";
import { recordAssessment } from "../assessment/record-assessment.ts";
import { genders, type Gender } from "../cases/model.ts";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { labelSchema } from "../shared/values.ts";
import {
  listItems,
  parseAges,
  parseCountry,
  parseLanguages,
  parseWork,
  readAges,
  readCountry,
  readLanguages,
  readWork,
  removeMark,
} from "./assessment-typed.ts";
import { degreeParam, joined, languagesParam, recognitionKeys, trainingParam } from "./assessment-text.ts";
import { clientCardMessage } from "./client-card.ts";
import { genderKeys } from "./new-client-form.ts";
import { isStaffManager } from "./staff-options.ts";

/**
 * The assessment form (the card's "Erfassung"): every non-sensitive part and the client's gender, and health and
 * residence only with the client's current consent to each (the use case checks it again). In a chat the manager
 * first picks the sections to change, then answers only their questions, each showing what is recorded now
 * ("Jetzt: …"): skipping keeps it, "-" removes it. A card (Teams) shows every section at once, what is recorded now in
 * each empty input.
 */

/** The sections of the form, by button value. */
const assessmentFormSections = ["lang", "school", "train", "degree", "work", "interest", "children", "gender", "health", "residence"] as const;
type FormSection = (typeof assessmentFormSections)[number];

const sectionKeys: Record<FormSection, string> = {
  lang: "manager_card.assessment.section.languages",
  school: "manager_card.assessment.section.schooling",
  train: "manager_card.assessment.section.training",
  degree: "manager_card.assessment.section.degrees",
  work: "manager_card.assessment.section.work",
  interest: "manager_card.assessment.section.interests",
  children: "manager_card.assessment.section.children",
  gender: "manager_card.assessment.section.gender",
  health: "manager_card.assessment.section.health",
  residence: "manager_card.assessment.section.residence",
};

const healthFlagKeys: Record<(typeof healthFlags)[number], string> = {
  disability: "manager_card.assessment.health_flag.disability",
  chronic_illness: "manager_card.assessment.health_flag.chronic_illness",
  mental_health_support: "manager_card.assessment.health_flag.mental_health_support",
  pregnancy: "manager_card.assessment.health_flag.pregnancy",
  care_needs: "manager_card.assessment.health_flag.care_needs",
  mobility_restricted: "manager_card.assessment.health_flag.mobility_restricted",
};

/** A skipped optional answer arrives as "" (or not at all): both mean "not given". */
const skippable = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** Typed text a reader accepted (assessment-typed.ts); "-" becomes null: remove what is recorded. */
function typed<T>(parse: (text: string) => T | null) {
  return skippable(
    z.string().transform((text, context): T | null => {
      if (text.trim() === removeMark) return null;
      const value = parse(text);
      if (value === null) {
        context.addIssue({ code: "custom", message: "cannot be read" });
        return z.NEVER;
      }
      return value;
    }),
  );
}
const removableText = typed((text) => labelSchema.safeParse(text).data ?? null);

const assessmentSchema = z.object({
  client: z.string().min(1),
  /** Given when the form starts: whether the client currently consents to health / residence details. */
  healthConsent: z.boolean().default(false),
  residenceConsent: z.boolean().default(false),
  sections: z.array(z.enum(assessmentFormSections)).optional(),
  germanLevel: skippable(z.enum(languageLevels)),
  otherLanguages: typed(parseLanguages),
  schoolingYears: skippable(z.number().int().min(0).max(60)),
  schoolLevel: removableText,
  trainingTitle: removableText,
  trainingCountry: typed(parseCountry),
  trainingCompleted: skippable(z.enum(["y", "n"])),
  degreeTitle: removableText,
  degreeCountry: typed(parseCountry),
  degreeRecognition: skippable(z.enum(recognitionStates)),
  work: typed(parseWork),
  interests: typed((text) => listItems(text)),
  childrenCount: skippable(z.number().int().min(0).max(20)),
  childrenAges: typed(parseAges),
  gender: skippable(z.enum(genders)),
  healthFlags: skippable(z.array(z.enum(healthFlags))),
  residenceStatus: skippable(labelSchema),
});
type AssessmentValues = z.output<typeof assessmentSchema>;

/** Whether a section is asked: those chosen in a chat; every one when the choice was skipped (a card shows them all). */
const inSection =
  (section: FormSection) =>
  (values: Record<string, unknown>): boolean =>
    !Array.isArray(values.sections) || values.sections.includes(section);
/** A title was typed (not "-"): its country and state are asked next. */
const titled = (section: FormSection, title: string) => (values: Record<string, unknown>) =>
  inSection(section)(values) && typeof values[title] === "string" && values[title] !== "" && values[title] !== removeMark;

const sameTitle = (a: string, b: string) => a.trim().toLocaleLowerCase("de") === b.trim().toLocaleLowerCase("de");

/** Adds the entry typed, or changes the one recorded under the same title; "-" (null) removes all. */
function upsertByTitle<E extends { title: string }>(current: E[] | undefined, title: string | null, change: (existing: E | undefined) => E): E[] | null {
  if (title === null) return null;
  const list = current ?? [];
  const existing = list.find((entry) => sameTitle(entry.title, title));
  const next = change(existing);
  return existing ? list.map((entry) => (entry === existing ? next : entry)) : [...list, next].slice(-20);
}

function languageChanges(values: AssessmentValues, data: AssessmentData): AssessmentData["languages"] | null | undefined {
  if (values.germanLevel === undefined && values.otherLanguages === undefined) return undefined;
  const current = data.languages ?? [];
  const typedGerman = (values.otherLanguages ?? []).filter((l) => l.code === "de");
  const german = values.germanLevel
    ? [{ code: "de", level: values.germanLevel }]
    : typedGerman.length > 0
      ? typedGerman
      : current.filter((l) => l.code === "de");
  const others = values.otherLanguages === undefined ? current.filter((l) => l.code !== "de") : (values.otherLanguages ?? []).filter((l) => l.code !== "de");
  const languages = [...german, ...others];
  return languages.length > 0 ? languages : null;
}

function schoolingChanges(values: AssessmentValues, data: AssessmentData): AssessmentData["schooling"] | null | undefined {
  if (values.schoolingYears === undefined && values.schoolLevel === undefined) return undefined;
  const schooling = { ...data.schooling };
  if (values.schoolingYears !== undefined) schooling.years = values.schoolingYears;
  if (values.schoolLevel === null) delete schooling.highestLevel;
  else if (values.schoolLevel !== undefined) schooling.highestLevel = values.schoolLevel;
  return Object.keys(schooling).length > 0 ? schooling : null;
}

function householdChanges(values: AssessmentValues, data: AssessmentData): AssessmentData["household"] | null | undefined {
  if (values.childrenCount === undefined && values.childrenAges === undefined) return undefined;
  const household = { ...data.household };
  if (values.childrenCount !== undefined) household.childrenCount = values.childrenCount;
  if (values.childrenAges === null) delete household.childrenAges;
  else if (values.childrenAges !== undefined) household.childrenAges = values.childrenAges;
  return Object.keys(household).length > 0 ? household : null;
}

/** The changes to record: the answered fields merged into what was recorded before; null when nothing was answered. */
async function assessmentChanges(context: Omit<FormContext, "values">, values: AssessmentValues): Promise<Record<string, unknown> | null> {
  const current = await readAssessment(context.deps, context.actor, { clientId: values.client });
  const data = current?.data ?? {};
  const sensitive = current?.sensitive ?? {};
  const changes: Record<string, unknown> = {
    languages: languageChanges(values, data),
    schooling: schoolingChanges(values, data),
    household: householdChanges(values, data),
    workExperience: values.work,
    interests: values.interests === null || values.interests?.length === 0 ? null : values.interests,
    gender: values.gender,
  };
  if (values.trainingTitle !== undefined) {
    changes.vocationalTraining = upsertByTitle(data.vocationalTraining, values.trainingTitle, (existing) => ({
      ...existing,
      title: existing?.title ?? values.trainingTitle ?? "",
      ...(values.trainingCountry ? { country: values.trainingCountry } : {}),
      ...(values.trainingCompleted ? { completed: values.trainingCompleted === "y" } : {}),
    }));
  }
  if (values.degreeTitle !== undefined) {
    changes.degrees = upsertByTitle(data.degrees, values.degreeTitle, (existing) => ({
      ...existing,
      title: existing?.title ?? values.degreeTitle ?? "",
      ...(values.degreeCountry ? { country: values.degreeCountry } : {}),
      recognition: values.degreeRecognition ?? existing?.recognition ?? "none",
    }));
  }
  if (values.healthConsent && values.healthFlags && values.healthFlags.length > 0) changes.health = { ...sensitive.health, flags: values.healthFlags };
  if (values.residenceConsent && values.residenceStatus) changes.residence = { ...sensitive.residence, status: values.residenceStatus };
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return Object.keys(given).length > 0 ? given : null;
}

/** What is recorded now, per field of the form (never health or residence). */
export function assessmentHints(data: AssessmentData, gender: Gender | null): Record<string, TextPart> {
  const now = (value: MessageParam): TextPart => ({ key: "manager_card.assessment.now", params: { value } });
  const hints: Record<string, TextPart> = {};
  const german = data.languages?.find((l) => l.code === "de");
  const others = data.languages?.filter((l) => l.code !== "de") ?? [];
  if (german) hints.germanLevel = now(german.level === "native" ? { t: "key", key: "manager_card.assessment.level_native" } : german.level);
  if (others.length > 0) hints.otherLanguages = now(languagesParam(others));
  if (data.schooling?.years !== undefined) hints.schoolingYears = now(data.schooling.years);
  if (data.schooling?.highestLevel) hints.schoolLevel = now(data.schooling.highestLevel);
  if (data.vocationalTraining?.length) hints.trainingTitle = now(joined(data.vocationalTraining.map(trainingParam)));
  if (data.degrees?.length) hints.degreeTitle = now(joined(data.degrees.map(degreeParam)));
  if (data.workExperience?.length) hints.work = now(joined(data.workExperience.map((w) => `${w.field} ${w.years}`)));
  if (data.interests?.length) hints.interests = now(joined(data.interests));
  if (data.household?.childrenCount !== undefined) hints.childrenCount = now(data.household.childrenCount);
  if (data.household?.childrenAges?.length) hints.childrenAges = now(joined(data.household.childrenAges));
  if (gender) hints.gender = now({ t: "key", key: genderKeys[gender] });
  return hints;
}

async function currentHints(context: FormContext): Promise<Record<string, TextPart>> {
  const clientId = typeof context.values.client === "string" ? context.values.client : "";
  if (!clientId) return {};
  // The non-sensitive part only: health and residence are never shown in a chat.
  const view: AssessmentView | null = await readAssessment(context.deps, context.actor, { clientId, sensitive: false });
  const gender = (await context.deps.store.clients.get(clientId))?.gender ?? null;
  return assessmentHints(view?.data ?? {}, gender);
}

/** The sections of the form: health and residence only with the client's current consent to each. */
export const formSectionsFor = (consents: { health: boolean; residence: boolean }): FormSection[] =>
  assessmentFormSections.filter((section) => (section === "health" ? consents.health : section === "residence" ? consents.residence : true));

const sectionOptions = async ({ values }: FormContext): Promise<FieldOption[]> =>
  formSectionsFor({ health: values.healthConsent === true, residence: values.residenceConsent === true }).map((section) => ({
    value: section,
    labelKey: sectionKeys[section],
  }));

const levelOptions = async (): Promise<FieldOption[]> =>
  languageLevels.map((level) =>
    level === "native" ? { value: level, labelKey: "manager_card.assessment.level_native" } : { value: level, labelKey: "", label: level },
  );

/** The client is given by the card's button (a text field, so a whole-form channel can send it too). */
const clientField = { name: "client", type: "text", promptKey: "manager_card.form.which", maxLength: 26 } as const;

export const assessmentForm = defineForm({
  id: "assess",
  titleKey: "manager_card.assessment.title",
  schema: assessmentSchema,
  allowed: isStaffManager,
  hints: currentHints,
  fields: [
    clientField,
    // Given when the form starts (the client's current consent); hidden in a whole-form card, never asked in a chat.
    { name: "healthConsent", type: "confirm", promptKey: "manager_card.assessment.consent_given", optional: true },
    { name: "residenceConsent", type: "confirm", promptKey: "manager_card.assessment.consent_given", optional: true },
    // A chat asks which sections to change ("Überspringen": all of them); a card is given every section.
    {
      name: "sections",
      type: "multi_choice",
      promptKey: "manager_card.assessment.sections",
      labelKey: "manager_card.labels.sections",
      optional: true,
      options: sectionOptions,
    },
    {
      name: "germanLevel",
      type: "choice",
      promptKey: "manager_card.assessment.german_level",
      labelKey: "manager_card.labels.german_level",
      optional: true,
      when: inSection("lang"),
      options: levelOptions,
    },
    {
      name: "otherLanguages",
      type: "text",
      promptKey: "manager_card.assessment.other_languages",
      labelKey: "manager_card.labels.other_languages",
      optional: true,
      maxLength: 300,
      when: inSection("lang"),
      read: readLanguages,
    },
    {
      name: "schoolingYears",
      type: "number",
      promptKey: "manager_card.assessment.schooling_years",
      labelKey: "manager_card.labels.schooling_years",
      optional: true,
      min: 0,
      max: 60,
      when: inSection("school"),
    },
    {
      name: "schoolLevel",
      type: "text",
      promptKey: "manager_card.assessment.school_level",
      labelKey: "manager_card.labels.school_level",
      optional: true,
      maxLength: 200,
      when: inSection("school"),
    },
    {
      name: "trainingTitle",
      type: "text",
      promptKey: "manager_card.assessment.training",
      labelKey: "manager_card.labels.training",
      optional: true,
      maxLength: 200,
      when: inSection("train"),
    },
    {
      name: "trainingCountry",
      type: "text",
      promptKey: "manager_card.assessment.training_country",
      labelKey: "manager_card.labels.training_country",
      optional: true,
      maxLength: 60,
      when: titled("train", "trainingTitle"),
      read: readCountry,
    },
    {
      name: "trainingCompleted",
      type: "choice",
      promptKey: "manager_card.assessment.training_completed",
      labelKey: "manager_card.labels.training_completed",
      optional: true,
      when: titled("train", "trainingTitle"),
      options: async () => [
        { value: "y", labelKey: "manager_card.assessment.completed_yes" },
        { value: "n", labelKey: "manager_card.assessment.completed_no" },
      ],
    },
    {
      name: "degreeTitle",
      type: "text",
      promptKey: "manager_card.assessment.degree",
      labelKey: "manager_card.labels.degree",
      optional: true,
      maxLength: 200,
      when: inSection("degree"),
    },
    {
      name: "degreeCountry",
      type: "text",
      promptKey: "manager_card.assessment.degree_country",
      labelKey: "manager_card.labels.degree_country",
      optional: true,
      maxLength: 60,
      when: titled("degree", "degreeTitle"),
      read: readCountry,
    },
    {
      name: "degreeRecognition",
      type: "choice",
      promptKey: "manager_card.assessment.degree_recognition",
      labelKey: "manager_card.labels.degree_recognition",
      optional: true,
      when: titled("degree", "degreeTitle"),
      options: async () => recognitionStates.map((state) => ({ value: state, labelKey: recognitionKeys[state] })),
    },
    {
      name: "work",
      type: "text",
      promptKey: "manager_card.assessment.work",
      labelKey: "manager_card.labels.work",
      optional: true,
      maxLength: 500,
      when: inSection("work"),
      read: readWork,
    },
    {
      name: "interests",
      type: "text",
      promptKey: "manager_card.assessment.interests",
      labelKey: "manager_card.labels.interests",
      optional: true,
      maxLength: 500,
      when: inSection("interest"),
    },
    {
      name: "childrenCount",
      type: "number",
      promptKey: "manager_card.assessment.children",
      labelKey: "manager_card.labels.children",
      optional: true,
      min: 0,
      max: 20,
      when: inSection("children"),
    },
    {
      name: "childrenAges",
      type: "text",
      promptKey: "manager_card.assessment.children_ages",
      labelKey: "manager_card.labels.children_ages",
      optional: true,
      maxLength: 100,
      when: inSection("children"),
      read: readAges,
    },
    {
      name: "gender",
      type: "choice",
      promptKey: "manager_card.assessment.gender",
      labelKey: "manager_card.labels.gender",
      optional: true,
      when: inSection("gender"),
      options: async () => genders.map((gender) => ({ value: gender, labelKey: genderKeys[gender] })),
    },
    {
      name: "healthFlags",
      type: "multi_choice",
      promptKey: "manager_card.assessment.health_flags",
      labelKey: "manager_card.labels.health_flags",
      optional: true,
      when: (values) => values.healthConsent === true && inSection("health")(values),
      options: async () => healthFlags.map((flag) => ({ value: flag, labelKey: healthFlagKeys[flag] })),
    },
    {
      name: "residenceStatus",
      type: "text",
      promptKey: "manager_card.assessment.residence_status",
      labelKey: "manager_card.labels.residence_status",
      optional: true,
      maxLength: 200,
      when: (values) => values.residenceConsent === true && inSection("residence")(values),
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const changes = await assessmentChanges(context, values);
    if (!changes) return [say("manager_card.assessment.nothing"), await clientCardMessage(context, values.client)];
    await recordAssessment(context.deps, context.actor, { clientId: values.client, ...changes });
    return [say("manager_card.assessment.saved"), await clientCardMessage(context, values.client)];
  },
});
