/**
 * Texts the store seals on the way in and opens on the way out: the core reads them as plain text. A value written
 * before sealing existed is still plain; a key rotation seals it.
 */
export const storeSealedColumns = [
  "goal.text",
  /** An own step's text. */
  "step.customText",
  /** A catalogue step's parameters as JSON (a child's name, a place, a provider). */
  "step.params",
  "appointment.place",
  /** Where a client and their volunteer first meet (may be someone's home). */
  "volunteerMatch.meetingPlace",
  /** What a waiting or sent message names (a client's name, a place, a time), as JSON; empty parameters stay as they are. */
  "outbox.params",
  /** A running form: what was typed so far. */
  "dialogState.state",
  /** The whole JSON of a plan version (inside it, step notes are sealed once more by the core). */
  "planVersion.snapshot",
  /** A message between a client and their manager: the client's words or the manager's own answer. */
  "conversationMessage.text",
  /** The chat service's reference to a file the client sent (Telegram's file_id). */
  "conversationMessage.fileRef",
  /** The name of a document the client sent. */
  "conversationMessage.fileName",
] as const;

/** Columns that hold values sealed by the crypto port (AES-256-GCM with a key id), visited by a key rotation. */
export const sealedColumns = [
  "contact.note",
  "step.note",
  "handover.note",
  "appointment.clientAnswer",
  "assessment.sensitive",
  /** Why a case got a fourth year (for the supervision). */
  "counsellingExtension.reason",
  ...storeSealedColumns,
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
  /** Closed, not yet anonymised clients of the tenant whose case closed before `closedBefore`. */
  closedCasesBefore(tenantId: string, closedBefore: Date, limit: number): Promise<string[]>;
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
