/** Remembers which channel updates were handled, so a redelivered update is handled once. */
export interface ProcessedUpdateRepository {
  /** True the first time for (channel, updateId); false when it was seen before. */
  markProcessed(channel: string, updateId: string, at: Date): Promise<boolean>;
  /**
   * Claims an inbound update for handling. True for its first delivery, and for a redelivery whose handling never
   * finished because the process that had it is gone (another boot id) or its lease ran out; false when it was
   * handled, or is being handled by this process now. Call `completeUpdate` once it is handled.
   */
  claimUpdate(channel: string, updateId: string, at: Date, claimant: { bootId: string; leaseMs: number }): Promise<boolean>;
  /** The update was handled (answered, or failed and apologised for): every redelivery is ignored from now on. */
  completeUpdate(channel: string, updateId: string): Promise<void>;
  deleteOlderThan(before: Date): Promise<number>;
}
