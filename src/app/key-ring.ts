import type { Crypto } from "../core/ports/crypto.ts";
import type { KeyIds } from "../core/privacy/rotate-keys.ts";
import { cryptoSealer, type TextSealer } from "../store/text-sealer.ts";
import { loadDataKey } from "./data-key.ts";
import type { Logger } from "./logger.ts";
import { aesGcmCrypto, dataKeyFromBase64, type DataKey } from "./node-ports.ts";

/**
 * The data keys: LOTSE_DATA_KEY seals new values; the keys in LOTSE_DATA_KEYS_OLD (comma-separated) only open
 * values sealed before a rotation. `lotse keys rotate` re-seals those with the current key; afterwards the old
 * keys can be removed from the configuration.
 */
export interface KeyRing {
  current: DataKey;
  previous: DataKey[];
}

export function loadKeyRing(
  config: { LOTSE_DATA_KEY?: string | undefined; LOTSE_DATA_KEYS_OLD?: string[] | undefined },
  logger: Logger,
  file?: string,
): KeyRing {
  const current = file === undefined ? loadDataKey(config.LOTSE_DATA_KEY, logger) : loadDataKey(config.LOTSE_DATA_KEY, logger, file);
  const previous = (config.LOTSE_DATA_KEYS_OLD ?? []).map(dataKeyFromBase64).filter((key) => key.id !== current.id);
  return { current, previous };
}

export const keyRingCrypto = (ring: KeyRing): Crypto => aesGcmCrypto(ring.current, ring.previous);

/** `v1.<keyId>.<iv>.<tag>.<ciphertext>` as `aesGcmCrypto` writes it (base64url parts; the key id is 8 hex digits). */
const sealedFormat = /^v1\.([0-9a-f]{8})\.[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * The key id a value sealed by `aesGcmCrypto` names, or null for anything else (also for a text written before it
 * was sealed, even one like "v1.2 erreicht").
 */
export function sealedKeyId(sealed: string): string | null {
  return sealedFormat.exec(sealed)?.[1] ?? null;
}

/** The store's sealer for the texts it seals itself (goal texts, step texts, places, plan versions). */
export const storeSealer = (crypto: Crypto): TextSealer => cryptoSealer(crypto, (stored) => sealedKeyId(stored) !== null);

/** Key ids of the crypto port in use: the current one is read from a freshly sealed probe. */
export function keyIdsOf(crypto: Crypto): KeyIds {
  const currentKeyId = sealedKeyId(crypto.encrypt("probe"));
  if (!currentKeyId) throw new Error("the crypto port does not seal values with a key id");
  return { currentKeyId, keyIdOf: sealedKeyId };
}
