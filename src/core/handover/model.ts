/** A case handed from one manager to another (Übergabe), with an optional note for the new manager. */
export interface Handover {
  id: string;
  clientId: string;
  fromManagerId: string;
  toManagerId: string;
  /** German free text, encrypted at rest. */
  note: string | null;
  at: Date;
}

export const maxHandoverNoteLength = 4000;
