import { operator } from "../../core/actor.ts";
import { changeStaffRole } from "../../core/setup/change-staff-role.ts";
import { managerRoles, qualifications } from "../../core/shared/values.ts";
import { UsageError, type CliCommand } from "../command.ts";

const roleText = (change: { role: string; qualification: string | null }) => `role ${change.role}, qualification ${change.qualification ?? "none"}`;

export const managerSetCommand: CliCommand = {
  path: ["manager", "set"],
  summary: "change a staff member's role and/or qualification (audited; the chat follows at their next message)",
  usage: `lotse manager set --manager ID [--role ${managerRoles.join("|")}] [--qualification ${[...qualifications, "none"].join("|")}] [--json]`,
  options: {
    manager: { type: "string", description: "the staff member's id" },
    role: { type: "string", description: "manager, supervisor or admin" },
    qualification: { type: "string", description: "a, b or c (section 1.4 of the Pakt für Integration), or none" },
  },
  async run(options, { deps }) {
    if (options.role === undefined && options.qualification === undefined) throw new UsageError("give --role or --qualification (or both)");
    const change = await changeStaffRole(deps, operator, { managerId: options.manager, role: options.role, qualification: options.qualification });
    return {
      json: change,
      text: change.changed
        ? `${change.name}: ${roleText(change)} (was ${roleText(change.previous)}). Their chat follows at their next message.`
        : `${change.name} has ${roleText(change)} already: nothing changed.`,
    };
  },
};
