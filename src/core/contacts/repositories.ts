import type { Contact } from "./model.ts";

export interface ContactRepository {
  create(contact: Contact): Promise<void>;
  get(id: string): Promise<Contact | null>;
  /** A correction: the day, kind, duration and areas of a contact (its note, author and client stay). */
  correct(id: string, change: Pick<Contact, "at" | "kind" | "durationMin" | "areas">): Promise<void>;
  /** Removes a contact logged by mistake. */
  remove(id: string): Promise<void>;
  /** A client's contacts, newest first (by time, then id descending), at most `limit`. */
  listForClient(clientId: string, limit: number): Promise<Contact[]>;
  /** The newest contact of a client, or null. */
  latestForClient(clientId: string): Promise<Contact | null>;
  /** When each of these clients was last in contact (one read for a whole caseload); clients without one are left out. */
  latestTimes(clientIds: readonly string[]): Promise<Map<string, Date>>;
  /** Removes the notes of a client's contacts (erasure); returns how many contacts had one. */
  clearNotesForClient(clientId: string): Promise<number>;
}
