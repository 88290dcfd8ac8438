/** Identifier and code generation. */
export interface Ids {
  /** A new unique record id. */
  newId(): string;
  /** A new random invite code (upper-case letters and digits without look-alikes). */
  newInviteCode(): string;
}
