import { operator } from "../../core/actor.ts";
import { listStaff, type StaffMember } from "../../core/setup/list-staff.ts";
import type { CliCommand } from "../command.ts";

const line = (m: StaffMember): string =>
  [
    m.id,
    m.name,
    m.role,
    `qualification ${m.qualification ?? "none"}`,
    m.active ? "active" : "deactivated",
    `municipalities: ${m.municipalities.length > 0 ? m.municipalities.join(", ") : "none"}`,
    `open cases: ${m.openCases.primary} primary, ${m.openCases.shared} shared`,
    `chats: ${Object.entries(m.chatAccounts)
      .map(([channel, count]) => `${channel} ${count}`)
      .join(", ")}`,
  ].join("  ");

export const managerListCommand: CliCommand = {
  path: ["manager", "list"],
  summary: "list a tenant's staff: role, qualification, active, municipalities, open cases, linked chats (counts)",
  usage: "lotse manager list --tenant ID [--json]",
  options: { tenant: { type: "string", description: "the tenant's id" } },
  async run(options, { deps }) {
    const list = await listStaff(deps, operator, { tenantId: options.tenant });
    const mix = list.qualificationMix;
    return {
      json: list.staff,
      text:
        list.staff.length === 0
          ? `${list.tenantName} has no staff yet. Add someone: lotse manager add --tenant ${list.tenantId} --name NAME`
          : [
              `Staff of ${list.tenantName} (${list.staff.length}):`,
              ...list.staff.map(line),
              `Qualification mix (active integration managers): a ${mix.a}, b ${mix.b}, c ${mix.c}, none ${mix.none}`,
            ].join("\n"),
    };
  },
};
