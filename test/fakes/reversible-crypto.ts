import { createHash } from "node:crypto";
import type { Crypto } from "../../src/core/ports/crypto.ts";

/** The key id of the fake's MAC; `macWith` knows no other. */
export const TEST_MAC_KEY_ID = "testkey1";

const fakeMac = (keyId: string, text: string) => createHash("sha256").update(`${keyId}:${text}`).digest("hex");

/** Not encryption: a visible wrapper so tests can see what would be sealed. */
export const reversibleCrypto: Crypto = {
  encrypt: (plain) => `sealed(${plain})`,
  decrypt: (sealed) => {
    const match = /^sealed\((.*)\)$/s.exec(sealed);
    if (!match?.[1] && match?.[1] !== "") throw new Error("not sealed");
    return match[1];
  },
  digest: (text) => `digest(${text})`,
  // A plain hash with the key id in it: changes with the text like a MAC, and stays short along a chain.
  mac: (text) => ({ keyId: TEST_MAC_KEY_ID, value: fakeMac(TEST_MAC_KEY_ID, text) }),
  macWith: (keyId, text) => (keyId === TEST_MAC_KEY_ID ? fakeMac(keyId, text) : null),
};
