import { operator } from "../../core/actor.ts";
import { listClientAudit } from "../../core/privacy/list-client-audit.ts";
import type { CliCommand } from "../command.ts";

export const auditCommand: CliCommand = {
  path: ["audit"],
  summary: "who read or changed what of a client, and when",
  usage: "lotse audit --client ID [--json]",
  options: {
    client: { type: "string", description: "the client's id" },
  },
  async run(options, { deps }) {
    const trail = await listClientAudit(deps, operator, { clientId: options.client });
    const width = Math.max(0, ...trail.events.map((e) => e.actorName.length));
    const lines = trail.events.map(
      (e) => `${e.at.toISOString()}  ${e.actorKind.padEnd(10)} ${e.actorName.padEnd(width)}  ${e.action.padEnd(26)} ${e.subjectKind} ${e.subjectId}`,
    );
    return {
      json: trail,
      text: trail.events.length === 0 ? `No audit records for client ${trail.clientId}.` : [`Audit trail of client ${trail.clientId}:`, ...lines].join("\n"),
    };
  },
};
