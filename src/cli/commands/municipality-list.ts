import { operator } from "../../core/actor.ts";
import { listMunicipalities } from "../../core/setup/list-municipalities.ts";
import type { CliCommand } from "../command.ts";

export const municipalityListCommand: CliCommand = {
  path: ["municipality", "list"],
  summary: "list a tenant's municipalities: Integreat region, staff assigned and open cases (counts)",
  usage: "lotse municipality list --tenant ID [--json]",
  options: { tenant: { type: "string", description: "the tenant's id" } },
  async run(options, { deps }) {
    const municipalities = await listMunicipalities(deps, operator, { tenantId: options.tenant });
    return {
      json: municipalities,
      text:
        municipalities.length === 0
          ? `No municipalities yet. Add one: lotse municipality add --tenant ${String(options.tenant)} --name NAME`
          : municipalities
              .map((m) =>
                [
                  m.id,
                  m.name,
                  m.integreat ? `Integreat ${m.integreat.region}` : "no Integreat region",
                  `staff ${m.managers}`,
                  `open cases ${m.openCases}`,
                ].join("  "),
              )
              .join("\n"),
    };
  },
};
