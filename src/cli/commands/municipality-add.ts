import { operator } from "../../core/actor.ts";
import { addMunicipality } from "../../core/setup/add-municipality.ts";
import type { CliCommand } from "../command.ts";

export const municipalityAddCommand: CliCommand = {
  path: ["municipality", "add"],
  summary: "add a municipality served by a tenant",
  usage: "lotse municipality add --tenant ID --name NAME [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    name: { type: "string", description: "the municipality's name" },
  },
  async run(options, { deps }) {
    const municipality = await addMunicipality(deps, operator, { tenantId: options.tenant, name: options.name });
    return {
      json: { id: municipality.id, tenantId: municipality.tenantId, name: municipality.name },
      text: `Municipality ${municipality.name} added.\nid: ${municipality.id}`,
    };
  },
};
