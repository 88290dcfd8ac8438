import { operator } from "../../core/actor.ts";
import { addTenant } from "../../core/setup/add-tenant.ts";
import type { CliCommand } from "../command.ts";

export const tenantAddCommand: CliCommand = {
  path: ["tenant", "add"],
  summary: "add a tenant (an employer, Anstellungsträger)",
  usage: "lotse tenant add --name NAME [--timezone Europe/Berlin] [--json]",
  options: {
    name: { type: "string", description: "the employer's name" },
    timezone: { type: "string", description: "IANA time zone (default: LOTSE_TIMEZONE, which defaults to Europe/Berlin)" },
  },
  async run(options, { deps }) {
    const tenant = await addTenant(deps, operator, { name: options.name, timezone: options.timezone });
    return {
      json: { id: tenant.id, name: tenant.name, timezone: tenant.timezone },
      text: `Tenant ${tenant.name} added.\nid: ${tenant.id}`,
    };
  },
};
