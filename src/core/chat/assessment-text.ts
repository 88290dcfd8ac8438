import type { AssessmentData, AssessmentSection, recognitionStates } from "../assessment/model.ts";
import type { MessageParam } from "../dialog/messages.ts";

/** How the chat names what an assessment holds: in the summary, the history and the form's "Jetzt: …" hints. */

export const recognitionKeys: Record<(typeof recognitionStates)[number], string> = {
  none: "manager_card.assessment_view.recognition.none",
  in_progress: "manager_card.assessment_view.recognition.in_progress",
  recognised: "manager_card.assessment_view.recognition.recognised",
  partial: "manager_card.assessment_view.recognition.partial",
  refused: "manager_card.assessment_view.recognition.refused",
};

/** The name of each section of an assessment (the form's section buttons and the history). */
export const sectionKeys: Record<AssessmentSection, string> = {
  languages: "manager_card.assessment.section.languages",
  schooling: "manager_card.assessment.section.schooling",
  vocationalTraining: "manager_card.assessment.section.training",
  degrees: "manager_card.assessment.section.degrees",
  workExperience: "manager_card.assessment.section.work",
  interests: "manager_card.assessment.section.interests",
  household: "manager_card.assessment.section.children",
  gender: "manager_card.assessment.section.gender",
};

/** Values one after another, separated as the reader's language does ("a, b, c"). */
export function joined(items: MessageParam[]): MessageParam {
  const [first, ...rest] = items;
  if (first === undefined) return "";
  return rest.length === 0 ? first : { t: "key", key: "manager_card.assessment_view.join", params: { first, rest: joined(rest) } };
}

const levelParam = (level: string): MessageParam => (level === "native" ? { t: "key", key: "manager_card.assessment.level_native" } : level);

/** "ar Muttersprache, en B1". */
export const languagesParam = (languages: NonNullable<AssessmentData["languages"]>): MessageParam =>
  joined(languages.map((l) => ({ t: "key", key: "manager_card.assessment_view.language_item", params: { code: l.code, level: levelParam(l.level) } })));

/** "Schneiderin (SY)". */
export const titleText = (entry: { title: string; country?: string | undefined }): string =>
  entry.country ? `${entry.title} (${entry.country})` : entry.title;

/** "Lehramt Mathematik (SY): läuft". */
export const degreeParam = (degree: NonNullable<AssessmentData["degrees"]>[number]): MessageParam => ({
  t: "key",
  key: "manager_card.assessment_view.degree_item",
  params: { title: titleText(degree), recognition: { t: "key", key: recognitionKeys[degree.recognition] } },
});

/** "Schneiderin (SY), abgeschlossen". */
export const trainingParam = (training: NonNullable<AssessmentData["vocationalTraining"]>[number]): MessageParam =>
  training.completed === undefined
    ? titleText(training)
    : {
        t: "key",
        key: training.completed ? "manager_card.assessment_view.training_done" : "manager_card.assessment_view.training_open",
        params: { title: titleText(training) },
      };
