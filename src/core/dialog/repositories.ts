/** Persisted dialog state per chat, with an expiry (restart- and multi-instance-safe). */
export interface DialogStateRepository {
  get(key: string, now: Date): Promise<unknown>;
  put(key: string, state: unknown, expiresAt: Date): Promise<void>;
  delete(key: string): Promise<void>;
  deleteExpired(before: Date): Promise<number>;
}
