import { operator } from "../../core/actor.ts";
import { verifyAuditChain, type AuditChainBreak, type AuditChainReport } from "../../core/audit/verify-audit-chain.ts";
import type { CliCommand } from "../command.ts";

const problemText: Record<AuditChainBreak["problem"], string> = {
  changed: "the entry was changed (its hash does not match its fields)",
  relinked: "the entry before it was changed or replaced (its link does not match)",
  missing: "entries before it were removed",
  tail_missing: "the newest entries were removed",
  head_mismatch: "the record of the chain's end was changed or removed",
  unknown_key: "its data key is not configured (add it to LOTSE_DATA_KEYS_OLD to check it)",
};

function breakText(broken: AuditChainBreak): string {
  const where = [`seq ${broken.seq}`, broken.id ? `id ${broken.id}` : null, broken.at ? `at ${broken.at.toISOString()}` : null].filter(Boolean).join(", ");
  const extra = [
    broken.missingEntries !== undefined ? `${broken.missingEntries} entr${broken.missingEntries === 1 ? "y" : "ies"} missing` : null,
    broken.keyId ? `key ${broken.keyId}` : null,
  ].filter(Boolean);
  // A key that is not configured is a set-up problem, not a sign of tampering: say "cannot check".
  const verdict = broken.problem === "unknown_key" ? "CANNOT CHECK from" : "BROKEN at";
  return `${verdict} ${where}: ${problemText[broken.problem]}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}

function reportText(report: AuditChainReport): string {
  const lines = [
    report.broken
      ? breakText(report.broken)
      : `intact: ${report.checked} entr${report.checked === 1 ? "y" : "ies"}${report.firstSeq === null ? "" : ` (seq ${report.firstSeq}–${report.lastSeq})`}`,
  ];
  if (report.broken) lines.push(`checked before the break: ${report.checked}`);
  if (report.startsAfterCut) lines.push(`the chain starts at seq ${report.firstSeq}: older entries were removed (a clean cut at the beginning)`);
  if (report.beforeChaining > 0) lines.push(`before chaining: ${report.beforeChaining} older entries (not protected)`);
  if (report.head) lines.push(`head: seq ${report.head.seq}, hash ${report.head.hash || "-"} (keep it to compare later)`);
  return lines.join("\n");
}

export const auditVerifyCommand: CliCommand = {
  path: ["audit", "verify"],
  summary: "check that no audit entry was changed or removed (exit 1 when broken, 2 when a data key to check it is missing)",
  usage: "lotse audit verify [--json]",
  options: {},
  async run(_options, { deps }) {
    const report = await verifyAuditChain(deps, operator);
    const exitCode = report.intact ? 0 : report.broken?.problem === "unknown_key" ? 2 : 1;
    return { json: report, text: reportText(report), exitCode };
  },
};
