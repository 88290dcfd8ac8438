import { readAssessment } from "../assessment/read-assessment.ts";
import type { AssessmentData } from "../assessment/model.ts";
import type { MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";

const recognitionKeys: Record<string, string> = {
  none: "manager_card.assessment_view.recognition.none",
  in_progress: "manager_card.assessment_view.recognition.in_progress",
  recognised: "manager_card.assessment_view.recognition.recognised",
  partial: "manager_card.assessment_view.recognition.partial",
  refused: "manager_card.assessment_view.recognition.refused",
};

const line = (key: string, params: TextPart["params"]): TextPart => ({ key, ...(params ? { params } : {}) });
const lines = (items: string[]): MessageParam => items.join(", ");

/** One line per recorded part of the assessment, in the order of the form; parts never recorded are left out. */
function dataLines(data: AssessmentData): TextPart[] {
  const parts: TextPart[] = [];
  if (data.languages?.length) parts.push(line("manager_card.assessment_view.languages", { list: lines(data.languages.map((l) => `${l.code} ${l.level}`)) }));
  if (data.schooling?.years !== undefined || data.schooling?.highestLevel) {
    const text = [data.schooling.years !== undefined ? String(data.schooling.years) : null, data.schooling.highestLevel ?? null].filter(Boolean).join(", ");
    parts.push(line("manager_card.assessment_view.schooling", { text }));
  }
  if (data.vocationalTraining?.length)
    parts.push(
      line("manager_card.assessment_view.training", { list: lines(data.vocationalTraining.map((t) => (t.country ? `${t.title} (${t.country})` : t.title))) }),
    );
  for (const degree of data.degrees ?? []) {
    const recognition: MessageParam = { t: "key", key: recognitionKeys[degree.recognition] ?? recognitionKeys.none ?? "" };
    parts.push(line("manager_card.assessment_view.degree", { title: degree.country ? `${degree.title} (${degree.country})` : degree.title, recognition }));
  }
  if (data.workExperience?.length)
    parts.push(line("manager_card.assessment_view.work", { list: lines(data.workExperience.map((w) => `${w.field} (${w.years})`)) }));
  if (data.interests?.length) parts.push(line("manager_card.assessment_view.interests", { list: lines(data.interests) }));
  if (data.household?.childrenCount !== undefined) parts.push(line("manager_card.assessment_view.children", { count: data.household.childrenCount }));
  return parts;
}

/**
 * The card's "Erfassung ansehen": what the assessment holds, for everyone who may see the case, dated. Health and
 * residence details are never shown in a chat (docs/data-protection.md), nor whether any are recorded.
 */
export async function assessmentSummary(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const view = await readAssessment(context.deps, context.actor, { clientId });
  if (!view) return [say("manager_card.assessment_view.none")];
  const updatedBy = (await context.deps.store.managers.get(view.updatedBy))?.name ?? "";
  const at: MessageParam = { t: "date", iso: view.updatedAt.toISOString(), zone: context.zone };
  const recorded = dataLines(view.data);
  return [
    {
      parts: [
        line("manager_card.assessment_view.title", { at, updatedBy }),
        ...(recorded.length > 0 ? recorded : [line("manager_card.assessment_view.empty", undefined)]),
        line("manager_card.assessment_view.sensitive_elsewhere", undefined),
      ],
    },
  ];
}
