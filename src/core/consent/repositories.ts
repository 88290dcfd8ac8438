import type { ConsentRecord } from "./model.ts";

export interface ConsentRepository {
  append(record: ConsentRecord): Promise<void>;
  /** The whole ledger of a client, oldest first. */
  listForClient(clientId: string): Promise<ConsentRecord[]>;
}
