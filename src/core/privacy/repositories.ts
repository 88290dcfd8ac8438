/** Columns that hold values sealed by the crypto port (AES-256-GCM with a key id), visited by a key rotation. */
export const sealedColumns = [
  "contact.note",
  "step.note",
  "handover.note",
  "appointment.clientAnswer",
  "assessment.sensitive",
  /** Why a case got a fourth year (for the supervision). */
  "counsellingExtension.reason",
  /** JSON of goals and steps whose step notes are sealed one by one. */
  "planVersion.snapshot",
] as const;
export type SealedColumn = (typeof sealedColumns)[number];

/** One stored value of a sealed column. `rowId` is the row's key (a plan version: `<planId>#<version>`). */
export interface SealedValue {
  column: SealedColumn;
  rowId: string;
  value: string;
}

export interface DueErasure {
  clientId: string;
  escalationId: string;
}

/** What retention and key rotation need to find; every list is sorted by id so batches can resume. */
export interface PrivacyRepository {
  /** Closed, not yet anonymised clients whose case closed before `closedBefore`. */
  closedCasesBefore(closedBefore: Date, limit: number): Promise<string[]>;
  /** Open erasure requests (escalations of kind erasure_requested) made before `requestedBefore`. */
  erasureRequestsBefore(requestedBefore: Date, limit: number): Promise<DueErasure[]>;
  /** Non-empty values of a sealed column with a row id after `afterRowId` (null: from the start), by row id. */
  listSealed(column: SealedColumn, afterRowId: string | null, limit: number): Promise<SealedValue[]>;
  /**
   * Replaces a value only while it is still `expected` (compare and set): a concurrent edit by the running service
   * wins, and the rotation picks the row up again on its next pass. True when replaced.
   */
  replaceSealed(column: SealedColumn, rowId: string, expected: string, next: string): Promise<boolean>;
}
