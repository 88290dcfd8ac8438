import type { StoredAssessment } from "./model.ts";

export interface AssessmentRepository {
  get(clientId: string): Promise<StoredAssessment | null>;
  /** Creates or replaces the client's assessment. */
  put(assessment: StoredAssessment): Promise<void>;
}
