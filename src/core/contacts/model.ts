import type { PlanArea } from "../plans/areas.ts";
import type { ContactKind } from "./parse-quick-log.ts";

export const maxContactNoteLength = 4000;

/** A logged contact with a client (home visit, office, phone, …), for the case and the funding report. */
export interface Contact {
  id: string;
  tenantId: string;
  clientId: string;
  /** The manager who logged it. */
  managerId: string;
  at: Date;
  kind: ContactKind;
  durationMin: number;
  areas: PlanArea[];
  /** German free text, encrypted at rest. */
  note: string | null;
  createdAt: Date;
}

/** A contact as a use case returns it: the note decrypted for those who may read notes, otherwise null. */
export interface ContactView extends Omit<Contact, "note"> {
  note: string | null;
}
