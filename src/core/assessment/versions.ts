import type { Gender } from "../cases/model.ts";
import type { Repositories } from "../ports/store.ts";
import { assessmentSections, type AssessmentData, type AssessmentSection, type AssessmentVersion } from "./model.ts";

/** The non-sensitive state a version keeps: the assessment's data and the client's gender. */
interface VersionedState {
  data: AssessmentData;
  gender: Gender | null;
}

/** JSON with object keys sorted, so that equal values compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const sectionOf = (state: VersionedState, section: AssessmentSection): unknown => (section === "gender" ? state.gender : state.data[section]);

/** The sections whose content differs between two states, in the order of the form. */
function changedSections(before: VersionedState, after: VersionedState): AssessmentSection[] {
  return assessmentSections.filter((section) => canonical(sectionOf(before, section)) !== canonical(sectionOf(after, section)));
}

/**
 * Keeps a change of the non-sensitive assessment as the client's next dated version (inside the use case's
 * transaction). Nothing is kept when no section changed, e.g. when only health or residence details were recorded:
 * those never go into a version.
 */
export async function addAssessmentVersion(
  repositories: Pick<Repositories, "assessmentVersions">,
  clientId: string,
  before: VersionedState,
  after: VersionedState,
  recorded: { at: Date; by: string },
): Promise<AssessmentVersion | null> {
  const changed = changedSections(before, after);
  if (changed.length === 0) return null;
  const [latest] = await repositories.assessmentVersions.listForClient(clientId, 1);
  const version: AssessmentVersion = {
    clientId,
    version: (latest?.version ?? 0) + 1,
    data: after.data,
    gender: after.gender,
    changed,
    recordedAt: recorded.at,
    recordedBy: recorded.by,
  };
  await repositories.assessmentVersions.create(version);
  return version;
}
