import { operator } from "../../core/actor.ts";
import { eraseClient, type ErasedClient } from "../../core/privacy/erase-client.ts";
import { clientOption, missingClient, unknownClient } from "../client-option.ts";
import { UsageError, type CliCommand } from "../command.ts";

/** What `eraseClient` does (src/core/privacy/erase-client.ts), in the words of the output. */
const erasedParts = [
  'the name (now "—"); when nobody of the household is left, the household label and the household plan\'s texts',
  "the assessment (health and residence details included) and the counselling extensions",
  "notes of contacts, handovers, plan steps and plan versions, and the client's answers to appointments",
  "goal texts, own step texts, step parameters, referral names, places of appointments with nobody else",
  "chat accounts (deactivated, their ids replaced); pending messages cancelled, sent ones emptied of names",
  "open requests and alerts resolved, active volunteer matches ended, upcoming appointments with nobody else cancelled",
];

const kept = "Kept without personal data: ids, times and counts for the figures, the consent ledger and the audit trail.";

export const clientEraseCommand: CliCommand = {
  path: ["client", "erase"],
  summary: "erase a client's personal data now (DSGVO Art. 17, e.g. a written request); needs --yes",
  usage: "lotse client erase --client ID --yes [--json]",
  options: {
    client: { type: "string", description: "the client's id" },
    yes: { type: "boolean", description: "confirm: erase now, without the 30-day objection period; cannot be undone" },
  },
  async run(options, { deps }) {
    const clientId = clientOption(options.client);
    // An unknown id is named first: asking to confirm the erasure of nobody would mislead.
    if (!(await deps.store.clients.get(clientId))) throw unknownClient(clientId);
    if (options.yes !== true) {
      throw new UsageError(
        `--yes is required: this erases the personal data of client ${clientId} now (name, assessment, notes, texts about them, chat accounts), closes the case and cannot be undone`,
      );
    }
    let erased: ErasedClient;
    try {
      erased = await eraseClient(deps, operator, { clientId });
    } catch (error) {
      const missing = await missingClient(deps, clientId, error);
      if (!missing) throw error;
      if (missing.kind === "unknown") throw unknownClient(clientId);
      return {
        json: { clientId, anonymizedAt: missing.at, alreadyErased: true },
        text: `Client ${clientId} was erased already at ${missing.at.toISOString()}; nothing to do.`,
      };
    }
    return {
      json: { ...erased, alreadyErased: false },
      text: [
        `Client ${erased.clientId} erased at ${erased.anonymizedAt.toISOString()}; the case is closed. Removed:`,
        ...erasedParts.map((part) => `  - ${part}`),
        kept,
        `The erasure is in the audit trail: lotse audit --client ${erased.clientId}`,
      ].join("\n"),
    };
  },
};
