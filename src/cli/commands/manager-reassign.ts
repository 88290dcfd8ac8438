import { operator } from "../../core/actor.ts";
import { reassignCaseload, type ReassignedCaseload, type ReassignedClient } from "../../core/handover/reassign-caseload.ts";
import type { CliCommand } from "../command.ts";

const skipReasons: Record<string, string> = {
  closed: "the case is closed",
  not_theirs: "not one of their cases",
  not_found: "no such client any more",
};

function outcomeText(client: ReassignedClient, fromName: string): string {
  switch (client.outcome) {
    case "handed_over":
      return `handed over${client.clientNotified ? " (client told)" : " (client not told: no messaging consent)"}`;
    case "unshared":
      return `no longer shared with ${fromName} (the primary manager stays)`;
    case "skipped":
      return `skipped: ${skipReasons[client.reason] ?? client.reason.replaceAll("_", " ")}`;
  }
}

/** Case by case what happened, and the counts. */
export function reassignedText(result: ReassignedCaseload): string {
  const count = (outcome: ReassignedClient["outcome"]) => result.clients.filter((c) => c.outcome === outcome).length;
  const summary = `Handed over ${count("handed_over")}, no longer shared ${count("unshared")}, skipped ${count("skipped")}.`;
  if (result.clients.length === 0) return `${result.from.name} has no open cases: nothing to reassign.`;
  return [`From ${result.from.name} to ${result.to.name}:`, ...result.clients.map((c) => `  ${c.clientId}  ${outcomeText(c, result.from.name)}`), summary].join(
    "\n",
  );
}

export const managerReassignCommand: CliCommand = {
  path: ["manager", "reassign"],
  summary: "hand a staff member's open cases to another (each a normal handover: the client and the new manager are told)",
  usage: "lotse manager reassign --from ID --to ID [--client ID]... [--note TEXT] [--json]",
  options: {
    from: { type: "string", description: "the staff member whose cases go" },
    to: { type: "string", description: "the staff member who takes them over" },
    client: { type: "string", multiple: true, description: "only this client (repeatable); all open cases when left out" },
    note: { type: "string", description: "the handover note for the new manager (stored encrypted)" },
  },
  async run(options, { deps }) {
    const result = await reassignCaseload(deps, operator, {
      fromManagerId: options.from,
      toManagerId: options.to,
      clientIds: options.client,
      note: options.note,
    });
    return { json: result, text: reassignedText(result) };
  },
};
