import type { Handover } from "./model.ts";

export interface HandoverRepository {
  create(handover: Handover): Promise<void>;
  /** A client's handovers, oldest first (by time, then id). */
  listForClient(clientId: string): Promise<Handover[]>;
  /** Removes the notes of a client's handovers (erasure); returns how many had one. */
  clearNotesForClient(clientId: string): Promise<number>;
}
