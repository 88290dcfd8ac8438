import type { Crypto } from "../ports/crypto.ts";
import type { AuditEvent, AuditSeal, ChainedAuditEvent } from "./model.ts";

/** Bumped when the text below changes; entries keep the version they were sealed with in their hash only. */
const chainVersion = "lotse-audit-1";

/**
 * What an entry's MAC covers: the hash before it, its seq and every field, as a JSON array (no field can run into
 * the next). The key id is not part of it: a MAC checked with another key fails anyway.
 */
export function chainText(event: AuditEvent, place: { seq: number; prevHash: string }): string {
  return JSON.stringify([
    chainVersion,
    place.seq,
    place.prevHash,
    event.id,
    event.tenantId,
    event.actorKind,
    event.actorId,
    event.action,
    event.subjectKind,
    event.subjectId,
    event.clientId,
    event.at.toISOString(),
  ]);
}

/** The seal the store applies to `event` at its place in the chain (the current data key's MAC key). */
export function sealFor(crypto: Pick<Crypto, "mac">, event: AuditEvent): AuditSeal {
  return (place) => {
    const mac = crypto.mac(chainText(event, place));
    return { hash: mac.value, keyId: mac.keyId };
  };
}

/** Whether a stored entry's hash is the MAC of its fields: true, false, or null when its key is not configured. */
export function hashMatches(crypto: Pick<Crypto, "macWith">, entry: ChainedAuditEvent): boolean | null {
  const expected = crypto.macWith(entry.keyId, chainText(entry, entry));
  return expected === null ? null : expected === entry.hash;
}
