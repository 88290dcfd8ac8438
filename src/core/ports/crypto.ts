/** Encryption at rest and one-way hashing. The implementation holds the keys. */
export interface Crypto {
  /** Encrypts text; the result names the key id so old values stay readable after a rotation. */
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A stable one-way digest (hex), e.g. of invite codes, so the store never holds a usable code. */
  digest(text: string): string;
}
