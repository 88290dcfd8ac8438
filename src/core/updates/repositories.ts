/** Remembers which channel updates were handled, so a redelivered update is handled once. */
export interface ProcessedUpdateRepository {
  /** True the first time for (channel, updateId); false when it was seen before. */
  markProcessed(channel: string, updateId: string, at: Date): Promise<boolean>;
  deleteOlderThan(before: Date): Promise<number>;
}
