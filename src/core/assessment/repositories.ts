import type { AssessmentVersion, StoredAssessment } from "./model.ts";

export interface AssessmentRepository {
  get(clientId: string): Promise<StoredAssessment | null>;
  /** Creates or replaces the client's assessment. */
  put(assessment: StoredAssessment): Promise<void>;
  /** Removes the client's assessment (erasure); false when there was none. */
  delete(clientId: string): Promise<boolean>;
}

/** The dated versions of a client's assessment (its history). */
export interface AssessmentVersionRepository {
  /** Adds a version; a version number the client has already fails (unique). */
  create(version: AssessmentVersion): Promise<void>;
  /** Newest first; at most `limit` when given. */
  listForClient(clientId: string, limit?: number): Promise<AssessmentVersion[]>;
  /** Removes every version of the client (erasure); how many there were. */
  deleteForClient(clientId: string): Promise<number>;
}
