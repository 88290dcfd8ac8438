import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomFillSync, randomInt } from "node:crypto";
import type { Clock } from "../core/ports/clock.ts";
import type { Crypto } from "../core/ports/crypto.ts";
import type { Ids } from "../core/ports/ids.ts";

export const systemClock: Clock = { now: () => new Date() };

/** Invite codes: 10 characters without look-alikes (no 0/O, 1/I/L), about 49 bits of entropy. */
const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const INVITE_LENGTH = 10;

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/** Bytes drawn from the system's random generator at a time. */
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomPoolUsed = 0;

/**
 * `size` fresh random bytes, never handed out twice. They come from a pool filled 4 KiB at a time: each call into
 * the generator costs about as much as a statement (a chat update needs a few ids and IVs; docs/benchmarks.md, P1).
 * A full pool is replaced, not refilled, so bytes handed out earlier never change under their holder.
 */
export function freshRandomBytes(size: number): Buffer {
  if (size > RANDOM_POOL_BYTES) return randomFillSync(Buffer.alloc(size));
  if (randomPoolUsed + size > randomPool.length) {
    randomPool = randomFillSync(Buffer.allocUnsafe(RANDOM_POOL_BYTES));
    randomPoolUsed = 0;
  }
  const bytes = randomPool.subarray(randomPoolUsed, randomPoolUsed + size);
  randomPoolUsed += size;
  return bytes;
}

/**
 * A ULID-like id: 26 characters, 48 bits of time then 80 random bits, in Crockford base32 (lower case). Sortable by
 * creation time, and short enough that two ids fit into Telegram's 64-byte button data (action-codec.ts).
 */
export function newSortableId(now = Date.now()): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = freshRandomBytes(16);
  let tail = "";
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[(random[i] ?? 0) % 32];
  return time + tail;
}

export const randomIds: Ids = {
  newId: () => newSortableId(),
  newInviteCode: () => Array.from({ length: INVITE_LENGTH }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join(""),
};

export interface DataKey {
  id: string;
  key: Buffer;
}

export function dataKeyFromBase64(base64: string): DataKey {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("a data key must be 32 bytes");
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

const SEALED_PREFIX = "v1";

/**
 * The label of the audit chain's MAC key (HKDF-SHA-256 from a data key, no salt): a key of its own, so a MAC never
 * equals an invite digest or anything else made with the data key itself. Changing it breaks every chain.
 */
const AUDIT_CHAIN_LABEL = "lotse audit chain v1";

function auditChainKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), AUDIT_CHAIN_LABEL, 32));
}

/**
 * AES-256-GCM. A sealed value reads `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so values written
 * with an older key stay readable after a rotation as long as that key is still configured.
 */
export function aesGcmCrypto(current: DataKey, previous: DataKey[] = []): Crypto {
  const keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  const macKeys = new Map([...keys].map(([id, key]) => [id, auditChainKey(key)]));
  const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text, "utf8").digest("hex");
  const currentMacKey = auditChainKey(current.key);
  return {
    encrypt(plain) {
      const iv = freshRandomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return [SEALED_PREFIX, current.id, ...parts].join(".");
    },
    decrypt(sealed) {
      const [version, keyId, iv, tag, body] = sealed.split(".");
      const key = keyId ? keys.get(keyId) : undefined;
      if (version !== SEALED_PREFIX || !key || iv === undefined || tag === undefined || body === undefined) {
        throw new Error("cannot decrypt: unknown format or key");
      }
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
    digest(text) {
      // Keyed, so a copy of the database alone does not allow guessing invite codes offline.
      return createHmac("sha256", current.key).update(text).digest("hex");
    },
    mac(text) {
      return { keyId: current.id, value: hmac(currentMacKey, text) };
    },
    macWith(keyId, text) {
      const key = macKeys.get(keyId);
      return key ? hmac(key, text) : null;
    },
  };
}
