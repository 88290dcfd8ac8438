import { listAssessmentVersions } from "../assessment/list-assessment-versions.ts";
import { readAssessment } from "../assessment/read-assessment.ts";
import type { AssessmentData } from "../assessment/model.ts";
import type { MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import { joined, languagesParam, recognitionKeys, sectionKeys, titleText, trainingParam } from "./assessment-text.ts";
import type { ChatContext } from "./chat-context.ts";

const line = (key: string, params: TextPart["params"]): TextPart => ({ key, ...(params ? { params } : {}) });

/** One line per recorded part of the assessment, in the order of the form; parts never recorded are left out. */
function dataLines(data: AssessmentData): TextPart[] {
  const parts: TextPart[] = [];
  if (data.languages?.length) parts.push(line("manager_card.assessment_view.languages", { list: languagesParam(data.languages) }));
  if (data.schooling?.years !== undefined || data.schooling?.highestLevel) {
    const text = [data.schooling.years !== undefined ? String(data.schooling.years) : null, data.schooling.highestLevel ?? null].filter(Boolean).join(", ");
    parts.push(line("manager_card.assessment_view.schooling", { text }));
  }
  if (data.vocationalTraining?.length) parts.push(line("manager_card.assessment_view.training", { list: joined(data.vocationalTraining.map(trainingParam)) }));
  for (const degree of data.degrees ?? []) {
    const recognition: MessageParam = { t: "key", key: recognitionKeys[degree.recognition] };
    parts.push(line("manager_card.assessment_view.degree", { title: titleText(degree), recognition }));
  }
  if (data.workExperience?.length)
    parts.push(line("manager_card.assessment_view.work", { list: joined(data.workExperience.map((w) => `${w.field} (${w.years})`)) }));
  if (data.interests?.length) parts.push(line("manager_card.assessment_view.interests", { list: joined(data.interests) }));
  if (data.household?.childrenCount !== undefined) parts.push(line("manager_card.assessment_view.children", { count: data.household.childrenCount }));
  if (data.household?.childrenAges?.length) parts.push(line("manager_card.assessment_view.children_ages", { list: joined(data.household.childrenAges) }));
  return parts;
}

/**
 * The card's "Erfassung ansehen": what the assessment holds, for everyone who may see the case, dated. Health and
 * residence details are never shown in a chat (docs/data-protection.md), nor whether any are recorded: only the
 * non-sensitive part is read.
 */
export async function assessmentSummary(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const view = await readAssessment(context.deps, context.actor, { clientId, sensitive: false });
  if (!view) return [say("manager_card.assessment_view.none")];
  const updatedBy = await recorderName(context, view.updatedBy);
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

/** Who recorded a version: a manager's name, or the import. */
async function recorderName(context: ChatContext, recordedBy: string): Promise<MessageParam> {
  if (recordedBy === "import") return { t: "key", key: "manager_card.assessment_history.by_import" };
  return (await context.deps.store.managers.get(recordedBy))?.name ?? { t: "key", key: "manager_card.assessment_history.by_unknown" };
}

/**
 * The card's "Verlauf der Erfassung": the latest dated versions, newest first, each with who recorded it and the
 * sections that changed (never health or residence, which no version holds); older ones are in the export.
 */
export async function assessmentHistory(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const { versions, more } = await listAssessmentVersions(context.deps, context.actor, { clientId });
  if (versions.length === 0) return [say("manager_card.assessment_history.none")];
  const names = new Map<string, MessageParam>();
  for (const version of versions) if (!names.has(version.recordedBy)) names.set(version.recordedBy, await recorderName(context, version.recordedBy));
  const items = versions.map((version): MessageParam => ({
    t: "key",
    key: "manager_card.assessment_history.version",
    params: {
      version: version.version,
      at: { t: "datetime", iso: version.recordedAt.toISOString(), zone: context.zone },
      by: names.get(version.recordedBy) ?? "",
      sections: joined(version.changed.map((section): MessageParam => ({ t: "key", key: sectionKeys[section] }))),
    },
  }));
  return [
    {
      parts: [
        line("manager_card.assessment_history.title", { versions: { t: "lines", items } }),
        ...(more ? [line("manager_card.assessment_history.more", undefined)] : []),
      ],
    },
  ];
}
