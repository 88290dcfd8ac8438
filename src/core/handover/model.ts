/**
 * A case handed from one manager to another (Übergabe), with an optional note for the new manager; or, with
 * `fromManagerId` null, what the earlier refugee social work (Flüchtlingssozialarbeit) handed over at intake:
 * `fromAgency` names it, `at` is the day of the handover conversation and the note its summary.
 */
export interface Handover {
  id: string;
  clientId: string;
  fromManagerId: string | null;
  fromAgency: string | null;
  toManagerId: string;
  /** German free text, encrypted at rest. */
  note: string | null;
  at: Date;
}

export const maxHandoverNoteLength = 4000;
