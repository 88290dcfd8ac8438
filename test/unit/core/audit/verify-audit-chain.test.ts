import { describe, expect, it } from "vitest";
import { operator, system, type Actor } from "../../../../src/core/actor.ts";
import { chainText } from "../../../../src/core/audit/chain.ts";
import type { AuditEvent, ChainedAuditEvent } from "../../../../src/core/audit/model.ts";
import { recordAudit } from "../../../../src/core/audit/record-audit.ts";
import { auditChainPageSize, verifyAuditChain } from "../../../../src/core/audit/verify-audit-chain.ts";
import { reversibleCrypto, TEST_MAC_KEY_ID } from "../../../fakes/reversible-crypto.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError } from "../../../support/seed-appointments.ts";

const eva: Actor = { kind: "staff", managerId: "eva", tenantId: "t1", role: "manager" };

/** `count` audit entries, one a minute, as use cases write them (outside and, unless `quick`, inside transactions). */
async function recordSome(core: TestCore, count: number, quick = false): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const subject = { action: "client.read", subjectKind: "client", subjectId: `c${i}`, tenantId: "t1", clientId: `c${i}` };
    if (quick || i % 2 === 0) await recordAudit(core.deps, core.store, eva, subject);
    else await core.store.transaction((repositories) => recordAudit(core.deps, repositories, eva, subject));
    core.clock.advance(60_000);
  }
}

const chained = (core: TestCore): ChainedAuditEvent[] => core.store.state.audit.filter((e): e is ChainedAuditEvent => "seq" in e);
const entry = (core: TestCore, seq: number): ChainedAuditEvent => {
  const found = chained(core).find((e) => e.seq === seq);
  if (!found) throw new Error(`no entry ${seq}`);
  return found;
};
const remove = (core: TestCore, seq: number) => {
  core.store.state.audit = core.store.state.audit.filter((e) => !("seq" in e) || e.seq !== seq);
};

describe("the audit chain", () => {
  it("links each entry to the one before: seq after seq, a MAC over the hash before it and the entry's fields", async () => {
    const core = testCore();
    await recordSome(core, 3);
    const [first, second, third] = chained(core);
    expect([first?.seq, second?.seq, third?.seq]).toEqual([1, 2, 3]);
    expect(first?.prevHash).toBe("");
    expect(second?.prevHash).toBe(first?.hash);
    expect(third?.prevHash).toBe(second?.hash);
    expect(third?.keyId).toBe(TEST_MAC_KEY_ID);
    expect(third?.hash).toBe(reversibleCrypto.macWith(TEST_MAC_KEY_ID, chainText(third as AuditEvent, { seq: 3, prevHash: second?.hash ?? "" })));
    expect(core.store.state.auditHead).toEqual({ seq: 3, hash: third?.hash });
  });

  it("is reported intact with the count, the seq range and the head", async () => {
    const core = testCore();
    await recordSome(core, 5);
    expect(await verifyAuditChain(core.deps, operator)).toEqual({
      intact: true,
      checked: 5,
      firstSeq: 1,
      lastSeq: 5,
      startsAfterCut: false,
      beforeChaining: 0,
      head: { seq: 5, hash: entry(core, 5).hash },
      broken: null,
    });
  });

  it("an empty chain is intact", async () => {
    const core = testCore();
    expect(await verifyAuditChain(core.deps, operator)).toMatchObject({ intact: true, checked: 0, firstSeq: null, head: { seq: 0, hash: "" } });
  });

  it("walks a chain longer than a page", async () => {
    const core = testCore();
    await recordSome(core, auditChainPageSize * 2 + 3, true);
    expect(await verifyAuditChain(core.deps, operator)).toMatchObject({ intact: true, checked: auditChainPageSize * 2 + 3 });
    entry(core, auditChainPageSize + 7).actorId = "someone";
    expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ problem: "changed", seq: auditChainPageSize + 7 });
  });

  it("a changed field (the action) is reported at that entry, with its id and time", async () => {
    const core = testCore();
    await recordSome(core, 5);
    const changed = entry(core, 3);
    changed.action = "client.create";
    const report = await verifyAuditChain(core.deps, operator);
    expect(report).toMatchObject({ intact: false, checked: 2, head: null });
    expect(report.broken).toEqual({ problem: "changed", seq: 3, id: changed.id, at: changed.at });
  });

  it("a changed time, seq or hash is reported too; a hash made without the key does not help", async () => {
    for (const tamper of [
      (e: ChainedAuditEvent) => void (e.at = new Date(e.at.getTime() - 1)),
      (e: ChainedAuditEvent) => void (e.clientId = null),
      (e: ChainedAuditEvent) => void (e.hash = reversibleCrypto.digest(chainText({ ...e, action: "x" }, e))),
    ]) {
      const core = testCore();
      await recordSome(core, 4);
      tamper(entry(core, 2));
      expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ seq: 2 });
    }
  });

  it("a removed entry in the middle is reported at the entry after it", async () => {
    const core = testCore();
    await recordSome(core, 5);
    remove(core, 3);
    const report = await verifyAuditChain(core.deps, operator);
    expect(report).toMatchObject({ intact: false, checked: 2 });
    expect(report.broken).toEqual({ problem: "missing", seq: 4, id: entry(core, 4).id, at: entry(core, 4).at, missingEntries: 1 });
  });

  it("an entry replaced by another, renumbered one is reported where the link breaks", async () => {
    const core = testCore();
    await recordSome(core, 5);
    remove(core, 3);
    const fourth = entry(core, 4);
    fourth.seq = 3; // renumbered to close the gap: its MAC covers its seq, and its link is to the removed entry
    expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ problem: "relinked", seq: 3, id: fourth.id });
  });

  it("removed newest entries are reported: the chain ends before the head", async () => {
    const core = testCore();
    await recordSome(core, 5);
    remove(core, 5);
    remove(core, 4);
    expect((await verifyAuditChain(core.deps, operator)).broken).toEqual({ problem: "tail_missing", seq: 4, id: null, at: null, missingEntries: 2 });
  });

  it("a head that was changed or removed is reported", async () => {
    const core = testCore();
    await recordSome(core, 3);
    core.store.state.auditHead = { seq: 2, hash: entry(core, 2).hash };
    expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ problem: "head_mismatch", seq: 3 });
    core.store.state.auditHead = null;
    expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ problem: "head_mismatch" });
  });

  it("a clean cut at the beginning (the oldest entries removed) is intact, and said so", async () => {
    const core = testCore();
    await recordSome(core, 5);
    remove(core, 1);
    remove(core, 2);
    expect(await verifyAuditChain(core.deps, operator)).toMatchObject({ intact: true, checked: 3, firstSeq: 3, lastSeq: 5, startsAfterCut: true });
  });

  it("entries written before the chain began are counted, not checked", async () => {
    const core = testCore();
    core.store.state.audit.push({
      id: "old",
      tenantId: "t1",
      actorKind: "manager",
      actorId: "eva",
      action: "client.read",
      subjectKind: "client",
      subjectId: "c0",
      clientId: "c0",
      at: new Date("2026-01-01T00:00:00Z"),
    });
    await recordSome(core, 2);
    expect(await verifyAuditChain(core.deps, operator)).toMatchObject({ intact: true, checked: 2, firstSeq: 1, beforeChaining: 1 });
    expect(await core.store.audit.listForClient("c0")).toHaveLength(2);
  });

  it("an entry whose data key is not configured cannot be checked: not intact, with the key named", async () => {
    const core = testCore();
    await recordSome(core, 3);
    entry(core, 2).keyId = "retired1";
    expect((await verifyAuditChain(core.deps, operator)).broken).toMatchObject({ problem: "unknown_key", seq: 2, keyId: "retired1" });
  });

  it("is for operators only", async () => {
    const core = testCore();
    for (const actor of [eva, system, { ...eva, role: "admin" } as Actor]) await expectDomainError(verifyAuditChain(core.deps, actor), "forbidden");
  });
});
