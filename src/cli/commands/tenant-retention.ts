import { operator } from "../../core/actor.ts";
import { setRetentionDays } from "../../core/privacy/set-retention-days.ts";
import type { CliCommand } from "../command.ts";

export const tenantRetentionCommand: CliCommand = {
  path: ["tenant", "retention"],
  summary: "show or set how long a tenant's closed cases are kept before they are anonymised",
  usage: "lotse tenant retention --tenant ID [--days N|default] [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id (lotse tenant list)" },
    days: { type: "string", description: 'days after a case closed, 30 to 3650 ("default" for LOTSE_RETENTION_DAYS)' },
  },
  async run(options, { deps, retentionDays }) {
    const result = await setRetentionDays(deps, operator, { tenantId: options.tenant, days: options.days }, retentionDays);
    const source = result.isDefault ? " (the installation's default, LOTSE_RETENTION_DAYS)" : " (this tenant's own)";
    return {
      json: result,
      text: `${result.changed ? "Saved. " : ""}Closed cases are anonymised ${result.days} days after closing${source}.`,
    };
  },
};
