/** A keyed MAC and the id of the data key it was derived from (needed to check it later, after a rotation too). */
export interface KeyedMac {
  keyId: string;
  /** HMAC-SHA-256, hex. */
  value: string;
}

/** Encryption at rest and one-way hashing. The implementation holds the keys. */
export interface Crypto {
  /** Encrypts text; the result names the key id so old values stay readable after a rotation. */
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A stable one-way digest (hex), e.g. of invite codes, so the store never holds a usable code. */
  digest(text: string): string;
  /**
   * A keyed MAC for the audit chain, under a key of its own derived (HKDF, fixed label) from the current data key;
   * the result names that data key, so entries written before a rotation can still be checked.
   */
  mac(text: string): KeyedMac;
  /** The audit-chain MAC of text under the key derived from data key `keyId`; null when that key is not configured. */
  macWith(keyId: string, text: string): string | null;
}
