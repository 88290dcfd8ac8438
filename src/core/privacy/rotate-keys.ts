import { z } from "zod";
import { system, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Crypto } from "../ports/crypto.ts";
import { parseInput } from "../shared/validate.ts";
import { sealedColumns, storeSealedColumns, type SealedColumn, type SealedValue } from "./repositories.ts";

/** Which key sealed a value, and which key seals new ones. Implemented next to the crypto port (src/app/key-ring.ts). */
export interface KeyIds {
  currentKeyId: string;
  /** The key id a sealed value names; null when the value is not in the sealed format. */
  keyIdOf(sealed: string): string | null;
}

export const rotateKeysInput = z.object({
  batchSize: z.number().int().min(1).max(10_000).default(200),
});

export interface ColumnRotation {
  column: SealedColumn;
  /** Values looked at. */
  scanned: number;
  /** Values re-sealed with the current key now. */
  resealed: number;
  /** Values changed by the running service meanwhile (already sealed with the current key by that write). */
  changedMeanwhile: number;
  /** Values no configured key opens: listed by row id, left untouched. */
  unreadable: string[];
}

export interface KeyRotation {
  keyId: string;
  columns: ColumnRotation[];
  /** Values still sealed with an older key after this run (0 when the rotation is complete). */
  remaining: number;
}

const looseSnapshot = z.looseObject({
  goals: z.array(z.looseObject({ steps: z.array(z.looseObject({ note: z.string().nullable().optional() })) })),
});

/** The plan version's JSON with every step note under another key than the current one re-sealed; null when none is. */
function resealNotes(crypto: Crypto, keys: KeyIds, json: string): string | null {
  const snapshot = looseSnapshot.parse(JSON.parse(json));
  let changed = false;
  for (const goal of snapshot.goals) {
    for (const step of goal.steps) {
      if (typeof step.note === "string" && keys.keyIdOf(step.note) !== keys.currentKeyId) {
        step.note = crypto.encrypt(crypto.decrypt(step.note));
        changed = true;
      }
    }
  }
  return changed ? JSON.stringify(snapshot) : null;
}

const isStoreSealed = (column: SealedColumn): boolean => (storeSealedColumns as readonly SealedColumn[]).includes(column);

/** A plan version sealed as a whole with the current key, its step notes too; null when it already is. */
function resealSnapshot(crypto: Crypto, keys: KeyIds, stored: string): string | null {
  const outerKeyId = keys.keyIdOf(stored);
  const json = outerKeyId === null ? stored : crypto.decrypt(stored);
  const notes = resealNotes(crypto, keys, json);
  if (outerKeyId === keys.currentKeyId && notes === null) return null;
  return crypto.encrypt(notes ?? json);
}

/**
 * The value sealed with the current key, or null when it already is. A store-sealed text still in plain text
 * (written before sealing existed) is sealed; anything else no key opens throws.
 */
function reseal(crypto: Crypto, keys: KeyIds, value: SealedValue): string | null {
  if (value.column === "planVersion.snapshot") return resealSnapshot(crypto, keys, value.value);
  const keyId = keys.keyIdOf(value.value);
  if (keyId === keys.currentKeyId) return null;
  if (keyId === null && isStoreSealed(value.column)) return crypto.encrypt(value.value);
  return crypto.encrypt(crypto.decrypt(value.value));
}

async function rotateColumn(deps: CoreDeps, keys: KeyIds, column: SealedColumn, batchSize: number): Promise<ColumnRotation> {
  const result: ColumnRotation = { column, scanned: 0, resealed: 0, changedMeanwhile: 0, unreadable: [] };
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const batch = await deps.store.privacy.listSealed(column, cursor, batchSize);
    if (batch.length === 0) break;
    await deps.store.transaction(async (repositories) => {
      for (const value of batch) {
        result.scanned += 1;
        let next: string | null;
        try {
          next = reseal(deps.crypto, keys, value);
        } catch {
          result.unreadable.push(value.rowId);
          continue;
        }
        if (next === null) continue;
        if (await repositories.privacy.replaceSealed(column, value.rowId, value.value, next)) result.resealed += 1;
        else result.changedMeanwhile += 1;
      }
    });
    after = batch.at(-1)?.rowId ?? null;
    if (batch.length < batchSize) break;
  }
  return result;
}

/** Whether a value (or a plan version or a step note inside it) is not yet sealed with the current key. */
function needsReseal(crypto: Crypto, keys: KeyIds, value: SealedValue): boolean {
  try {
    return reseal(crypto, keys, value) !== null;
  } catch {
    return true; // no configured key opens it: it remains, and the run does not say "done"
  }
}

/** Counts values still sealed with another key than the current one (a check after a run). */
async function countRemaining(deps: CoreDeps, keys: KeyIds, batchSize: number): Promise<number> {
  let remaining = 0;
  for (const column of sealedColumns) {
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const batch = await deps.store.privacy.listSealed(column, cursor, batchSize);
      remaining += batch.filter((value) => needsReseal(deps.crypto, keys, value)).length;
      if (batch.length < batchSize) break;
      after = batch.at(-1)?.rowId ?? null;
    }
  }
  return remaining;
}

/**
 * Re-seals every encrypted value (contact, step and handover notes, appointment answers, sensitive assessment
 * fields, counselling-extension reasons, goal texts, step texts and parameters, appointment places, plan versions and
 * the step notes inside them) with the current key, and seals store-sealed texts still in plain text, in batches, while the service keeps running.
 * Each value is replaced only while it is unchanged (compare and set), so a concurrent edit always wins. Values
 * already under the current key are skipped: a second run does nothing, and a run that stopped half-way simply
 * continues. Operators (command line) and the system only.
 */
export async function rotateKeys(deps: CoreDeps, keys: KeyIds, actor: Actor, input: unknown): Promise<KeyRotation> {
  if (actor.kind !== "operator" && actor.kind !== "system") throw forbidden(`${actor.kind} may not rotate keys`);
  const { batchSize } = parseInput(rotateKeysInput, input);
  const columns: ColumnRotation[] = [];
  for (const column of sealedColumns) columns.push(await rotateColumn(deps, keys, column, batchSize));
  const remaining = await countRemaining(deps, keys, batchSize);
  await recordAudit(deps, deps.store, actor.kind === "operator" ? actor : system, {
    action: "keys.rotate",
    subjectKind: "data_key",
    subjectId: keys.currentKeyId,
    tenantId: null,
  });
  return { keyId: keys.currentKeyId, columns, remaining };
}
