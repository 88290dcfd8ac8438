import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { hashMatches } from "./chain.ts";
import type { AuditChainHead, ChainedAuditEvent } from "./model.ts";

/** Entries read per page: the walk holds one page and the entry before it, whatever the length of the log. */
export const auditChainPageSize = 500;

/**
 * What broke the chain at an entry:
 * - `changed`: its hash is not the MAC of its fields (a field, its seq or its hash was changed);
 * - `relinked`: its `prevHash` is not the hash of the entry before it (that one was changed, or replaced);
 * - `missing`: entries before it are gone (its seq does not follow the one before);
 * - `tail_missing`: the newest entries are gone (the chain ends before the head the last append left);
 * - `head_mismatch`: the head record is gone or does not match the last entry (it was changed);
 * - `unknown_key`: the data key its MAC was made with is not configured, so it cannot be checked.
 */
export type AuditChainProblem = "changed" | "relinked" | "missing" | "tail_missing" | "head_mismatch" | "unknown_key";

export interface AuditChainBreak {
  problem: AuditChainProblem;
  /** The seq of the first entry that does not check out (for `tail_missing`: the first one missing). */
  seq: number;
  /** The entry there; null when it is missing. */
  id: string | null;
  at: Date | null;
  /** `missing` / `tail_missing`: how many entries are gone there. */
  missingEntries?: number;
  /** `unknown_key`: the data key id the entry names. */
  keyId?: string;
}

export interface AuditChainReport {
  intact: boolean;
  /** Chained entries checked (up to the break). */
  checked: number;
  /** The first and last seq of the chain as found (null when it is empty). */
  firstSeq: number | null;
  lastSeq: number | null;
  /**
   * The chain starts after seq 1: older entries were removed at the beginning (a clean cut, e.g. by retention). The
   * first entry's link to them cannot be checked; everything after it is.
   */
  startsAfterCut: boolean;
  /** Entries written before the chain began (no seq): not protected, only counted. */
  beforeChaining: number;
  /**
   * The end of the chain when intact. Kept outside the database (a ticket, the operations log), it also shows later
   * whether the newest entries were removed together with a rewind of the head record.
   */
  head: AuditChainHead | null;
  /** The first broken link; null when intact. */
  broken: AuditChainBreak | null;
}

const breakAt = (entry: ChainedAuditEvent, problem: AuditChainProblem, extra: Partial<AuditChainBreak> = {}): AuditChainBreak => ({
  problem,
  seq: entry.seq,
  id: entry.id,
  at: entry.at,
  ...extra,
});

/** The first problem of `entry` given the entry before it (null at the start of the chain). */
function checkEntry(deps: Pick<CoreDeps, "crypto">, entry: ChainedAuditEvent, previous: ChainedAuditEvent | null): AuditChainBreak | null {
  if (previous && entry.seq !== previous.seq + 1) return breakAt(entry, "missing", { missingEntries: entry.seq - previous.seq - 1 });
  const expectedPrev = previous ? previous.hash : entry.seq === 1 ? "" : null;
  if (expectedPrev !== null && entry.prevHash !== expectedPrev) return breakAt(entry, "relinked");
  const matches = hashMatches(deps.crypto, entry);
  if (matches === null) return breakAt(entry, "unknown_key", { keyId: entry.keyId });
  return matches ? null : breakAt(entry, "changed");
}

/**
 * Walks the whole audit chain (`lotse audit verify`) and reports the first broken link, or that it is intact. Entries
 * appended while it runs are checked too: the head is read after the walk, and the walk goes on until it reaches
 * that head (an append writes its entries and the head in one transaction, so all entries up to a head once read are
 * there to be found). Operators only: the command line of the installation.
 */
export async function verifyAuditChain(deps: CoreDeps, actor: Actor): Promise<AuditChainReport> {
  if (actor.kind !== "operator") throw forbidden(`${actor.kind} may not verify the audit chain`);
  const audit = deps.store.audit;
  const report: AuditChainReport = {
    intact: true,
    checked: 0,
    firstSeq: null,
    lastSeq: null,
    startsAfterCut: false,
    beforeChaining: await audit.countUnchained(),
    head: null,
    broken: null,
  };
  const fail = (broken: AuditChainBreak): AuditChainReport => ({ ...report, intact: false, broken });
  let previous: ChainedAuditEvent | null = null;
  /** The head read after the last round of the walk: all entries up to it were committed before this round read. */
  let head: AuditChainHead | null = null;
  for (;;) {
    let found = 0;
    for (;;) {
      const page = await audit.listChain(previous?.seq ?? 0, auditChainPageSize);
      for (const entry of page) {
        if (!previous) {
          report.firstSeq = entry.seq;
          report.startsAfterCut = entry.seq > 1;
        }
        const broken = checkEntry(deps, entry, previous);
        if (broken) return fail(broken);
        report.checked += 1;
        report.lastSeq = entry.seq;
        previous = entry;
      }
      found += page.length;
      if (page.length < auditChainPageSize) break;
    }
    const lastSeq = previous?.seq ?? 0;
    if (head && found === 0 && head.seq > lastSeq) {
      return fail({ problem: "tail_missing", seq: lastSeq + 1, id: null, at: null, missingEntries: head.seq - lastSeq });
    }
    head = await audit.chainHead();
    if (!head || head.seq < lastSeq || (head.seq === lastSeq && head.hash !== (previous?.hash ?? ""))) {
      return fail({ problem: "head_mismatch", seq: lastSeq, id: previous?.id ?? null, at: previous?.at ?? null });
    }
    // Done when the walk reached the head; otherwise one more round: entries appended meanwhile, or gone.
    if (head.seq === lastSeq) return { ...report, head };
  }
}
