import type { Crypto } from "../core/ports/crypto.ts";

/**
 * Seals texts that the core reads as plain text everywhere (goal texts, own step texts, step parameters, appointment
 * places, plan versions) on their way into the database and opens them on the way out, so they are encrypted at
 * rest without every reader in the core handling ciphertext. Notes, answers and sensitive fields stay sealed by the
 * core itself, which decides who may read them.
 *
 * A value written before sealing existed is returned as it is; `lotse keys rotate` seals it.
 */
export interface TextSealer {
  seal(plain: string): string;
  open(stored: string): string;
}

/** For stores that keep texts as they are (tests of the store's own queries, benchmarks). */
export const plainText: TextSealer = { seal: (plain) => plain, open: (stored) => stored };

/** Seals with the crypto port; `isSealed` tells a sealed value from one written before sealing existed. */
export function cryptoSealer(crypto: Crypto, isSealed: (stored: string) => boolean): TextSealer {
  return {
    seal: (plain) => crypto.encrypt(plain),
    // A value that looks sealed but no configured key opens throws: a missing key is an error, never an empty text.
    open: (stored) => (isSealed(stored) ? crypto.decrypt(stored) : stored),
  };
}
