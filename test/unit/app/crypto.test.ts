import { formAnswerAction } from "../../../src/core/dialog/form-actions.ts";
import { describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64, freshRandomBytes, newSortableId, randomIds } from "../../../src/app/node-ports.ts";

const keyA = dataKeyFromBase64(Buffer.alloc(32, 1).toString("base64"));
const keyB = dataKeyFromBase64(Buffer.alloc(32, 2).toString("base64"));

const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Flips one character of a base64url part (index 2 = iv, 3 = tag, 4 = ciphertext). */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const value = parts[part] ?? "";
  const first = value[0] === "A" ? "B" : "A";
  parts[part] = first + value.slice(1);
  return parts.join(".");
}

describe("aesGcmCrypto", () => {
  const crypto = aesGcmCrypto(keyA);

  it.each([
    ["plain ASCII", "Termin beim Jobcenter am Montag"],
    ["German umlauts", "Größenänderung: Übergangswohnheim in Süßen, Straße 12"],
    ["Arabic", "موعد في مكتب الأجانب يوم الاثنين"],
    ["empty text", ""],
  ])("round-trips %s", (_label, text) => {
    expect(crypto.decrypt(crypto.encrypt(text))).toBe(text);
  });

  it("gives a different ciphertext every time, none containing the plain text", () => {
    const text = "Familie Haddad braucht einen Kita-Platz";
    const sealed = Array.from({ length: 5 }, () => crypto.encrypt(text));
    expect(new Set(sealed).size).toBe(5);
    for (const value of sealed) {
      expect(value).not.toContain("Haddad");
      expect(value).not.toContain(Buffer.from(text).toString("base64url").slice(0, 12));
      expect(value.startsWith(`v1.${keyA.id}.`)).toBe(true);
    }
  });

  it("reads values sealed with the old key after a rotation when the old key is still configured", () => {
    const sealedWithOldKey = aesGcmCrypto(keyA).encrypt("Notiz vor der Schlüsselrotation");
    const rotated = aesGcmCrypto(keyB, [keyA]);
    expect(rotated.decrypt(sealedWithOldKey)).toBe("Notiz vor der Schlüsselrotation");
    // new values use the new key
    expect(rotated.encrypt("neu").split(".")[1]).toBe(keyB.id);
    expect(aesGcmCrypto(keyB).decrypt(rotated.encrypt("neu"))).toBe("neu");
  });

  it("MACs the audit chain with a key of its own, derived from the current data key and named by its id", () => {
    const mac = crypto.mac("entry");
    expect(mac.keyId).toBe(keyA.id);
    expect(mac.value).toMatch(/^[0-9a-f]{64}$/);
    expect(mac.value).not.toBe(crypto.digest("entry")); // not the data key itself
    expect(crypto.mac("entry")).toEqual(mac);
    expect(crypto.mac("entrY").value).not.toBe(mac.value);
    expect(aesGcmCrypto(keyB).mac("entry").value).not.toBe(mac.value);
    // after a rotation, entries MACed with the old key are checked while that key is configured
    expect(aesGcmCrypto(keyB, [keyA]).macWith(keyA.id, "entry")).toBe(mac.value);
    expect(aesGcmCrypto(keyB).macWith(keyA.id, "entry")).toBeNull();
  });

  it("cannot read old values once the old key is no longer configured", () => {
    const sealedWithOldKey = aesGcmCrypto(keyA).encrypt("alt");
    expect(() => aesGcmCrypto(keyB).decrypt(sealedWithOldKey)).toThrow(/unknown format or key/);
  });

  it.each([
    ["iv", 2],
    ["auth tag", 3],
    ["ciphertext", 4],
  ])("refuses a value whose %s was tampered with", (_label, part) => {
    const sealed = crypto.encrypt("Geheime Notiz");
    const tampered = tamper(sealed, part);
    expect(tampered).not.toBe(sealed);
    expect(() => crypto.decrypt(tampered)).toThrow();
  });

  it("refuses values that are not sealed at all", () => {
    expect(() => crypto.decrypt("Geheime Notiz")).toThrow();
    expect(() => crypto.decrypt(`v2.${keyA.id}.a.b.c`)).toThrow();
  });

  it("digests stably, keyed by the data key", () => {
    const digest = crypto.digest("ABCDEFGH23");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(aesGcmCrypto(keyA).digest("ABCDEFGH23")).toBe(digest);
    expect(crypto.digest("ABCDEFGH24")).not.toBe(digest);
    expect(aesGcmCrypto(keyB).digest("ABCDEFGH23")).not.toBe(digest);
    expect(digest).not.toContain("ABCDEFGH23");
  });

  it("rejects a data key of the wrong length", () => {
    expect(() => dataKeyFromBase64(Buffer.alloc(31).toString("base64"))).toThrow(/32 bytes/);
  });
});

describe("randomIds", () => {
  it("makes invite codes of 10 characters from the documented alphabet", () => {
    const codes = Array.from({ length: 500 }, () => randomIds.newInviteCode());
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("never uses look-alike characters (0/O, 1/I/L) and uses the whole alphabet", () => {
    const seen = new Set(Array.from({ length: 500 }, () => randomIds.newInviteCode()).join(""));
    for (const lookAlike of ["0", "O", "1", "I", "L"]) expect(seen.has(lookAlike)).toBe(false);
    expect([...seen].sort().join("")).toBe([...INVITE_ALPHABET].sort().join(""));
  });

  it("makes unique record ids that fit into button data and sort by creation time", () => {
    // 1,000 ids draw 16,000 random bytes: several fills of the pool they come from.
    const ids = new Set(Array.from({ length: 1000 }, () => randomIds.newId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(newSortableId(1_000).slice(0, 10) < newSortableId(2_000).slice(0, 10)).toBe(true);
    expect(formAnswerAction.encode("abcdefgh", randomIds.newId()).length).toBeLessThanOrEqual(64);
  });
});

describe("freshRandomBytes", () => {
  it("hands out bytes that stay as they were when the pool behind them is filled again", () => {
    const first = freshRandomBytes(12);
    const copy = Buffer.from(first);
    const later = Array.from({ length: 1000 }, () => freshRandomBytes(12).toString("hex"));
    expect(first.equals(copy)).toBe(true);
    expect(new Set([copy.toString("hex"), ...later]).size).toBe(1001);
  });

  it("serves a request larger than the pool", () => {
    expect(freshRandomBytes(10_000)).toHaveLength(10_000);
  });
});
