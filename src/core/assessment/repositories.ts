import type { StoredAssessment } from "./model.ts";

export interface AssessmentRepository {
  get(clientId: string): Promise<StoredAssessment | null>;
  /** Creates or replaces the client's assessment. */
  put(assessment: StoredAssessment): Promise<void>;
  /** Removes the client's assessment (erasure); false when there was none. */
  delete(clientId: string): Promise<boolean>;
}
