import { operator } from "../../core/actor.ts";
import { addManager } from "../../core/setup/add-manager.ts";
import type { CliCommand } from "../command.ts";
import { describeInvite } from "../invite-link.ts";

export const managerAddCommand: CliCommand = {
  path: ["manager", "add"],
  summary: "add a manager, supervisor or tenant admin and print a one-time invite",
  usage:
    "lotse manager add --tenant ID --name NAME [--municipality ID]... [--role manager|supervisor|admin] [--qualification a|b|c] [--aad OBJECT_ID] [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id" },
    name: { type: "string", description: "the person's name" },
    municipality: { type: "string", multiple: true, description: "a municipality they work for (repeatable)" },
    role: { type: "string", description: "manager (default), supervisor or admin" },
    qualification: { type: "string", description: "a, b or c (section 1.4 of the Pakt für Integration)" },
    aad: { type: "string", description: "Entra object id, to link in Teams without a code" },
  },
  async run(options, { deps }) {
    const { manager, invite } = await addManager(deps, operator, {
      tenantId: options.tenant,
      name: options.name,
      municipalityIds: options.municipality ?? [],
      role: options.role,
      qualification: options.qualification,
      aadObjectId: options.aad,
    });
    const described = await describeInvite(deps.store.settings, invite);
    return {
      json: {
        id: manager.id,
        tenantId: manager.tenantId,
        name: manager.name,
        role: manager.role,
        qualification: manager.qualification,
        municipalityIds: manager.municipalityIds,
        invite: described.json,
      },
      text: `${manager.role} ${manager.name} added.\nid: ${manager.id}\n${described.text}`,
    };
  },
};
