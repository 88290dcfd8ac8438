import { operator } from "../../core/actor.ts";
import { exportClientData } from "../../core/privacy/export-client-data.ts";
import type { ClientDataExport } from "../../core/privacy/model.ts";
import { clientOption, missingClient, unknownClient } from "../client-option.ts";
import { UsageError, type CliCommand } from "../command.ts";
import { outOption, writeOut } from "../out-file.ts";

function counts(data: ClientDataExport) {
  return {
    plans: data.plans.length,
    goals: data.plans.reduce((sum, plan) => sum + plan.goals.length, 0),
    steps: data.plans.reduce((sum, plan) => sum + plan.goals.reduce((n, goal) => n + goal.steps.length, 0), 0),
    appointments: data.appointments.length,
    contacts: data.contacts.length,
    referrals: data.referrals.length,
    escalations: data.escalations.length,
    handovers: data.handovers.length,
    checkIns: data.checkIns.length,
    consentRecords: data.consents.length,
    counsellingExtensions: data.counsellingExtensions.length,
    volunteerMatches: data.volunteerMatches.length,
    chatAccounts: data.chatAccounts.length,
    householdMembers: data.household.members.length,
  };
}

export const clientExportCommand: CliCommand = {
  path: ["client", "export"],
  summary: "a client's complete data export (DSGVO Art. 15/20, e.g. a written request): JSON, notes and sensitive fields included",
  usage: "lotse client export --client ID [--out FILE.json] [--json]",
  options: {
    client: { type: "string", description: "the client's id" },
    out: { type: "string", description: "write the export to this new file and print a summary (default: print the export)" },
  },
  async run(options, { deps }) {
    const clientId = clientOption(options.client);
    const out = await outOption(options.out);
    let data: ClientDataExport;
    try {
      data = await exportClientData(deps, operator, { clientId });
    } catch (error) {
      const missing = await missingClient(deps, clientId, error);
      if (!missing) throw error;
      if (missing.kind === "unknown") throw unknownClient(clientId);
      throw new UsageError(
        `--client: client ${clientId} was erased at ${missing.at.toISOString()}; no personal data is left to export (lotse audit --client ${clientId} lists what was done)`,
      );
    }
    const document = `${JSON.stringify(data, null, 2)}\n`;
    if (out === null) return { json: data, text: document.trimEnd() };

    await writeOut(out, document);
    const included = counts(data);
    const withNotes = data.notesIncluded
      ? `It includes the managers' notes${data.sensitiveIncluded ? " and health or residence details" : ""} where recorded: hand it over in person or by letter, never through a messenger.`
      : "It includes no notes.";
    return {
      json: {
        clientId: data.client.id,
        file: out,
        bytes: Buffer.byteLength(document),
        notesIncluded: data.notesIncluded,
        sensitiveIncluded: data.sensitiveIncluded,
        counts: included,
      },
      text: [
        `Export of client ${data.client.id} (${data.client.name}) written to ${out} (${Buffer.byteLength(document)} bytes, JSON, exported ${data.exportedAt}).`,
        withNotes,
        `Contents: ${Object.entries(included)
          .map(([what, count]) => `${what} ${count}`)
          .join(", ")}.`,
        `Who read or changed the data, and when: lotse audit --client ${data.client.id}`,
      ].join("\n"),
    };
  },
};
