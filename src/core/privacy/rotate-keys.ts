import { z } from "zod";
import { system, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Crypto } from "../ports/crypto.ts";
import { parseInput } from "../shared/validate.ts";
import { sealedColumns, type SealedColumn, type SealedValue } from "./repositories.ts";

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

/** A plan version's JSON with every step note under an older key re-sealed; null when nothing needs it. */
function resealSnapshot(crypto: Crypto, keys: KeyIds, json: string): string | null {
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

/** The value re-sealed with the current key, or null when it already is. Throws when no key opens it. */
function reseal(crypto: Crypto, keys: KeyIds, value: SealedValue): string | null {
  if (value.column === "planVersion.snapshot") return resealSnapshot(crypto, keys, value.value);
  if (keys.keyIdOf(value.value) === keys.currentKeyId) return null;
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

/** Whether a value (or a step note inside a plan version) is still sealed with another key than the current one. */
function needsReseal(keys: KeyIds, value: SealedValue): boolean {
  if (value.column !== "planVersion.snapshot") return keys.keyIdOf(value.value) !== keys.currentKeyId;
  const snapshot = looseSnapshot.safeParse(JSON.parse(value.value));
  if (!snapshot.success) return false;
  return snapshot.data.goals.some((goal) => goal.steps.some((step) => typeof step.note === "string" && keys.keyIdOf(step.note) !== keys.currentKeyId));
}

/** Counts values still sealed with another key than the current one (a check after a run). */
async function countRemaining(deps: CoreDeps, keys: KeyIds, batchSize: number): Promise<number> {
  let remaining = 0;
  for (const column of sealedColumns) {
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const batch = await deps.store.privacy.listSealed(column, cursor, batchSize);
      remaining += batch.filter((value) => needsReseal(keys, value)).length;
      if (batch.length < batchSize) break;
      after = batch.at(-1)?.rowId ?? null;
    }
  }
  return remaining;
}

/**
 * Re-seals every encrypted value (contact, step and handover notes, appointment answers, sensitive assessment
 * fields, counselling-extension reasons, step notes inside plan versions) with the current key, in batches, while the service keeps running.
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
