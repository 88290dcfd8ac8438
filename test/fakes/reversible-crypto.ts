import type { Crypto } from "../../src/core/ports/crypto.ts";

/** Not encryption: a visible wrapper so tests can see what would be sealed. */
export const reversibleCrypto: Crypto = {
  encrypt: (plain) => `sealed(${plain})`,
  decrypt: (sealed) => {
    const match = /^sealed\((.*)\)$/s.exec(sealed);
    if (!match?.[1] && match?.[1] !== "") throw new Error("not sealed");
    return match[1];
  },
  digest: (text) => `digest(${text})`,
};
